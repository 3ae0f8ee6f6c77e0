import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src';
import {
  createDb,
  createOperationsRepository,
  createVariantsRepository,
  dropDatabase,
  media,
  models,
  runMigrations,
} from '../src';
import { freshDatabaseConfig } from './support/database';

/** Ten variant files of one media version, as the worker renders them. */
const variantsOf = (mediaId: number) =>
  ['thumb', 'sm', 'md', 'lg', 'xl'].flatMap((preset) =>
    ['webp', 'jpeg'].map((format) => ({
      preset,
      format,
      width: 100,
      height: 100,
      bytes: 1000,
      storageKey: `variants/1/${mediaId}/0/${preset}.${format === 'jpeg' ? 'jpg' : format}`,
    })),
  );

describe('media processing runs from several workers at once (scale-out)', () => {
  const config = freshDatabaseConfig();
  let handle: DbHandle;
  let repositories: {
    variants: ReturnType<typeof createVariantsRepository>;
    operations: ReturnType<typeof createOperationsRepository>;
  };
  let ids: number[] = [];

  beforeAll(async () => {
    await runMigrations(config);
    handle = createDb(config);
    repositories = {
      variants: createVariantsRepository(handle.db),
      operations: createOperationsRepository(handle.db),
    };
    const [model] = await handle.db
      .insert(models)
      .values({ slug: 'runs', displayName: 'Runs' })
      .$returningId();
    const values = Array.from({ length: 60 }, (_, index) => {
      const sha256 = createHash('sha256').update(`runs-${index}`).digest('hex');
      return {
        modelId: model?.id ?? 0,
        originalFilename: `${index}.jpg`,
        mimeType: 'image/jpeg',
        bytes: 1000,
        sha256,
        storageKey: `originals/1/${sha256.slice(0, 2)}/${sha256}.jpg`,
      };
    });
    ids = (await handle.db.insert(media).values(values).$returningId()).map((row) => row.id);
  });
  afterAll(async () => {
    await handle?.close();
    await dropDatabase(config);
  });

  it('stores the variant rows of neighbouring media concurrently without deadlocks', async () => {
    // Two workers finishing media N and N+1 at the same moment, thirty times over.
    const outcomes = [];
    for (let n = 0; n + 1 < ids.length; n += 2) {
      const pair = [ids[n] ?? 0, ids[n + 1] ?? 0];
      outcomes.push(
        ...(await Promise.allSettled(pair.map((id) => repositories.variants.replace(id, 0, variantsOf(id))))),
      );
    }
    const failures = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [String((outcome.reason as Error).cause ?? outcome.reason)] : [],
    );
    expect(failures).toEqual([]);
    // A rerun replaces, never duplicates.
    await repositories.variants.replace(ids[0] ?? 0, 0, variantsOf(ids[0] ?? 0).slice(0, 4));
    expect(await repositories.variants.keysOf(ids[0] ?? 0, 0)).toHaveLength(4);
  });

  it('records a run taken over from a dead worker in the run it started, not in a second one', async () => {
    const id = ids[0] ?? 0;
    const first = await repositories.operations.start(id, 'process', `media-process-${id}-v0`, {});
    // The worker died here; another takes the same job over.
    const takenOver = await repositories.operations.start(id, 'process', `media-process-${id}-v0`, {});
    expect(takenOver).toBe(first);
    await repositories.operations.finish(takenOver, { status: 'failed', processingMs: 5 });
    // A retry after a recorded failure is a run of its own.
    const retry = await repositories.operations.start(id, 'process', `media-process-${id}-v0`, {});
    expect(retry).not.toBe(first);
  });
});

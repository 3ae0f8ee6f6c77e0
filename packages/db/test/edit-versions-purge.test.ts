import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database, DbHandle } from '../src';
import {
  createDb,
  createEditsRepository,
  dropDatabase,
  media,
  mediaEdits,
  models,
  runMigrations,
} from '../src';
import { freshDatabaseConfig } from './support/database';

/**
 * The same database, with `afterFirstQuery` run once the first select has answered: another worker's job changing
 * the rows between two queries of one repository call.
 */
function interleaved(db: Database, afterFirstQuery: () => Promise<void>): Database {
  let selects = 0;
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'select') return Reflect.get(target, property, receiver);
      return (...args: Parameters<Database['select']>) => {
        const builder = target.select(...args);
        selects += 1;
        if (selects === 1) {
          const from = builder.from.bind(builder);
          builder.from = ((...source: Parameters<typeof from>) => {
            const query = from(...source);
            const execute = query.execute.bind(query);
            query.execute = async (...options: Parameters<typeof execute>) => {
              const rows = await execute(...options);
              await afterFirstQuery();
              return rows;
            };
            return query;
          }) as typeof from;
        }
        return builder;
      };
    },
  });
}

describe('which edit versions lose their files (the newest 10 rendered keep them)', () => {
  const config = freshDatabaseConfig();
  let handle: DbHandle;
  let mediaId = 0;
  const item = () => ({ id: mediaId, currentVersion: 12, publicVersion: 0 });
  const setStatus = async (version: number, status: 'rendering' | 'ready') => {
    await handle.db
      .update(mediaEdits)
      .set({ status })
      .where(and(eq(mediaEdits.mediaId, mediaId), eq(mediaEdits.version, version)));
  };

  beforeAll(async () => {
    await runMigrations(config);
    handle = createDb(config);
    const [model] = await handle.db
      .insert(models)
      .values({ slug: 'purge', displayName: 'Purge' })
      .$returningId();
    const [row] = await handle.db
      .insert(media)
      .values({
        modelId: model?.id ?? 0,
        originalFilename: 'a.jpg',
        mimeType: 'image/jpeg',
        bytes: 1000,
        sha256: 'a'.repeat(64),
        storageKey: `originals/1/aa/${'a'.repeat(64)}.jpg`,
      })
      .$returningId();
    mediaId = row?.id ?? 0;
    await handle.db.insert(mediaEdits).values(
      Array.from({ length: 13 }, (_, version) => ({
        mediaId,
        version,
        operations: [],
        status: 'ready' as const,
      })),
    );
  });
  beforeEach(async () => {
    // Versions 0–12 saved; 9 still rendering (a newer one overtook it: two jobs at once).
    await handle.db.update(mediaEdits).set({ status: 'ready' }).where(eq(mediaEdits.mediaId, mediaId));
    await setStatus(9, 'rendering');
  });
  afterAll(async () => {
    await handle?.close();
    await dropDatabase(config);
  });

  it('purges only versions older than the newest 10 rendered, never the public or a rendering one', async () => {
    // Rendered: 0–8 and 10–12. The newest 10 of them reach down to 2; 0 is public.
    expect(await createEditsRepository(handle.db).purgeable(item())).toEqual([1]);
  });

  it('keeps a version another job marks rendered while it decides', async () => {
    const edits = createEditsRepository(interleaved(handle.db, () => setStatus(9, 'ready')));
    expect(await edits.purgeable(item())).toEqual([1]);
  });

  it('purges nothing while fewer than 10 versions are rendered', async () => {
    for (const version of [3, 4, 5]) await setStatus(version, 'rendering');
    expect(await createEditsRepository(handle.db).purgeable(item())).toEqual([]);
  });
});

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src';
import {
  createDb,
  createMediaRepository,
  createPublicationRepository,
  dropDatabase,
  media,
  models,
  runMigrations,
} from '../src';
import { freshDatabaseConfig } from './support/database';

/**
 * mysql2 compiles a row parser per distinct set of result column names and keeps it (up to 15,000, each with the
 * values of the query that made it). A selected expression without an alias is named after its text, values
 * included: such a statement compiles and keeps a parser per request. The public gallery's model-with-boundary
 * read did (its `now`), and so did the near-duplicate distance (the hash): a new parser per public cache miss.
 */
describe('selected columns are named by alias, never by their text', () => {
  const config = freshDatabaseConfig();
  let handle: DbHandle;
  let modelId: number;
  let mediaId: number;
  const queries: { sql: string; params: unknown[] }[] = [];

  beforeAll(async () => {
    await runMigrations(config);
    handle = createDb(config, { logQuery: (sql, params) => queries.push({ sql, params }) });
    const [model] = await handle.db
      .insert(models)
      .values({ slug: 'column-names', displayName: 'Column names' })
      .$returningId();
    modelId = model?.id ?? 0;
    const sha256 = createHash('sha256').update('column-names').digest('hex');
    const [row] = await handle.db
      .insert(media)
      .values({
        modelId,
        originalFilename: 'photo.jpg',
        mimeType: 'image/jpeg',
        bytes: 1000,
        sha256,
        storageKey: `originals/${modelId}/${sha256}.jpg`,
        processingStatus: 'ready',
        moderationStatus: 'approved',
        publicVersion: 0,
        phash: '0123456789abcdef',
        publishUntil: new Date(Date.now() + 86_400_000),
      })
      .$returningId();
    mediaId = row?.id ?? 0;
  });

  afterAll(async () => {
    await handle?.close();
    await dropDatabase(config);
  });

  /** The column names MariaDB gives each statement the calls sent (sent again, as they were). */
  async function columnNamesOf(calls: () => Promise<unknown>): Promise<string[][]> {
    queries.length = 0;
    await calls();
    const names: string[][] = [];
    for (const query of queries.filter((sent) => /^\s*select/i.test(sent.sql))) {
      const [, fields] = await handle.pool.query(query.sql, query.params);
      names.push((fields ?? []).map((field) => field.name));
    }
    return names;
  }

  it('reads the public page, the model with its window boundary and near-duplicates under plain names', async () => {
    const publication = createPublicationRepository(handle.db);
    const library = createMediaRepository(handle.db);
    const read = (now: Date, phash: string) => async () => {
      await publication.modelWithBoundary('column-names', now);
      await publication.galleryPage(modelId, { limit: 10, now });
      await library.similar(modelId, mediaId + 1, phash, 10);
      await library.nearDuplicates(modelId, mediaId + 1, phash, 10, 5);
    };
    const first = await columnNamesOf(read(new Date(), '0123456789abcdee'));
    const second = await columnNamesOf(read(new Date(Date.now() + 1234), '0123456789abcdec'));
    expect(first.length).toBe(4);
    expect(second).toEqual(first);
    for (const name of first.flat()) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });
});

import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src';
import { createDb, defaultModelSettings, dropDatabase, eq, media, models, runMigrations, sql } from '../src';
import { freshDatabaseConfig } from './support/database';

const sha = (char: string) => char.repeat(64);

describe('schema on the real database', () => {
  let config: DatabaseConfig;
  let handle: DbHandle;

  beforeAll(async () => {
    config = freshDatabaseConfig();
    await runMigrations(config);
    handle = createDb(config, { connectionLimit: 2 });
  });
  afterAll(async () => {
    await handle?.close();
    await dropDatabase(config);
  });

  async function createModel(slug: string): Promise<number> {
    const [row] = await handle.db.insert(models).values({ slug, displayName: slug }).$returningId();
    if (!row) throw new Error('insert returned no id');
    return row.id;
  }

  const upload = (modelId: number, hash: string) => ({
    modelId,
    originalFilename: 'a.jpg',
    mimeType: 'image/jpeg',
    bytes: 1234,
    sha256: hash,
    storageKey: `originals/${modelId}/${hash.slice(0, 2)}/${hash}.jpg`,
  });

  it('rejects the same sha256 twice in one model, and allows it in another', async () => {
    const anna = await createModel('schema-anna');
    const ben = await createModel('schema-ben');
    await handle.db.insert(media).values(upload(anna, sha('a')));
    await expect(handle.db.insert(media).values(upload(anna, sha('a')))).rejects.toMatchObject({
      cause: { code: 'ER_DUP_ENTRY' },
    });
    await handle.db.insert(media).values(upload(ben, sha('a')));
    const [counted] = await handle.db
      .select({ n: sql<number>`count(*)` })
      .from(media)
      .where(eq(media.sha256, sha('a')));
    expect(Number(counted?.n)).toBe(2);
  });

  it('fills defaults: settings JSON read back as an object, statuses, UTC timestamps', async () => {
    const before = Date.now();
    const id = await createModel('schema-defaults');
    const [model] = await handle.db.select().from(models).where(eq(models.id, id));
    const after = Date.now();
    expect(model?.settings).toEqual(defaultModelSettings);
    expect(model?.archivedAt).toBeNull();
    // The session runs in UTC, so the server's CURRENT_TIMESTAMP(3) reads back as the current instant.
    expect(model?.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(model?.createdAt.getTime()).toBeLessThanOrEqual(after);

    await handle.db.insert(media).values(upload(id, sha('b')));
    const [row] = await handle.db.select().from(media).where(eq(media.modelId, id));
    expect(row).toMatchObject({
      processingStatus: 'uploaded',
      moderationStatus: 'pending',
      currentVersion: 0,
    });
    expect(row?.deletedAt).toBeNull();
  });

  it('sets every pooled session to UTC', async () => {
    const [rows] = await handle.pool.query('SELECT @@session.time_zone AS tz');
    expect(rows).toEqual([{ tz: '+00:00' }]);
  });
});

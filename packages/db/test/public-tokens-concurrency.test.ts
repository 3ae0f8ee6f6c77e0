import { createHash } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src';
import {
  and,
  createDb,
  createPublicationRepository,
  dropDatabase,
  inArray,
  isNull,
  media,
  models,
  publicTokens,
  runMigrations,
} from '../src';
import { freshDatabaseConfig } from './support/database';

/**
 * The public gallery issues an item's token when it first lists it (`tokensFor`), while other transactions write
 * rows naming the model and its items: saving an edit counts it in `media_analytics` (foreign keys to the media and
 * to the model, whose checks take shared locks on both parent rows), and so do the analytics flush and audit
 * entries. The soak trial saw the gallery answer 500 ("Deadlock found when trying to get lock") when issuing tokens
 * locked the model's row for update along with the items'.
 */
describe('issuing public tokens beside transactions that reference the model', () => {
  const config = freshDatabaseConfig();
  let handle: DbHandle;
  let modelId: number;
  let ids: number[];

  beforeAll(async () => {
    await runMigrations(config);
    handle = createDb(config);
    const [model] = await handle.db
      .insert(models)
      .values({ slug: 'tokens-race', displayName: 'Tokens race' })
      .$returningId();
    modelId = model?.id ?? 0;
    const rows = Array.from({ length: 12 }, (_, index) => {
      const sha256 = createHash('sha256').update(`tokens-${index}`).digest('hex');
      return {
        modelId,
        originalFilename: `photo-${index}.jpg`,
        mimeType: 'image/jpeg',
        bytes: 1000,
        sha256,
        storageKey: `originals/${modelId}/${sha256.slice(0, 2)}/${sha256}.jpg`,
        processingStatus: 'ready' as const,
        moderationStatus: 'approved' as const,
        publicVersion: 0,
      };
    });
    ids = (await handle.db.insert(media).values(rows).$returningId()).map((row) => row.id);
  });

  afterAll(async () => {
    await handle?.close();
    await dropDatabase(config);
  });

  const items = (subset: number[]) => subset.map((id) => ({ id, publicVersion: 0 }));
  const revokeAll = () =>
    handle.db
      .update(publicTokens)
      .set({ revokedAt: new Date() })
      .where(and(inArray(publicTokens.mediaId, ids), isNull(publicTokens.revokedAt)));
  const liveTokens = () =>
    handle.db
      .select({ mediaId: publicTokens.mediaId })
      .from(publicTokens)
      .where(and(inArray(publicTokens.mediaId, ids), isNull(publicTokens.revokedAt)));

  /** Transactions of this test database waiting for a lock right now. */
  async function lockWaits(): Promise<number> {
    const [rows] = await handle.pool.query<mysql.RowDataPacket[]>(
      `SELECT COUNT(*) AS n FROM information_schema.INNODB_TRX t
         JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
        WHERE p.DB = ? AND t.trx_state = 'LOCK WAIT'`,
      [config.database],
    );
    return Number(rows[0]?.n ?? 0);
  }

  it('does not deadlock with an edit being counted for one of the items', async () => {
    await revokeAll();
    const last = ids.at(-1) ?? 0;
    // The edit's transaction, as edits.apply runs it: the version row first (a shared lock on the media row by its
    // foreign key), then the edit counted in media_analytics (shared locks on the media and the model rows).
    const { host, port, user, password, database } = config;
    const edit = await mysql.createConnection({ host, port, user, password, database });
    try {
      await edit.beginTransaction();
      await edit.query('SELECT id FROM model_media_library WHERE id = ? LOCK IN SHARE MODE', [last]);
      const publication = createPublicationRepository(handle.db);
      const issuing = publication.tokensFor(modelId, items(ids)).then(
        (tokens) => ({ ok: true as const, tokens }),
        (error: Error) => ({ ok: false as const, error: String(error.cause ?? error) }),
      );
      // Issuing now waits for the media row the edit holds. InnoDB refreshes INNODB_TRX only when it was not read
      // for 100 ms, so a faster poll would keep reading the snapshot taken before the wait began.
      await expect.poll(lockWaits, { timeout: 10_000, interval: 250 }).toBe(1);
      const counted = await edit
        .query('INSERT INTO media_analytics (media_id, model_id, edit_count) VALUES (?, ?, 1)', [
          last,
          modelId,
        ])
        .then(
          () => 'counted',
          (error: Error) => String(error),
        );
      await edit.commit().catch(() => undefined);
      const issued = await issuing;
      expect({ counted, issued: issued.ok ? issued.tokens.size : issued.error }).toEqual({
        counted: 'counted',
        issued: ids.length,
      });
    } finally {
      await edit.end();
    }
    expect((await liveTokens()).map((row) => row.mediaId).sort((a, b) => a - b)).toEqual(ids);
  });

  it('revokes an ended item beside a change to it that revokes too, without a deadlock', async () => {
    await revokeAll();
    const [ended = 0] = ids;
    const publication = createPublicationRepository(handle.db);
    await publication.tokensFor(modelId, items([ended]));
    // Its window ended: the token is stale until the publication job (or a change to the item) revokes it.
    await handle.db
      .update(media)
      .set({ publishUntil: new Date(Date.now() - 60_000) })
      .where(inArray(media.id, [ended]));
    // A change to the item, as setTrashed and moderation decisions run it: the media row updated, then its stale
    // tokens revoked in the same transaction. Marking a token revoked rewrites its (media_id, revoked_at) index
    // entry, whose foreign key check takes a shared lock on the media row.
    const { host, port, user, password, database } = config;
    const change = await mysql.createConnection({ host, port, user, password, database });
    try {
      await change.beginTransaction();
      await change.query('UPDATE model_media_library SET deleted_at = NOW() WHERE id = ?', [ended]);
      const job = publication.revokeEnded(new Date()).then(
        (batch) => ({ ok: true as const, revoked: batch.revoked }),
        (error: Error) => ({ ok: false as const, error: String(error.cause ?? error) }),
      );
      await expect.poll(lockWaits, { timeout: 10_000, interval: 250 }).toBe(1);
      const revoked = await change
        .query(
          'UPDATE media_public_tokens SET revoked_at = NOW() WHERE media_id = ? AND revoked_at IS NULL',
          [ended],
        )
        .then(
          () => 'revoked',
          (error: Error) => String(error),
        );
      await change.commit().catch(() => undefined);
      const outcome = await job;
      expect({ revoked, job: outcome.ok ? 'done' : outcome.error }).toEqual({
        revoked: 'revoked',
        job: 'done',
      });
    } finally {
      await change.query(
        'UPDATE model_media_library SET deleted_at = NULL, publish_until = NULL WHERE id = ?',
        [ended],
      );
      await change.end();
    }
    expect((await liveTokens()).map((row) => row.mediaId)).not.toContain(ended);
  });

  it('gives overlapping pages issued at once their tokens, one live token per item', async () => {
    const publication = createPublicationRepository(handle.db);
    const pages = [
      ids,
      ids.slice(4),
      ids.slice(2, 9),
      ids.filter((_, index) => index % 2 === 1),
      ids.slice(7),
    ];
    for (let round = 0; round < 10; round += 1) {
      await revokeAll();
      const issued = await Promise.all(pages.map((page) => publication.tokensFor(modelId, items(page))));
      issued.forEach((tokens, index) => {
        expect(tokens.size).toBe(pages[index]?.length);
      });
      // Every page that lists an item hands out the same token for it.
      for (const id of ids) {
        expect(new Set(issued.flatMap((tokens) => tokens.get(id) ?? [])).size).toBe(1);
      }
      expect((await liveTokens()).map((row) => row.mediaId).sort((a, b) => a - b)).toEqual(ids);
    }
  });
});

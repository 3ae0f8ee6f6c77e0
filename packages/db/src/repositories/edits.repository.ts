import type { EditOperation } from '@phoenix4ge/shared';
import { and, desc, eq, inArray, isNull, lt, max, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { Media, MediaEdit } from '../schema';
import { mediaEdits, users } from '../schema';
import type { Executor } from './executor';

/** How many versions keep their rendered files (the public one always keeps them too). */
export const KEPT_VERSIONS = 10;

export type EditHistoryRow = MediaEdit & { authorEmail: string | null };

/**
 * The versions of each media (`media_edits`): saved operation lists, their rendering state and their own
 * moderation outcome. Switching the media to a version is the media repository's (`switchVersion`).
 */
export function createEditsRepository(db: Database) {
  return {
    /** The newest version saved (rendered or not); 0 when the media was never edited. */
    async latestVersion(mediaId: number, executor: Executor = db): Promise<number> {
      const [row] = await executor
        .select({ version: max(mediaEdits.version) })
        .from(mediaEdits)
        .where(eq(mediaEdits.mediaId, mediaId));
      return row?.version ?? 0;
    },
    async byVersion(mediaId: number, version: number): Promise<MediaEdit | undefined> {
      return db.query.mediaEdits.findFirst({
        where: and(eq(mediaEdits.mediaId, mediaId), eq(mediaEdits.version, version)),
      });
    },
    /** Every version, newest first, with its author's email. */
    async history(mediaId: number): Promise<EditHistoryRow[]> {
      const rows = await db
        .select({ edit: mediaEdits, authorEmail: users.email })
        .from(mediaEdits)
        .leftJoin(users, eq(users.id, mediaEdits.authorUserId))
        .where(eq(mediaEdits.mediaId, mediaId))
        .orderBy(desc(mediaEdits.version));
      return rows.map((row) => ({ ...row.edit, authorEmail: row.authorEmail }));
    },

    /**
     * Saves version `version` (in the outbox's transaction, with its render job). The first edit also records
     * version 0, the upload, with the media's moderation outcome. A version saved concurrently under the same
     * number fails on the unique index (the caller answers CONFLICT).
     */
    async create(
      item: Pick<
        Media,
        | 'id'
        | 'uploadedBy'
        | 'uploadDate'
        | 'moderationStatus'
        | 'moderatedBy'
        | 'moderatedAt'
        | 'moderationReason'
      >,
      edit: {
        version: number;
        operations: EditOperation[];
        authorUserId: number | null;
        revertedFrom?: number;
      },
      executor: Executor,
    ): Promise<void> {
      await executor.insert(mediaEdits).ignore().values({
        mediaId: item.id,
        version: 0,
        operations: [],
        authorUserId: item.uploadedBy,
        status: 'ready',
        moderationStatus: item.moderationStatus,
        moderatedBy: item.moderatedBy,
        moderatedAt: item.moderatedAt,
        moderationReason: item.moderationReason,
        createdAt: item.uploadDate,
      });
      await executor.insert(mediaEdits).values({
        mediaId: item.id,
        version: edit.version,
        operations: edit.operations,
        authorUserId: edit.authorUserId,
        revertedFrom: edit.revertedFrom ?? null,
        status: 'rendering',
      });
    },
    async markReady(mediaId: number, version: number, executor: Executor = db): Promise<void> {
      await executor
        .update(mediaEdits)
        .set({ status: 'ready', error: null })
        .where(and(eq(mediaEdits.mediaId, mediaId), eq(mediaEdits.version, version)));
    },
    async markFailed(mediaId: number, version: number, error: string): Promise<void> {
      await db
        .update(mediaEdits)
        .set({ status: 'failed', error: error.slice(0, 1000) })
        .where(and(eq(mediaEdits.mediaId, mediaId), eq(mediaEdits.version, version)));
    },

    /**
     * Versions whose files may go: older than the oldest of the newest `KEPT_VERSIONS` rendered ones, not current,
     * not public, not purged yet. "Older than" rather than "not among": another job may mark a newer version ready
     * between the two queries, and it must not count as past the kept ones.
     */
    async purgeable(item: Pick<Media, 'id' | 'currentVersion' | 'publicVersion'>): Promise<number[]> {
      const kept = await db
        .select({ version: mediaEdits.version })
        .from(mediaEdits)
        .where(and(eq(mediaEdits.mediaId, item.id), eq(mediaEdits.status, 'ready')))
        .orderBy(desc(mediaEdits.version))
        .limit(KEPT_VERSIONS);
      if (kept.length < KEPT_VERSIONS) return [];
      const oldestKept = Math.min(...kept.map((row) => row.version));
      const keep = [item.currentVersion, ...(item.publicVersion === null ? [] : [item.publicVersion])];
      const rows = await db
        .select({ version: mediaEdits.version })
        .from(mediaEdits)
        .where(
          and(
            eq(mediaEdits.mediaId, item.id),
            lt(mediaEdits.version, oldestKept),
            notInArray(mediaEdits.version, keep),
            isNull(mediaEdits.variantsPurgedAt),
            sql`${mediaEdits.status} <> 'rendering'`,
          ),
        );
      return rows.map((row) => row.version);
    },
    async markPurged(mediaId: number, versions: number[]): Promise<void> {
      if (versions.length === 0) return;
      await db
        .update(mediaEdits)
        .set({ variantsPurgedAt: new Date() })
        .where(and(eq(mediaEdits.mediaId, mediaId), inArray(mediaEdits.version, versions)));
    },
  };
}

export type EditsRepository = ReturnType<typeof createEditsRepository>;

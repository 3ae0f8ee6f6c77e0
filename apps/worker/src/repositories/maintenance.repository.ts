import type { Database } from '@phoenix4ge/db';
import { and, eq, inArray, lt, media, outbox, sessions } from '@phoenix4ge/db';

/** Queries of the maintenance sweep. */
export function createMaintenanceRepository(db: Database) {
  return {
    /** Which of these storage keys belong to a media row. */
    async knownOriginalKeys(keys: string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const rows = await db
        .select({ key: media.storageKey })
        .from(media)
        .where(inArray(media.storageKey, keys));
      return new Set(rows.map((row) => row.key));
    },
    async deleteExpiredSessions(now: Date): Promise<number> {
      const [result] = await db.delete(sessions).where(lt(sessions.expiresAt, now));
      return result.affectedRows;
    },
    async deleteSentOutboxRows(before: Date): Promise<number> {
      const [result] = await db
        .delete(outbox)
        .where(and(eq(outbox.status, 'sent'), lt(outbox.sentAt, before)));
      return result.affectedRows;
    },
  };
}

export type MaintenanceRepository = ReturnType<typeof createMaintenanceRepository>;

import { and, eq, lt, ne } from 'drizzle-orm';
import type { Database } from '../client';
import type { NewSession, Session, User } from '../schema';
import { sessions, users } from '../schema';

/** Sign-in sessions (the api's; the worker's maintenance sweep deletes expired ones). */
export function createSessionsRepository(db: Database) {
  return {
    async create(session: NewSession): Promise<number> {
      const [row] = await db.insert(sessions).values(session).$returningId();
      if (!row) throw new Error('session insert returned no id');
      return row.id;
    },
    async byTokenHash(tokenHash: string): Promise<{ session: Session; user: User } | undefined> {
      const [row] = await db
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.tokenHash, tokenHash))
        .limit(1);
      return row;
    },
    async renew(id: number, expiresAt: Date, lastSeenAt: Date): Promise<void> {
      await db.update(sessions).set({ expiresAt, lastSeenAt }).where(eq(sessions.id, id));
    },
    async delete(id: number): Promise<void> {
      await db.delete(sessions).where(eq(sessions.id, id));
    },
    /** Deletes every session of the user except `keepId`; returns how many went. */
    async deleteForUser(userId: number, keepId?: number): Promise<number> {
      const condition = keepId
        ? and(eq(sessions.userId, userId), ne(sessions.id, keepId))
        : eq(sessions.userId, userId);
      const [result] = await db.delete(sessions).where(condition);
      return result.affectedRows;
    },
    async deleteExpired(now: Date): Promise<number> {
      const [result] = await db.delete(sessions).where(lt(sessions.expiresAt, now));
      return result.affectedRows;
    },
  };
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;

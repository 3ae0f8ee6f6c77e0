import type { ModerationProviderName } from '@phoenix4ge/shared';
import { and, asc, eq, isNull, lt } from 'drizzle-orm';
import type { Database } from '../client';
import { isDuplicateKeyError } from '../errors';
import type { ModerationEvent } from '../schema';
import { moderationEvents } from '../schema';

/** The webhook inbox (`moderation_events`): each provider event stored once, applied later by the worker. */
export function createModerationEventsRepository(db: Database) {
  return {
    /** Stores an event once: `duplicate` when its id was seen before (a replay). */
    async store(event: {
      provider: ModerationProviderName;
      eventId: string;
      eventType: string;
      payload: Record<string, unknown>;
    }): Promise<{ id: number } | 'duplicate'> {
      try {
        const [row] = await db.insert(moderationEvents).values(event).$returningId();
        if (!row) throw new Error('moderation event insert returned no id');
        return { id: row.id };
      } catch (error) {
        if (isDuplicateKeyError(error)) return 'duplicate';
        throw error;
      }
    },
    async byId(id: number): Promise<ModerationEvent | undefined> {
      return db.query.moderationEvents.findFirst({ where: eq(moderationEvents.id, id) });
    },
    async markProcessed(id: number, note?: string): Promise<void> {
      await db
        .update(moderationEvents)
        .set({ processedAt: new Date(), error: note?.slice(0, 1000) ?? null })
        .where(eq(moderationEvents.id, id));
    },
    /** Events not applied yet, received before `cutoff` (their fast dispatch was lost). */
    async unapplied(cutoff: Date): Promise<number[]> {
      const rows = await db
        .select({ id: moderationEvents.id })
        .from(moderationEvents)
        .where(and(isNull(moderationEvents.processedAt), lt(moderationEvents.receivedAt, cutoff)))
        .orderBy(asc(moderationEvents.id))
        .limit(500);
      return rows.map((row) => row.id);
    },
  };
}

export type ModerationEventsRepository = ReturnType<typeof createModerationEventsRepository>;

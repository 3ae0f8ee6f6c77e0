import type { Database, Media, Model, ModerationRequest } from '@phoenix4ge/db';
import {
  and,
  asc,
  desc,
  eq,
  gt,
  inArray,
  isDuplicateKeyError,
  isNull,
  media,
  models,
  moderationEvents,
  moderationRequestByExternalId,
  moderationRequests,
} from '@phoenix4ge/db';
import type { ModerationProviderName, ModerationStatus } from '@phoenix4ge/shared';

/** The api's moderation queries: the queue, people's decisions and the webhook inbox. */
export function createModerationRepository(db: Database) {
  return {
    /** Processed media waiting in the queue, oldest first; `modelId` undefined: every model. */
    async queue(filter: {
      modelId?: number;
      statuses: ModerationStatus[];
      cursor?: number;
      limit: number;
    }): Promise<{ item: Media; model: Model }[]> {
      return db
        .select({ item: media, model: models })
        .from(media)
        .innerJoin(models, eq(models.id, media.modelId))
        .where(
          and(
            filter.modelId === undefined ? undefined : eq(media.modelId, filter.modelId),
            inArray(media.moderationStatus, filter.statuses),
            eq(media.processingStatus, 'ready'),
            isNull(media.deletedAt),
            filter.cursor === undefined ? undefined : gt(media.id, filter.cursor),
          ),
        )
        .orderBy(asc(media.id))
        .limit(filter.limit);
    },

    /** The newest provider request of each media (its scores and labels). */
    async latestRequests(mediaIds: number[]): Promise<Map<number, ModerationRequest>> {
      const latest = new Map<number, ModerationRequest>();
      if (mediaIds.length === 0) return latest;
      const rows = await db
        .select()
        .from(moderationRequests)
        .where(inArray(moderationRequests.mediaId, mediaIds))
        .orderBy(desc(moderationRequests.id));
      for (const row of rows) if (!latest.has(row.mediaId)) latest.set(row.mediaId, row);
      return latest;
    },

    async requestsOf(mediaId: number): Promise<ModerationRequest[]> {
      return db
        .select()
        .from(moderationRequests)
        .where(eq(moderationRequests.mediaId, mediaId))
        .orderBy(desc(moderationRequests.id));
    },

    async mediaOfModel(modelId: number, ids: number[]): Promise<Media[]> {
      return db
        .select()
        .from(media)
        .where(and(eq(media.modelId, modelId), inArray(media.id, ids), isNull(media.deletedAt)));
    },

    /** A person's decision: final for providers (`moderated_at` set). */
    async decide(
      ids: number[],
      decision: { status: ModerationStatus; reason: string; userId: number | null },
    ): Promise<void> {
      await db
        .update(media)
        .set({
          moderationStatus: decision.status,
          moderationReason: decision.reason.slice(0, 500),
          moderatedBy: decision.userId,
          moderatedAt: new Date(),
        })
        .where(inArray(media.id, ids));
    },

    requestByExternalId: (provider: ModerationProviderName, externalId: string) =>
      moderationRequestByExternalId(db, provider, externalId),

    async mediaExists(id: number): Promise<boolean> {
      const row = await db.query.media.findFirst({ where: eq(media.id, id), columns: { id: true } });
      return row !== undefined;
    },

    /** Stores a webhook event once: `duplicate` when its id was seen before (a replay). */
    async storeEvent(event: {
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
  };
}

export type ModerationRepository = ReturnType<typeof createModerationRepository>;

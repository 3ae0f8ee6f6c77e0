import type { ModerationProviderName, ModerationStatus } from '@phoenix4ge/shared';
import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { Media, ModerationRequest } from '../schema';
import { media, moderationRequests } from '../schema';
import type { ModerationScores } from '../schema/json-types';

/** What a provider was asked about a media and what it answered (`moderation_requests`, one row per submission). */
export function createModerationRequestsRepository(db: Database) {
  return {
    async create(
      mediaId: number,
      provider: ModerationProviderName,
      attempt: number,
      version = 0,
    ): Promise<number> {
      const [row] = await db
        .insert(moderationRequests)
        .values({ mediaId, version, provider, attempts: attempt })
        .$returningId();
      if (!row) throw new Error('moderation request insert returned no id');
      return row.id;
    },
    async byId(id: number): Promise<ModerationRequest | undefined> {
      return db.query.moderationRequests.findFirst({ where: eq(moderationRequests.id, id) });
    },
    async byExternalId(
      provider: ModerationProviderName,
      externalId: string,
    ): Promise<ModerationRequest | undefined> {
      return db.query.moderationRequests.findFirst({
        where: and(eq(moderationRequests.provider, provider), eq(moderationRequests.externalId, externalId)),
      });
    },
    async latestOf(mediaId: number): Promise<ModerationRequest | undefined> {
      return db.query.moderationRequests.findFirst({
        where: eq(moderationRequests.mediaId, mediaId),
        orderBy: desc(moderationRequests.id),
      });
    },
    /** The newest request of each media (its scores and labels). */
    async latestOfEach(mediaIds: number[]): Promise<Map<number, ModerationRequest>> {
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
    /** Every request of one media, newest first. */
    async allOf(mediaId: number): Promise<ModerationRequest[]> {
      return db
        .select()
        .from(moderationRequests)
        .where(eq(moderationRequests.mediaId, mediaId))
        .orderBy(desc(moderationRequests.id));
    },

    async markSubmitted(id: number, externalId: string): Promise<void> {
      await db
        .update(moderationRequests)
        .set({ externalId, submittedAt: new Date(), error: null })
        .where(eq(moderationRequests.id, id));
    },
    /**
     * The provider's answer. With `onlyIfNewer`, only when no answer produced later is recorded already (webhook
     * results can arrive out of order and be applied concurrently): checked in the UPDATE itself.
     */
    async recordAnswer(
      id: number,
      answer: {
        verdict: ModerationStatus;
        scores?: ModerationScores;
        labels?: string[];
        modelName?: string;
        modelVersion?: string;
        verdictAt: Date;
        error?: string;
      },
      options: { onlyIfNewer?: boolean } = {},
    ): Promise<void> {
      const newer = options.onlyIfNewer
        ? or(isNull(moderationRequests.verdictAt), lt(moderationRequests.verdictAt, answer.verdictAt))
        : undefined;
      await db
        .update(moderationRequests)
        .set({
          status: answer.verdict,
          verdict: answer.verdict,
          scores: answer.scores ?? null,
          labels: answer.labels ?? null,
          modelName: answer.modelName ?? null,
          modelVersion: answer.modelVersion ?? null,
          verdictAt: answer.verdictAt,
          answeredAt: new Date(),
          error: answer.error?.slice(0, 1000) ?? null,
        })
        .where(and(eq(moderationRequests.id, id), newer));
    },
    async noteError(id: number, error: string): Promise<void> {
      await db
        .update(moderationRequests)
        .set({ error: error.slice(0, 1000) })
        .where(eq(moderationRequests.id, id));
    },

    /**
     * The newest `http` request of each media still waiting for a provider, when it was submitted before `cutoff`
     * and nobody has decided meanwhile. (A request never submitted is still being retried by its own job.)
     */
    async overdue(cutoff: Date): Promise<{ request: ModerationRequest; media: Media }[]> {
      const newestPerMedia = sql`${moderationRequests.id} in (
        select max(newest.id) from ${moderationRequests} as newest
        where newest.provider = 'http' group by newest.media_id)`;
      return db
        .select({ request: moderationRequests, media })
        .from(moderationRequests)
        .innerJoin(media, eq(media.id, moderationRequests.mediaId))
        .where(
          and(
            newestPerMedia,
            isNull(moderationRequests.answeredAt),
            lt(moderationRequests.submittedAt, cutoff),
            eq(media.moderationStatus, 'pending'),
            isNull(media.moderatedAt),
            isNull(media.deletedAt),
          ),
        )
        .orderBy(asc(moderationRequests.id))
        .limit(100);
    },
  };
}

export type ModerationRequestsRepository = ReturnType<typeof createModerationRequestsRepository>;

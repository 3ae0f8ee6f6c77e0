import type { Database, Media, ModerationEvent, ModerationRequest, ModerationScores } from '@phoenix4ge/db';
import {
  and,
  asc,
  desc,
  eq,
  isNull,
  lt,
  media as mediaTable,
  moderationEvents,
  moderationRequestByExternalId,
  moderationRequests,
  outbox,
  sql,
} from '@phoenix4ge/db';
import type { ModerationProviderName, ModerationStatus } from '@phoenix4ge/shared';
import { JobName, moderationCheckJobId } from '@phoenix4ge/shared';

export type VerdictOutcome = 'applied' | 'recorded';

/** The worker's moderation queries: requests (one row per submission), verdicts and the webhook inbox. */
export function createModerationRepository(db: Database) {
  return {
    async createRequest(mediaId: number, provider: ModerationProviderName, attempt: number): Promise<number> {
      const [row] = await db
        .insert(moderationRequests)
        .values({ mediaId, provider, attempts: attempt })
        .$returningId();
      if (!row) throw new Error('moderation request insert returned no id');
      return row.id;
    },

    async requestById(id: number): Promise<ModerationRequest | undefined> {
      return db.query.moderationRequests.findFirst({ where: eq(moderationRequests.id, id) });
    },

    async markSubmitted(id: number, externalId: string): Promise<void> {
      await db
        .update(moderationRequests)
        .set({ externalId, submittedAt: new Date(), error: null })
        .where(eq(moderationRequests.id, id));
    },

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
    ): Promise<void> {
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
        .where(eq(moderationRequests.id, id));
    },

    async noteError(id: number, error: string): Promise<void> {
      await db
        .update(moderationRequests)
        .set({ error: error.slice(0, 1000) })
        .where(eq(moderationRequests.id, id));
    },

    /**
     * Gives the media this moderation status unless a person has decided (a person always wins) or a verdict the
     * provider produced later is already applied (out-of-order delivery). Row-locked, so concurrent verdicts
     * cannot interleave.
     */
    async applyVerdict(
      mediaId: number,
      verdict: { status: ModerationStatus; reason: string; verdictAt: Date },
    ): Promise<VerdictOutcome> {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .select({
            moderatedBy: mediaTable.moderatedBy,
            moderatedAt: mediaTable.moderatedAt,
            verdictAt: mediaTable.moderationVerdictAt,
          })
          .from(mediaTable)
          .where(eq(mediaTable.id, mediaId))
          .for('update');
        if (!row || row.moderatedBy !== null || row.moderatedAt !== null) return 'recorded';
        if (row.verdictAt && row.verdictAt.getTime() >= verdict.verdictAt.getTime()) return 'recorded';
        await tx
          .update(mediaTable)
          .set({
            moderationStatus: verdict.status,
            moderationReason: verdict.reason.slice(0, 500),
            moderationVerdictAt: verdict.verdictAt,
          })
          .where(eq(mediaTable.id, mediaId));
        return 'applied';
      });
    },

    /** Says why an undecided media waits (manual moderation, sent to a service), without touching its status. */
    async noteReason(mediaId: number, reason: string): Promise<void> {
      await db
        .update(mediaTable)
        .set({ moderationReason: reason.slice(0, 500) })
        .where(
          and(
            eq(mediaTable.id, mediaId),
            isNull(mediaTable.moderatedAt),
            isNull(mediaTable.moderationVerdictAt),
          ),
        );
    },

    async eventById(id: number): Promise<ModerationEvent | undefined> {
      return db.query.moderationEvents.findFirst({ where: eq(moderationEvents.id, id) });
    },

    async markEventProcessed(id: number, note?: string): Promise<void> {
      await db
        .update(moderationEvents)
        .set({ processedAt: new Date(), error: note?.slice(0, 1000) ?? null })
        .where(eq(moderationEvents.id, id));
    },

    requestByExternalId: (provider: ModerationProviderName, externalId: string) =>
      moderationRequestByExternalId(db, provider, externalId),

    /**
     * The newest `http` request of each media still waiting for a provider, when it was submitted before `cutoff`
     * and nobody has decided meanwhile. (A request never submitted is still being retried by its own job.)
     */
    async overdueRequests(cutoff: Date): Promise<{ request: ModerationRequest; media: Media }[]> {
      const newestPerMedia = sql`${moderationRequests.id} in (
        select max(newest.id) from ${moderationRequests} as newest
        where newest.provider = 'http' group by newest.media_id)`;
      return db
        .select({ request: moderationRequests, media: mediaTable })
        .from(moderationRequests)
        .innerJoin(mediaTable, eq(mediaTable.id, moderationRequests.mediaId))
        .where(
          and(
            newestPerMedia,
            isNull(moderationRequests.answeredAt),
            lt(moderationRequests.submittedAt, cutoff),
            eq(mediaTable.moderationStatus, 'pending'),
            isNull(mediaTable.moderatedAt),
            isNull(mediaTable.deletedAt),
          ),
        )
        .orderBy(asc(moderationRequests.id))
        .limit(100);
    },

    /** Inbox rows not applied yet, received before `cutoff` (their fast dispatch was lost). */
    async unappliedEvents(cutoff: Date): Promise<number[]> {
      const rows = await db
        .select({ id: moderationEvents.id })
        .from(moderationEvents)
        .where(and(isNull(moderationEvents.processedAt), lt(moderationEvents.receivedAt, cutoff)))
        .orderBy(asc(moderationEvents.id))
        .limit(500);
      return rows.map((row) => row.id);
    },

    async latestRequestOf(mediaId: number): Promise<ModerationRequest | undefined> {
      return db.query.moderationRequests.findFirst({
        where: eq(moderationRequests.mediaId, mediaId),
        orderBy: desc(moderationRequests.id),
      });
    },

    /** The outbox row that starts moderation, written with the `ready` status of a processed media. */
    async markReadyWithModeration(
      mediaId: number,
      version: number,
      changes: Partial<Media>,
    ): Promise<{ outboxId: number }> {
      return db.transaction(async (tx) => {
        await tx
          .update(mediaTable)
          .set({ ...changes, processingStatus: 'ready', processingError: null })
          .where(eq(mediaTable.id, mediaId));
        const [message] = await tx
          .insert(outbox)
          .values({
            topic: JobName.ModerationCheck,
            payload: { mediaId, version, attempt: 1 },
            jobKey: moderationCheckJobId(mediaId, version, 1),
          })
          .$returningId();
        if (!message) throw new Error('outbox insert returned no id');
        return { outboxId: message.id };
      });
    },

    async markOutboxSent(outboxId: number): Promise<void> {
      await db
        .update(outbox)
        .set({ status: 'sent', sentAt: new Date() })
        .where(and(eq(outbox.id, outboxId), eq(outbox.status, 'pending')));
    },
  };
}

export type ModerationRepository = ReturnType<typeof createModerationRepository>;

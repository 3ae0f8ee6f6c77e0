import type { ModerationStatus, ProcessingStatus } from '@phoenix4ge/shared';
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { Media, Model, NewMedia } from '../schema';
import { media, models } from '../schema';
import type { Executor } from './executor';

/**
 * The media table (seed `model_media_library`), for the api and the worker, and the one place its statuses
 * change: processing (uploaded → processing → ready | failed) and moderation (a provider's verdict, a person's
 * decision). The jobs a change calls for are written with it through the outbox (outbox.repository.ts).
 */
export function createMediaRepository(db: Database) {
  return {
    async byId(id: number): Promise<Media | undefined> {
      return db.query.media.findFirst({ where: eq(media.id, id) });
    },
    async bySha(modelId: number, sha256: string): Promise<Media | undefined> {
      return db.query.media.findFirst({ where: and(eq(media.modelId, modelId), eq(media.sha256, sha256)) });
    },
    async exists(id: number): Promise<boolean> {
      const row = await db.query.media.findFirst({ where: eq(media.id, id), columns: { id: true } });
      return row !== undefined;
    },
    /** These media of the model, not in the trash (others' ids are simply not found). */
    async ofModel(modelId: number, ids: number[]): Promise<Media[]> {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(media)
        .where(and(eq(media.modelId, modelId), inArray(media.id, ids), isNull(media.deletedAt)));
    },
    /** A model's watermark picture: its own item, not in the trash. */
    async logoOf(modelId: number, mediaId: number): Promise<Media | undefined> {
      return db.query.media.findFirst({
        where: and(eq(media.id, mediaId), eq(media.modelId, modelId), isNull(media.deletedAt)),
      });
    },

    /** A model's media, newest first (keyset pagination on id), optionally only the trash or some statuses. */
    async list(options: {
      modelId: number;
      cursor?: number;
      limit: number;
      trash: boolean;
      processing?: ProcessingStatus[];
    }): Promise<Media[]> {
      return db
        .select()
        .from(media)
        .where(
          and(
            eq(media.modelId, options.modelId),
            options.trash ? isNotNull(media.deletedAt) : isNull(media.deletedAt),
            options.cursor ? lt(media.id, options.cursor) : undefined,
            options.processing?.length ? inArray(media.processingStatus, options.processing) : undefined,
          ),
        )
        .orderBy(desc(media.id))
        .limit(options.limit);
    },

    /** Media of the model whose perceptual hash is within `maxDistance` bits of `phash`, nearest first. */
    async similar(modelId: number, excludeId: number, phash: string, maxDistance: number) {
      const distance = sql<number>`BIT_COUNT(CAST(CONV(${media.phash}, 16, 10) AS UNSIGNED) ^ CAST(CONV(${phash}, 16, 10) AS UNSIGNED))`;
      return db
        .select({ item: media, distance })
        .from(media)
        .where(
          and(
            eq(media.modelId, modelId),
            ne(media.id, excludeId),
            isNull(media.deletedAt),
            isNotNull(media.phash),
            sql`${distance} <= ${maxDistance}`,
          ),
        )
        .orderBy(distance)
        .limit(50);
    },

    /** Processed media waiting for a person, oldest first; `modelId` undefined: every model. */
    async moderationQueue(filter: {
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

    /** Which of these storage keys an original of some media row is stored under (the orphan sweep). */
    async knownOriginalKeys(keys: string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const rows = await db
        .select({ key: media.storageKey })
        .from(media)
        .where(inArray(media.storageKey, keys));
      return new Set(rows.map((row) => row.key));
    },

    /** A new upload (status `uploaded`); pass the outbox's transaction so its processing job commits with it. */
    async insert(row: NewMedia, executor: Executor = db): Promise<number> {
      const [inserted] = await executor.insert(media).values(row).$returningId();
      if (!inserted) throw new Error('media insert returned no id');
      return inserted.id;
    },
    /** Out of the trash again (a duplicate upload of a trashed item brings it back). */
    async restore(id: number): Promise<void> {
      await db.update(media).set({ deletedAt: null }).where(eq(media.id, id));
    },

    // Processing status.

    /** Back to `uploaded` for another processing run (with the outbox's transaction and its new job). */
    async markUploaded(id: number, executor: Executor = db): Promise<void> {
      await executor
        .update(media)
        .set({ processingStatus: 'uploaded', processingError: null })
        .where(eq(media.id, id));
    },
    async markProcessing(id: number): Promise<void> {
      await db
        .update(media)
        .set({ processingStatus: 'processing', processingError: null })
        .where(eq(media.id, id));
    },
    /** Processed: the upright size and appearance (with the outbox's transaction and its moderation job). */
    async markReady(
      id: number,
      appearance: Pick<Media, 'width' | 'height' | 'placeholder' | 'dominantColor'> &
        Partial<Pick<Media, 'phash'>>,
      executor: Executor = db,
    ): Promise<void> {
      await executor
        .update(media)
        .set({ ...appearance, processingStatus: 'ready', processingError: null })
        .where(eq(media.id, id));
    },
    async markFailed(id: number, reason: string): Promise<void> {
      await db
        .update(media)
        .set({ processingStatus: 'failed', processingError: reason.slice(0, 1000) })
        .where(eq(media.id, id));
    },

    // Moderation status.

    /** A person's decision: final for providers (`moderated_at` set). */
    async decide(
      ids: number[],
      decision: { status: ModerationStatus; reason: string; userId: number | null },
    ): Promise<void> {
      if (ids.length === 0) return;
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

    /**
     * A provider's verdict, unless a person has decided (a person always wins) or a verdict the provider produced
     * later is already applied (out-of-order delivery). Row-locked, so concurrent verdicts cannot interleave.
     */
    async applyVerdict(
      mediaId: number,
      verdict: { status: ModerationStatus; reason: string; verdictAt: Date },
    ): Promise<'applied' | 'recorded'> {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .select({
            moderatedBy: media.moderatedBy,
            moderatedAt: media.moderatedAt,
            verdictAt: media.moderationVerdictAt,
          })
          .from(media)
          .where(eq(media.id, mediaId))
          .for('update');
        if (!row || row.moderatedBy !== null || row.moderatedAt !== null) return 'recorded';
        if (row.verdictAt && row.verdictAt.getTime() >= verdict.verdictAt.getTime()) return 'recorded';
        await tx
          .update(media)
          .set({
            moderationStatus: verdict.status,
            moderationReason: verdict.reason.slice(0, 500),
            moderationVerdictAt: verdict.verdictAt,
          })
          .where(eq(media.id, mediaId));
        return 'applied';
      });
    },

    /** Says why an undecided media waits (manual moderation, sent to a service), without touching its status. */
    async noteModerationReason(mediaId: number, reason: string): Promise<void> {
      await db
        .update(media)
        .set({ moderationReason: reason.slice(0, 500) })
        .where(and(eq(media.id, mediaId), isNull(media.moderatedAt), isNull(media.moderationVerdictAt)));
    },
  };
}

export type MediaRepository = ReturnType<typeof createMediaRepository>;

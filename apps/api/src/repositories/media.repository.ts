import type { Database, Media, MediaMetadata, MediaVariant, NewMedia } from '@phoenix4ge/db';
import {
  and,
  asc,
  categories,
  desc,
  eq,
  inArray,
  isDuplicateKeyError,
  isNotNull,
  isNull,
  lt,
  media,
  mediaMetadata,
  mediaVariants,
  ne,
  outbox,
  sql,
} from '@phoenix4ge/db';
import type { ProcessingStatus } from '@phoenix4ge/shared';
import { JobName, mediaProcessJobId } from '@phoenix4ge/shared';

/** The api's media queries: the upload transaction (media row + outbox row) and lookups. */
export function createMediaRepository(db: Database) {
  return {
    async byId(id: number): Promise<Media | undefined> {
      return db.query.media.findFirst({ where: eq(media.id, id) });
    },
    async bySha(modelId: number, sha256: string): Promise<Media | undefined> {
      return db.query.media.findFirst({ where: and(eq(media.modelId, modelId), eq(media.sha256, sha256)) });
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
    /** The variants of each media's current version, for these media. */
    async variantsOf(items: Media[], preset?: string): Promise<MediaVariant[]> {
      if (items.length === 0) return [];
      const rows = await db
        .select()
        .from(mediaVariants)
        .where(
          and(
            inArray(
              mediaVariants.mediaId,
              items.map((item) => item.id),
            ),
            preset ? eq(mediaVariants.preset, preset) : undefined,
          ),
        )
        .orderBy(asc(mediaVariants.id));
      return rows.filter((row) =>
        items.some((item) => item.id === row.mediaId && item.currentVersion === row.version),
      );
    },
    async metadataOf(mediaId: number): Promise<MediaMetadata | undefined> {
      return db.query.mediaMetadata.findFirst({ where: eq(mediaMetadata.mediaId, mediaId) });
    },
    /** The variant stored under `storageKey`, with its media. */
    async variantByKey(storageKey: string): Promise<{ variant: MediaVariant; media: Media } | undefined> {
      const [row] = await db
        .select({ variant: mediaVariants, media })
        .from(mediaVariants)
        .innerJoin(media, eq(media.id, mediaVariants.mediaId))
        .where(eq(mediaVariants.storageKey, storageKey))
        .limit(1);
      return row;
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
    async categoryBelongsTo(categoryId: number, modelId: number): Promise<boolean> {
      const row = await db.query.categories.findFirst({
        where: and(eq(categories.id, categoryId), eq(categories.modelId, modelId)),
      });
      return row !== undefined;
    },

    /**
     * Inserts the media row and its `media.process` outbox row in one transaction. When the model already has
     * this content (unique model + sha256, also under concurrency) nothing is written and the existing row is
     * returned instead.
     */
    async createWithOutbox(
      row: NewMedia,
    ): Promise<{ created: Media; outboxId: number } | { existing: Media }> {
      try {
        const { id, outboxId } = await db.transaction(async (tx) => {
          const [inserted] = await tx.insert(media).values(row).$returningId();
          if (!inserted) throw new Error('media insert returned no id');
          const [message] = await tx
            .insert(outbox)
            .values({
              topic: JobName.MediaProcess,
              payload: { mediaId: inserted.id, version: 0 },
              jobKey: mediaProcessJobId(inserted.id, 0),
            })
            .$returningId();
          if (!message) throw new Error('outbox insert returned no id');
          return { id: inserted.id, outboxId: message.id };
        });
        const created = await db.query.media.findFirst({ where: eq(media.id, id) });
        if (!created) throw new Error('media row vanished after commit');
        return { created, outboxId };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const existing = await db.query.media.findFirst({
          where: and(eq(media.modelId, row.modelId), eq(media.sha256, row.sha256)),
        });
        if (!existing) throw error;
        return { existing };
      }
    },

    /** Puts a failed media back in the queue: status `uploaded` and a new outbox row, in one transaction. */
    async requeue(item: Media): Promise<number> {
      return db.transaction(async (tx) => {
        await tx
          .update(media)
          .set({ processingStatus: 'uploaded', processingError: null })
          .where(eq(media.id, item.id));
        const [message] = await tx
          .insert(outbox)
          .values({
            topic: JobName.MediaProcess,
            payload: { mediaId: item.id, version: item.currentVersion },
            // A new job id: the failed job keeps its own (BullMQ ignores a job id it still holds).
            jobKey: `${mediaProcessJobId(item.id, item.currentVersion)}-retry-${Date.now()}`,
          })
          .$returningId();
        if (!message) throw new Error('outbox insert returned no id');
        return message.id;
      });
    },
    async restore(id: number): Promise<void> {
      await db.update(media).set({ deletedAt: null }).where(eq(media.id, id));
    },

    async markOutboxSent(outboxId: number): Promise<void> {
      await db
        .update(outbox)
        .set({ status: 'sent', sentAt: new Date() })
        .where(and(eq(outbox.id, outboxId), eq(outbox.status, 'pending')));
    },
  };
}

export type MediaRepository = ReturnType<typeof createMediaRepository>;

import type {
  Database,
  Media,
  MediaBasicInfo,
  MediaColorData,
  MediaExifData,
  Model,
  NewMediaVariant,
} from '@phoenix4ge/db';
import {
  and,
  eq,
  isNull,
  mediaMetadata,
  mediaOperations,
  media as mediaTable,
  mediaVariants,
  models,
  notInArray,
  sql,
} from '@phoenix4ge/db';

/** The worker's queries on media rows and their operation log (the seed's MediaLogger). */
export function createMediaRepository(db: Database) {
  return {
    async byId(id: number): Promise<Media | undefined> {
      return db.query.media.findFirst({ where: eq(mediaTable.id, id) });
    },
    async modelOf(item: Media): Promise<Model> {
      const model = await db.query.models.findFirst({ where: eq(models.id, item.modelId) });
      if (!model) throw new Error(`model ${item.modelId} of media ${item.id} is missing`);
      return model;
    },
    /**
     * The image a moderation provider judges: the current version's 800 px JPEG when it exists (what the public
     * would see), else the original.
     */
    async moderationImage(item: Media): Promise<{ key: string; contentType: string }> {
      const [variant] = await db
        .select({ key: mediaVariants.storageKey })
        .from(mediaVariants)
        .where(
          and(
            eq(mediaVariants.mediaId, item.id),
            eq(mediaVariants.version, item.currentVersion),
            eq(mediaVariants.preset, 'md'),
            eq(mediaVariants.format, 'jpeg'),
          ),
        )
        .limit(1);
      return variant
        ? { key: variant.key, contentType: 'image/jpeg' }
        : { key: item.storageKey, contentType: item.mimeType };
    },
    /** A model's watermark picture: its own item, not in the trash. */
    async logoOf(modelId: number, mediaId: number): Promise<Media | undefined> {
      return db.query.media.findFirst({
        where: and(eq(mediaTable.id, mediaId), eq(mediaTable.modelId, modelId), isNull(mediaTable.deletedAt)),
      });
    },
    async variantKeys(mediaId: number, version: number): Promise<string[]> {
      const rows = await db
        .select({ key: mediaVariants.storageKey })
        .from(mediaVariants)
        .where(and(eq(mediaVariants.mediaId, mediaId), eq(mediaVariants.version, version)));
      return rows.map((row) => row.key);
    },
    /** Makes the variant rows of this version exactly `variants` (a rerun replaces, never duplicates). */
    async replaceVariants(
      mediaId: number,
      version: number,
      variants: Omit<NewMediaVariant, 'mediaId' | 'version'>[],
    ) {
      await db.transaction(async (tx) => {
        const keep = variants.map((variant) => variant.storageKey);
        await tx
          .delete(mediaVariants)
          .where(
            and(
              eq(mediaVariants.mediaId, mediaId),
              eq(mediaVariants.version, version),
              keep.length > 0 ? notInArray(mediaVariants.storageKey, keep) : undefined,
            ),
          );
        if (variants.length === 0) return;
        await tx
          .insert(mediaVariants)
          .values(variants.map((variant) => ({ ...variant, mediaId, version })))
          .onDuplicateKeyUpdate({
            set: {
              width: sql`VALUES(${mediaVariants.width})`,
              height: sql`VALUES(${mediaVariants.height})`,
              bytes: sql`VALUES(${mediaVariants.bytes})`,
              storageKey: sql`VALUES(${mediaVariants.storageKey})`,
            },
          });
      });
    },
    async saveMetadata(
      mediaId: number,
      data: { basicInfo: MediaBasicInfo; exifData: MediaExifData; colorData: MediaColorData },
    ) {
      await db
        .insert(mediaMetadata)
        .values({ mediaId, ...data, extractedAt: new Date() })
        .onDuplicateKeyUpdate({ set: { ...data, extractedAt: new Date() } });
    },
    async update(id: number, changes: Partial<Media>): Promise<void> {
      await db.update(mediaTable).set(changes).where(eq(mediaTable.id, id));
    },
    async startOperation(mediaId: number, operation: string, jobId: string, params: Record<string, unknown>) {
      const [row] = await db
        .insert(mediaOperations)
        .values({ mediaId, operation, jobId, params, status: 'running', startedAt: new Date() })
        .$returningId();
      if (!row) throw new Error('operation insert returned no id');
      return row.id;
    },
    async finishOperation(
      id: number,
      outcome: { status: 'succeeded' | 'failed'; processingMs: number; error?: string },
    ) {
      await db
        .update(mediaOperations)
        .set({ ...outcome, error: outcome.error ?? null, finishedAt: new Date() })
        .where(eq(mediaOperations.id, id));
    },
  };
}

export type MediaRepository = ReturnType<typeof createMediaRepository>;

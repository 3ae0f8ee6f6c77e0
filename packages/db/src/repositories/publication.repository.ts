import type { SQL } from 'drizzle-orm';
import { and, eq, gt, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm';
import type { Database } from '../client';
import { media, models } from '../schema';

/**
 * The one rule of what the public sees (the public gallery, image URLs, counted events): a media with an approved
 * (public) version, processed, not in the trash, inside its publication window, of a model that is not archived
 * and whose consent has not expired. Needs `models` joined.
 */
export function publicCondition(now: Date): SQL {
  return and(
    isNotNull(media.publicVersion),
    eq(media.processingStatus, 'ready'),
    isNull(media.deletedAt),
    or(isNull(media.publishFrom), lte(media.publishFrom, now)),
    or(isNull(media.publishUntil), gt(media.publishUntil, now)),
    isNull(models.archivedAt),
    or(isNull(models.consentExpiresAt), gt(models.consentExpiresAt, now)),
  ) as SQL;
}

/** What the public site may read: public items of a model. */
export function createPublicationRepository(db: Database) {
  return {
    /** Which of these ids are public items of the model now (others, and other models' ids, are left out). */
    async publicIds(modelId: number, ids: number[], now = new Date()): Promise<number[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .select({ id: media.id })
        .from(media)
        .innerJoin(models, eq(models.id, media.modelId))
        .where(and(eq(media.modelId, modelId), inArray(media.id, ids), publicCondition(now)));
      return rows.map((row) => row.id);
    },
    /** One public item of the model now, with its public (approved) version; undefined otherwise. */
    async publicItem(
      modelId: number,
      id: number,
      now = new Date(),
    ): Promise<{ id: number; modelId: number; publicVersion: number; originalFilename: string } | undefined> {
      const [row] = await db
        .select({
          id: media.id,
          modelId: media.modelId,
          publicVersion: media.publicVersion,
          originalFilename: media.originalFilename,
        })
        .from(media)
        .innerJoin(models, eq(models.id, media.modelId))
        .where(and(eq(media.modelId, modelId), eq(media.id, id), publicCondition(now)));
      return row && row.publicVersion !== null ? { ...row, publicVersion: row.publicVersion } : undefined;
    },
  };
}

export type PublicationRepository = ReturnType<typeof createPublicationRepository>;

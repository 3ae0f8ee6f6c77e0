import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import type { MySqlColumn } from 'drizzle-orm/mysql-core';
import type { Database } from '../client';
import {
  auditLog,
  categories,
  media,
  mediaAnalytics,
  mediaAnalyticsDaily,
  mediaEdits,
  mediaMetadata,
  models,
  moderationRequests,
  users,
} from '../schema';

const inIds = (column: MySqlColumn, ids: number[]) => inArray(column, ids);

/**
 * Everything stored about one model, read for its GDPR export (`model.export`). Media are read in pages of ids
 * (their originals are streamed one at a time); each other part is one query per page of media, so memory stays
 * bounded by a page.
 */
export function createModelDossier(db: Database, modelId: number) {
  return {
    model: () => db.query.models.findFirst({ where: eq(models.id, modelId) }),

    categories: () =>
      db.select().from(categories).where(eq(categories.modelId, modelId)).orderBy(asc(categories.id)),

    /** A page of the model's media (trashed ones too) with their metadata row, by id. */
    async mediaPage(after: number, limit: number) {
      return db
        .select({ media, metadata: mediaMetadata })
        .from(media)
        .leftJoin(mediaMetadata, eq(mediaMetadata.mediaId, media.id))
        .where(and(eq(media.modelId, modelId), gt(media.id, after)))
        .orderBy(asc(media.id))
        .limit(limit);
    },

    /** Every version's operation list of the media in `ids`. */
    async edits(ids: number[]) {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(mediaEdits)
        .where(inIds(mediaEdits.mediaId, ids))
        .orderBy(asc(mediaEdits.mediaId), asc(mediaEdits.version));
    },

    async moderationRequests(ids: number[]) {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(moderationRequests)
        .where(inIds(moderationRequests.mediaId, ids))
        .orderBy(asc(moderationRequests.mediaId), asc(moderationRequests.id));
    },

    analyticsTotals: () =>
      db
        .select()
        .from(mediaAnalytics)
        .where(eq(mediaAnalytics.modelId, modelId))
        .orderBy(asc(mediaAnalytics.mediaId)),

    analyticsDaily: () =>
      db
        .select()
        .from(mediaAnalyticsDaily)
        .where(eq(mediaAnalyticsDaily.modelId, modelId))
        .orderBy(asc(mediaAnalyticsDaily.mediaId), asc(mediaAnalyticsDaily.day)),

    /** The model's audit entries, newest first, with the actor's email. */
    audit: () =>
      db
        .select({
          id: auditLog.id,
          action: auditLog.action,
          targetType: auditLog.targetType,
          targetId: auditLog.targetId,
          details: auditLog.details,
          actorUserId: auditLog.actorUserId,
          actorEmail: users.email,
          actorApiKeyId: auditLog.actorApiKeyId,
          ip: auditLog.ip,
          createdAt: auditLog.createdAt,
        })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.actorUserId))
        .where(eq(auditLog.modelId, modelId))
        .orderBy(desc(auditLog.id)),
  };
}

export type ModelDossier = ReturnType<typeof createModelDossier>;

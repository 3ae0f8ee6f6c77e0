import { date, decimal, index, int, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';
import { createdAt, id, instant, ref, updatedAt } from './columns';
import { media } from './media';
import { models } from './models';

const counter = () => int({ unsigned: true }).notNull().default(0);

/** Usage counters per media (seed table `media_analytics`), flushed in batches by the maintenance job. */
export const mediaAnalytics = mysqlTable(
  'media_analytics',
  {
    id: id(),
    mediaId: ref()
      .notNull()
      .unique('media_analytics_media_uq')
      .references(() => media.id, { onDelete: 'cascade' }),
    /** The media's model, copied so per-model rankings need no join (the seed keeps `model_slug` here). */
    modelId: ref()
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    viewCount: counter(),
    downloadCount: counter(),
    editCount: counter(),
    engagementScore: decimal({ precision: 12, scale: 2, mode: 'number' }).notNull().default(0),
    lastViewedAt: instant(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('media_analytics_model_score_idx').on(t.modelId, t.engagementScore)],
);

/** One media's counts of one day (UTC), for trends; flushed with the totals. */
export const mediaAnalyticsDaily = mysqlTable(
  'media_analytics_daily',
  {
    mediaId: ref()
      .notNull()
      .references(() => media.id, { onDelete: 'cascade' }),
    day: date({ mode: 'string' }).notNull(),
    modelId: ref()
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    views: counter(),
    downloads: counter(),
    edits: counter(),
  },
  (t) => [
    primaryKey({ columns: [t.mediaId, t.day] }),
    index('media_analytics_daily_model_day_idx').on(t.modelId, t.day),
  ],
);

/**
 * Counting buckets already applied by the analytics flush, written in the flush's transaction: a flush retried
 * after its commit (the worker died before deleting the bucket from Redis) finds its id here and applies nothing.
 */
export const analyticsFlushes = mysqlTable('analytics_flushes', {
  bucket: varchar({ length: 64 }).primaryKey(),
  flushedAt: createdAt(),
});

export type MediaAnalytics = typeof mediaAnalytics.$inferSelect;
export type MediaAnalyticsDay = typeof mediaAnalyticsDaily.$inferSelect;
export type NewMediaAnalytics = typeof mediaAnalytics.$inferInsert;

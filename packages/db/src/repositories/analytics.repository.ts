import { and, between, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { MediaAnalytics } from '../schema';
import { analyticsFlushes, categories, media, mediaAnalytics, mediaAnalyticsDaily, models } from '../schema';
import type { Executor } from './executor';

/** One line of a counting bucket: a media's views or downloads of one UTC day. */
export interface CountedRow {
  mediaId: number;
  modelId: number;
  kind: 'view' | 'download';
  day: string;
  count: number;
  at: Date;
}

/** Half-life of the engagement score, in days (see README, Analytics). */
export const ENGAGEMENT_HALF_LIFE_DAYS = 30;

/** A UTC day range, both ends included ('YYYY-MM-DD'). */
export interface DayRange {
  from: string;
  to: string;
}

const sums = {
  views: sql<number>`cast(coalesce(sum(${mediaAnalyticsDaily.views}), 0) as unsigned)`.mapWith(Number),
  downloads: sql<number>`cast(coalesce(sum(${mediaAnalyticsDaily.downloads}), 0) as unsigned)`.mapWith(
    Number,
  ),
  edits: sql<number>`cast(coalesce(sum(${mediaAnalyticsDaily.edits}), 0) as unsigned)`.mapWith(Number),
};

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * engagement_score = Σ over the item's days (views + 5 × downloads + 3 × edits) × 0.5^(age in days / 30),
 * recomputed from media_analytics_daily for the given items.
 */
async function recomputeScores(executor: Executor, mediaIds: number[], now: Date): Promise<void> {
  if (mediaIds.length === 0) return;
  const today = utcDay(now);
  await executor.execute(sql`
    UPDATE media_analytics ma
    JOIN (
      SELECT media_id, SUM((views + 5 * downloads + 3 * edits)
        * POW(0.5, GREATEST(DATEDIFF(${today}, day), 0) / ${ENGAGEMENT_HALF_LIFE_DAYS})) AS score
      FROM media_analytics_daily
      WHERE media_id IN (${sql.join(
        mediaIds.map((id) => sql`${id}`),
        sql`, `,
      )})
      GROUP BY media_id
    ) d ON d.media_id = ma.media_id
    SET ma.engagement_score = ROUND(d.score, 2)`);
}

/** Usage counters per media: totals (seed table `media_analytics`) and per UTC day (`media_analytics_daily`). */
export function createAnalyticsRepository(db: Database) {
  return {
    /** One more saved edit of this media (in the caller's transaction, so a refused edit is not counted). */
    async countEdit(item: { id: number; modelId: number }, executor: Executor = db, now = new Date()) {
      await executor
        .insert(mediaAnalytics)
        .values({ mediaId: item.id, modelId: item.modelId, editCount: 1 })
        .onDuplicateKeyUpdate({ set: { editCount: sql`${mediaAnalytics.editCount} + 1` } });
      await executor
        .insert(mediaAnalyticsDaily)
        .values({ mediaId: item.id, modelId: item.modelId, day: utcDay(now), edits: 1 })
        .onDuplicateKeyUpdate({ set: { edits: sql`${mediaAnalyticsDaily.edits} + 1` } });
      await recomputeScores(executor, [item.id], now);
    },

    /**
     * Applies one counting bucket in one transaction, exactly once: the bucket id is recorded in the same
     * transaction, and a bucket already recorded is not applied again (false). Media deleted for good since are
     * skipped.
     */
    async applyFlush(bucket: string, rows: CountedRow[], now = new Date()): Promise<boolean> {
      return db.transaction(async (tx) => {
        const [inserted] = await tx.insert(analyticsFlushes).ignore().values({ bucket });
        if (inserted.affectedRows === 0) return false;
        const ids = [...new Set(rows.map((row) => row.mediaId))];
        if (ids.length === 0) return true;
        // An item purged between this read and the inserts fails the transaction (foreign key); the next flush
        // retries the bucket without it.
        const existing = new Set(
          (await tx.select({ id: media.id }).from(media).where(inArray(media.id, ids))).map((row) => row.id),
        );
        const daily = new Map<string, typeof mediaAnalyticsDaily.$inferInsert>();
        const totals = new Map<number, typeof mediaAnalytics.$inferInsert>();
        for (const row of rows) {
          if (!existing.has(row.mediaId)) continue;
          const dayKey = `${row.mediaId}:${row.day}`;
          const day = daily.get(dayKey) ?? { mediaId: row.mediaId, modelId: row.modelId, day: row.day };
          const total = totals.get(row.mediaId) ?? { mediaId: row.mediaId, modelId: row.modelId };
          if (row.kind === 'view') {
            day.views = (day.views ?? 0) + row.count;
            total.viewCount = (total.viewCount ?? 0) + row.count;
            if (!total.lastViewedAt || total.lastViewedAt < row.at) total.lastViewedAt = row.at;
          } else {
            day.downloads = (day.downloads ?? 0) + row.count;
            total.downloadCount = (total.downloadCount ?? 0) + row.count;
          }
          daily.set(dayKey, day);
          totals.set(row.mediaId, total);
        }
        if (totals.size === 0) return true;
        await tx
          .insert(mediaAnalyticsDaily)
          .values([...daily.values()].map((day) => ({ views: 0, downloads: 0, ...day })))
          .onDuplicateKeyUpdate({
            set: {
              views: sql`${mediaAnalyticsDaily.views} + values(${mediaAnalyticsDaily.views})`,
              downloads: sql`${mediaAnalyticsDaily.downloads} + values(${mediaAnalyticsDaily.downloads})`,
            },
          });
        await tx
          .insert(mediaAnalytics)
          .values(
            [...totals.values()].map((total) => ({
              viewCount: 0,
              downloadCount: 0,
              lastViewedAt: null,
              ...total,
            })),
          )
          .onDuplicateKeyUpdate({
            set: {
              viewCount: sql`${mediaAnalytics.viewCount} + values(${mediaAnalytics.viewCount})`,
              downloadCount: sql`${mediaAnalytics.downloadCount} + values(${mediaAnalytics.downloadCount})`,
              lastViewedAt: sql`coalesce(greatest(${mediaAnalytics.lastViewedAt}, values(${mediaAnalytics.lastViewedAt})), ${mediaAnalytics.lastViewedAt}, values(${mediaAnalytics.lastViewedAt}))`,
            },
          });
        await recomputeScores(tx, [...totals.keys()], now);
        return true;
      });
    },

    /** Forgets the ids of buckets applied before `cutoff` (a retry comes within minutes, not days). */
    async forgetFlushesBefore(cutoff: Date): Promise<number> {
      const [result] = await db.delete(analyticsFlushes).where(lt(analyticsFlushes.flushedAt, cutoff));
      return result.affectedRows;
    },

    async of(mediaId: number): Promise<MediaAnalytics | undefined> {
      return db.query.mediaAnalytics.findFirst({ where: eq(mediaAnalytics.mediaId, mediaId) });
    },

    /** A model's views, downloads and edits per day in the range (days without any are left out). */
    async perDay(modelId: number, range: DayRange) {
      return db
        .select({ day: mediaAnalyticsDaily.day, ...sums })
        .from(mediaAnalyticsDaily)
        .where(
          and(
            eq(mediaAnalyticsDaily.modelId, modelId),
            between(mediaAnalyticsDaily.day, range.from, range.to),
          ),
        )
        .groupBy(mediaAnalyticsDaily.day)
        .orderBy(mediaAnalyticsDaily.day);
    },

    /** A model's items by engagement score (all time, decayed), best first; items in the trash left out. */
    async top(modelId: number, limit: number) {
      return db
        .select({
          mediaId: mediaAnalytics.mediaId,
          originalFilename: media.originalFilename,
          currentVersion: media.currentVersion,
          placeholder: media.placeholder,
          dominantColor: media.dominantColor,
          views: mediaAnalytics.viewCount,
          downloads: mediaAnalytics.downloadCount,
          edits: mediaAnalytics.editCount,
          engagementScore: mediaAnalytics.engagementScore,
          lastViewedAt: mediaAnalytics.lastViewedAt,
        })
        .from(mediaAnalytics)
        .innerJoin(media, eq(media.id, mediaAnalytics.mediaId))
        .where(and(eq(mediaAnalytics.modelId, modelId), isNull(media.deletedAt)))
        .orderBy(desc(mediaAnalytics.engagementScore), desc(mediaAnalytics.viewCount), mediaAnalytics.mediaId)
        .limit(limit);
    },

    /** A model's counts per category in the range (categoryId null: uncategorised). */
    async perCategory(modelId: number, range: DayRange) {
      return db
        .select({ categoryId: media.categoryId, name: categories.name, color: categories.color, ...sums })
        .from(mediaAnalyticsDaily)
        .innerJoin(media, eq(media.id, mediaAnalyticsDaily.mediaId))
        .leftJoin(categories, eq(categories.id, media.categoryId))
        .where(
          and(
            eq(mediaAnalyticsDaily.modelId, modelId),
            between(mediaAnalyticsDaily.day, range.from, range.to),
          ),
        )
        .groupBy(media.categoryId, categories.name, categories.color)
        .orderBy(desc(sums.views));
    },

    /** Every model's counts in the range, models without any included with zeros (for admins). */
    async perModel(range: DayRange) {
      return db
        .select({
          modelId: models.id,
          slug: models.slug,
          displayName: models.displayName,
          archivedAt: models.archivedAt,
          ...sums,
        })
        .from(models)
        .leftJoin(
          mediaAnalyticsDaily,
          and(
            eq(mediaAnalyticsDaily.modelId, models.id),
            between(mediaAnalyticsDaily.day, range.from, range.to),
          ),
        )
        .groupBy(models.id, models.slug, models.displayName, models.archivedAt)
        .orderBy(desc(sums.views), models.displayName);
    },

    /** One item's rows per day in the range, oldest first. */
    async series(modelId: number, mediaId: number, range: DayRange) {
      return db
        .select({
          day: mediaAnalyticsDaily.day,
          views: mediaAnalyticsDaily.views,
          downloads: mediaAnalyticsDaily.downloads,
          edits: mediaAnalyticsDaily.edits,
        })
        .from(mediaAnalyticsDaily)
        .where(
          and(
            eq(mediaAnalyticsDaily.modelId, modelId),
            eq(mediaAnalyticsDaily.mediaId, mediaId),
            between(mediaAnalyticsDaily.day, range.from, range.to),
          ),
        )
        .orderBy(mediaAnalyticsDaily.day);
    },

    /** A model's rows per item and day in the range, for the CSV export (at most `limit`). */
    async rows(modelId: number, range: DayRange, limit: number) {
      return db
        .select({
          day: mediaAnalyticsDaily.day,
          mediaId: mediaAnalyticsDaily.mediaId,
          originalFilename: media.originalFilename,
          views: mediaAnalyticsDaily.views,
          downloads: mediaAnalyticsDaily.downloads,
          edits: mediaAnalyticsDaily.edits,
        })
        .from(mediaAnalyticsDaily)
        .innerJoin(media, eq(media.id, mediaAnalyticsDaily.mediaId))
        .where(
          and(
            eq(mediaAnalyticsDaily.modelId, modelId),
            between(mediaAnalyticsDaily.day, range.from, range.to),
          ),
        )
        .orderBy(mediaAnalyticsDaily.day, mediaAnalyticsDaily.mediaId)
        .limit(limit);
    },

    /** One media's per-day rows, oldest first. */
    async daysOf(mediaId: number) {
      return db
        .select()
        .from(mediaAnalyticsDaily)
        .where(eq(mediaAnalyticsDaily.mediaId, mediaId))
        .orderBy(mediaAnalyticsDaily.day);
    },
  };
}

export type AnalyticsRepository = ReturnType<typeof createAnalyticsRepository>;

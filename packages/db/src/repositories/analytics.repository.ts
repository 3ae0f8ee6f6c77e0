import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { MediaAnalytics } from '../schema';
import { mediaAnalytics } from '../schema';
import type { Executor } from './executor';

/** Usage counters per media (seed table `media_analytics`). */
export function createAnalyticsRepository(db: Database) {
  return {
    /** One more saved edit of this media (in the caller's transaction, so a refused edit is not counted). */
    async countEdit(item: { id: number; modelId: number }, executor: Executor = db): Promise<void> {
      await executor
        .insert(mediaAnalytics)
        .values({ mediaId: item.id, modelId: item.modelId, editCount: 1 })
        .onDuplicateKeyUpdate({ set: { editCount: sql`${mediaAnalytics.editCount} + 1` } });
    },
    async of(mediaId: number): Promise<MediaAnalytics | undefined> {
      return db.query.mediaAnalytics.findFirst({ where: eq(mediaAnalytics.mediaId, mediaId) });
    },
  };
}

export type AnalyticsRepository = ReturnType<typeof createAnalyticsRepository>;

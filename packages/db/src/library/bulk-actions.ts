import type { BulkAction } from '@phoenix4ge/shared';
import { decisionReason, decisionStatus } from '@phoenix4ge/shared';
import type { Database } from '../client';
import type { Repositories } from '../repositories';

/** Who runs a bulk action: recorded on decisions (`moderated_by`) and named in their reason. */
export interface BulkActor {
  userId: number | null;
  /** "editor@example.com" or "API key ci". */
  name: string;
}

/**
 * Applies one bulk action (all but `delete`, which is a purge) to these items of one model, in one transaction:
 * the unit of work the api runs for up to BULK_INLINE_MAX items and the worker's `media.bulk` job runs per chunk.
 * The ids are the model's (the caller resolved and checked them). Returns how many items changed.
 */
export async function applyBulkAction(
  db: Database,
  repositories: Pick<Repositories, 'media' | 'tags'>,
  modelId: number,
  ids: number[],
  action: Exclude<BulkAction, { type: 'delete' }>,
  actor: BulkActor,
): Promise<number> {
  const { media, tags } = repositories;
  if (ids.length === 0) return 0;
  return db.transaction(async (tx) => {
    switch (action.type) {
      case 'move':
        return media.moveToCategory(ids, action.categoryId, tx);
      case 'window':
        return media.setWindow(
          ids,
          { publishFrom: action.publishFrom, publishUntil: action.publishUntil },
          tx,
        );
      case 'addTags':
        await tags.add(modelId, ids, action.tags, tx);
        await media.touch(ids, tx);
        return ids.length;
      case 'removeTags':
        await tags.remove(ids, action.tagIds, tx);
        await media.touch(ids, tx);
        return ids.length;
      case 'moderate':
        return media.decide(
          ids,
          {
            status: decisionStatus[action.decision],
            reason: decisionReason(action.decision, actor.name, action.reason),
            userId: actor.userId,
          },
          tx,
        );
      case 'trash':
        return media.setTrashed(ids, new Date(), tx);
      case 'restore':
        return media.setTrashed(ids, null, tx);
    }
  });
}

import { applyBulkAction, purgeMedia, purgeOptionsFor } from '@phoenix4ge/db';
import { EventName } from '@phoenix4ge/shared';
import type { JobHandler } from './types';

/** Items changed per transaction; progress is reported after each. */
const CHUNK = 500;

/**
 * media.bulk: a bulk action over more items than one transaction takes (the api runs smaller ones itself). The
 * selection is resolved once, when the job starts, so items that start or stop matching meanwhile do not move
 * the goalposts; then chunk by chunk, each in its own transaction, with progress published to the model's
 * open libraries. Re-running after a crash repeats only idempotent work (a move, tag or decision applied twice
 * is the same; a trashed item is not trashed again). Audited once, at the end, like the api's own bulk actions.
 */
export const mediaBulk: JobHandler<'media.bulk'> = async (data, context) => {
  const { repositories } = context;
  const { modelId, selection, action, actor } = data;
  const ids = await repositories.media.selectIds(modelId, selection);
  const jobId = String(context.job.id);
  const progress = (done: number, finished: boolean) => {
    context.events.publish(EventName.BulkProgress, { modelId, jobId, done, total: ids.length, finished });
    return context.progress({ done, total: ids.length });
  };

  let changed = 0;
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    changed +=
      action.type === 'delete'
        ? await purgeMedia(
            { repositories, storage: context.storage },
            modelId,
            chunk,
            purgeOptionsFor(selection),
          )
        : await applyBulkAction(context.db, repositories, modelId, chunk, action, actor);
    await progress(Math.min(start + CHUNK, ids.length), false);
  }
  await repositories.audit.record({
    action: 'media.bulk',
    actorUserId: actor.userId,
    actorApiKeyId: actor.apiKeyId,
    modelId,
    targetType: 'media',
    targetId: null,
    details: { action, total: ids.length, changed, jobId },
    ip: actor.ip,
  });
  context.events.publish(EventName.LibraryChanged, { modelId, change: 'bulk', count: changed });
  await progress(ids.length, true);
  return { total: ids.length, changed };
};

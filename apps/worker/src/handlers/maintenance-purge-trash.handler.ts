import { purgeMedia } from '@phoenix4ge/db';
import { EventName } from '@phoenix4ge/shared';
import type { JobHandler } from './types';

const BATCH = 500;

/**
 * maintenance.purge-trash (scheduled hourly): deletes what has been in the trash longer than TRASH_RETENTION_DAYS:
 * rows, every variant and the original (unless another row still uses it). Two purges at once each delete what
 * the other has not yet (each row is deleted, and counted, by one of them); an item restored meanwhile is left
 * alone. Each model's open libraries hear how many of its items this run deleted.
 */
export const maintenancePurgeTrash: JobHandler<'maintenance.purge-trash'> = async (_data, context) => {
  const cutoff = new Date(Date.now() - context.config.trashRetentionDays * 86_400_000);
  const deps = { repositories: context.repositories, storage: context.storage };
  const perModel = new Map<number, number>();
  let purged = 0;
  for (;;) {
    const due = await context.repositories.media.trashedBefore(cutoff, BATCH);
    if (due.length === 0) break;
    const byModel = new Map<number, number[]>();
    for (const row of due) byModel.set(row.modelId, [...(byModel.get(row.modelId) ?? []), row.id]);
    for (const [modelId, ids] of byModel) {
      const deleted = await purgeMedia(deps, modelId, ids, { onlyTrashedBefore: cutoff });
      perModel.set(modelId, (perModel.get(modelId) ?? 0) + deleted);
      purged += deleted;
    }
  }
  for (const [modelId, count] of perModel) {
    if (count > 0) context.events.publish(EventName.LibraryChanged, { modelId, change: 'purge', count });
  }
  return { purged };
};

import { purgeMedia } from '@phoenix4ge/db';
import { EventName } from '@phoenix4ge/shared';
import type { JobHandler } from './types';

const BATCH = 500;

/**
 * maintenance.purge-trash (scheduled hourly): deletes what has been in the trash longer than TRASH_RETENTION_DAYS:
 * rows, every variant and the original (unless another row still uses it). Two purges at once each delete what
 * the other has not yet; an item restored meanwhile is left alone.
 */
export const maintenancePurgeTrash: JobHandler<'maintenance.purge-trash'> = async (_data, context) => {
  const cutoff = new Date(Date.now() - context.config.trashRetentionDays * 86_400_000);
  const deps = { repositories: context.repositories, storage: context.storage };
  const perModel = new Map<number, number>();
  let purged = 0;
  for (;;) {
    const due = await context.repositories.media.trashedBefore(cutoff, BATCH);
    if (due.length === 0) break;
    const deleted = await purgeMedia(
      deps,
      undefined,
      due.map((row) => row.id),
      { onlyTrashedBefore: cutoff },
    );
    for (const row of due) perModel.set(row.modelId, (perModel.get(row.modelId) ?? 0) + 1);
    purged += deleted;
  }
  for (const [modelId, count] of perModel) {
    context.events.publish(EventName.LibraryChanged, { modelId, change: 'purge', count });
  }
  return { purged };
};

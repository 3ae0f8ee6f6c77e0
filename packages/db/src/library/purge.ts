import type { MediaSelection } from '@phoenix4ge/shared';
import type { StorageDriver } from '@phoenix4ge/shared/node';
import type { Repositories } from '../repositories';

/**
 * Deletes media for good: rows first (their variants, metadata, tag links and moderation rows go by cascade), then
 * their files. An original is deleted only when no row uses its key any more, and not when it was written again
 * after the row went to the trash (a new upload of the same content may be storing it right now). Idempotent and
 * safe to run twice at once: a row already gone is skipped, a file already gone is fine.
 * `onlyTrashedBefore`: the trash purge deletes only items still in the trash since before then.
 */
export async function purgeMedia(
  deps: { repositories: Pick<Repositories, 'media' | 'variants'>; storage: StorageDriver },
  modelId: number | undefined,
  ids: number[],
  options: { onlyTrashedBefore?: Date } = {},
): Promise<number> {
  const { media, variants } = deps.repositories;
  if (ids.length === 0) return 0;
  const rows = (await media.byIds(ids)).filter(
    (row) =>
      (modelId === undefined || row.modelId === modelId) &&
      (!options.onlyTrashedBefore || (row.deletedAt !== null && row.deletedAt < options.onlyTrashedBefore)),
  );
  if (rows.length === 0) return 0;
  const variantKeys = await variants.allKeysOf(rows.map((row) => row.id));
  const deleted = await media.deleteRows(
    rows.map((row) => row.id),
    options.onlyTrashedBefore,
  );
  for (const key of variantKeys) await deps.storage.delete(key);
  const stillUsed = await media.knownOriginalKeys(rows.map((row) => row.storageKey));
  for (const row of rows) {
    if (stillUsed.has(row.storageKey)) continue;
    const stored = await deps.storage.stat(row.storageKey);
    if (!stored) continue;
    const since = row.deletedAt ?? new Date();
    if (stored.modifiedAt > since) continue;
    await deps.storage.delete(row.storageKey);
  }
  return deleted;
}

/**
 * How a bulk "delete forever" purges its selection: when it was chosen from the trash (a `trash: true` filter,
 * as "empty trash" sends), only items still in the trash, so one restored while a long job runs is left alone.
 */
export function purgeOptionsFor(selection: MediaSelection): { onlyTrashedBefore?: Date } {
  return 'filter' in selection && selection.filter.trash ? { onlyTrashedBefore: new Date() } : {};
}

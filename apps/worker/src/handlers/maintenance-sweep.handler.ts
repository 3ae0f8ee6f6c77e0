import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ORIGINALS_PREFIX } from '@phoenix4ge/shared';
import { LOCAL_TEMP_DIR } from '@phoenix4ge/shared/node';
import type { JobHandler } from './types';

const SENT_OUTBOX_RETENTION_DAYS = 7;

/**
 * maintenance.sweep: removes what crashes leave behind. Upload spool files and stored originals that no media
 * row points at (the api died between storing and committing), expired sessions, old dispatched outbox rows and
 * the files of GDPR exports whose link expired.
 * Only things older than `olderThanMinutes` are touched, so uploads in flight are safe.
 */
export const maintenanceSweep: JobHandler<'maintenance.sweep'> = async (data, context) => {
  const cutoff = new Date(Date.now() - data.olderThanMinutes * 60_000);

  let spoolFilesRemoved = 0;
  const spoolDir = path.join(context.config.storage.localPath, LOCAL_TEMP_DIR);
  for (const name of await readdir(spoolDir).catch(() => [] as string[])) {
    const file = path.join(spoolDir, name);
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile() && info.mtime < cutoff) {
      await rm(file, { force: true });
      spoolFilesRemoved += 1;
    }
  }

  let orphanOriginalsRemoved = 0;
  let batch: string[] = [];
  const flush = async () => {
    const known = await context.repositories.media.knownOriginalKeys(batch);
    for (const key of batch.filter((candidate) => !known.has(candidate))) {
      await context.storage.delete(key);
      context.logger.info({ key }, 'removed an original no media row points at');
      orphanOriginalsRemoved += 1;
    }
    batch = [];
  };
  for await (const object of context.storage.list(ORIGINALS_PREFIX)) {
    if (object.modifiedAt >= cutoff) continue;
    batch.push(object.key);
    if (batch.length >= 500) await flush();
  }
  await flush();

  const expiredSessionsRemoved = await context.repositories.sessions.deleteExpired(new Date());
  const sentOutboxRowsRemoved = await context.repositories.outbox.deleteSentBefore(
    new Date(Date.now() - SENT_OUTBOX_RETENTION_DAYS * 86_400_000),
  );
  // GDPR exports whose link expired: the file goes, the row stays (a late link answers 410, not 404).
  let expiredExportsRemoved = 0;
  for (const expired of await context.repositories.exports.expiredWithFiles(new Date())) {
    if (expired.storageKey) await context.storage.delete(expired.storageKey);
    await context.repositories.exports.markExpired(expired.id);
    expiredExportsRemoved += 1;
  }
  return {
    spoolFilesRemoved,
    orphanOriginalsRemoved,
    expiredSessionsRemoved,
    sentOutboxRowsRemoved,
    expiredExportsRemoved,
  };
};

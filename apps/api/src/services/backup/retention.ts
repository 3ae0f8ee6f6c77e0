/** BACKUP_KEEP: the newest complete backups stay; partials are removed only once their process is long gone. */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { completeBackupName, PARTIAL_SUFFIX } from './manifest';

/** A partial whose heartbeat (touched as files are copied) is older than this was left by a crash. */
const ABANDONED_AFTER_MS = 24 * 3600_000;

/** Complete backups under `dir`, newest first (the names sort by their UTC time). */
export async function completeBackups(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory() && completeBackupName.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .reverse();
}

export async function pruneBackups(dir: string, keep: number, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of (await completeBackups(dir)).slice(keep)) {
    await rm(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.filter((e) => e.isDirectory() && e.name.endsWith(PARTIAL_SUFFIX))) {
    const folder = path.join(dir, entry.name);
    const alive = await stat(path.join(folder, '.alive')).catch(() => stat(folder));
    if (now - alive.mtimeMs > ABANDONED_AFTER_MS) {
      await rm(folder, { recursive: true, force: true });
      removed.push(entry.name);
    }
  }
  return removed;
}

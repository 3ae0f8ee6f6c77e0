import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@phoenix4ge/shared/node';

const HOUR_MS = 3600_000;

/**
 * Removes this host's upload spool files older than `olderThanMs`: what an api killed mid-upload left behind. No
 * upload outlives the request timeout, so files older than it belong to no request of any api on this host. The
 * worker's maintenance.sweep does the same, but only on the host of the worker that runs it; an api-only host
 * cleans its own spool at start and every hour.
 */
export async function sweepSpool(spoolDir: string, olderThanMs: number): Promise<number> {
  const cutoff = Date.now() - olderThanMs;
  let removed = 0;
  for (const name of await readdir(spoolDir).catch(() => [] as string[])) {
    const file = path.join(spoolDir, name);
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile() && info.mtimeMs < cutoff) {
      await rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}

/** Sweeps now and every hour until `stop()`; a failure is logged, never thrown. */
export function startSpoolSweeper(spoolDir: string, olderThanMs: number, logger: Logger) {
  const sweep = () =>
    sweepSpool(spoolDir, olderThanMs).then(
      (removed) => {
        if (removed > 0) logger.info({ removed, spoolDir }, 'removed upload spool files no request owns');
      },
      (error: unknown) => logger.warn({ err: error, spoolDir }, 'upload spool sweep failed'),
    );
  void sweep();
  const timer = setInterval(sweep, HOUR_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

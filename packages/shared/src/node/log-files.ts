import fs from 'node:fs';
import path from 'node:path';

/** The base name of one process's log files; pino-roll appends `.<date>.<n>.log`. */
export function logFileBase(directory: string, processName: string, pid = process.pid): string {
  return path.join(directory, `${processName}-${pid}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Each process rotates only its own files (kept to LOG_FILE_KEEP), so files of processes that have exited
 * (restarts, a cluster's replaced instances) are bounded here, once at start: the newest `keep` of them stay (the
 * last words of a crash), older ones go. Files of running processes are never touched.
 */
export function pruneDeadProcessLogs(directory: string, processName: string, keep: number): void {
  let names: string[];
  try {
    names = fs.readdirSync(directory);
  } catch {
    return;
  }
  const pattern = new RegExp(`^${processName.replace(/[^A-Za-z0-9_-]/g, '')}-(\\d+)\\..*\\.log$`);
  const running = new Map<number, boolean>();
  const stale = names
    .map((name) => ({ name, pid: Number(pattern.exec(name)?.[1] ?? Number.NaN) }))
    .filter(({ pid }) => {
      if (Number.isNaN(pid) || pid === process.pid) return false;
      if (!running.has(pid)) running.set(pid, isRunning(pid));
      return !running.get(pid);
    })
    .map(({ name }) => {
      const file = path.join(directory, name);
      try {
        return { file, modified: fs.statSync(file).mtimeMs };
      } catch {
        return undefined;
      }
    })
    .filter((entry) => entry !== undefined)
    .sort((a, b) => b.modified - a.modified);
  for (const { file } of stale.slice(keep)) fs.rmSync(file, { force: true });
}

import { readdir, readFile, readlink } from 'node:fs/promises';

/** Resident memory of a process in MB (`VmRSS` of /proc/<pid>/status), or undefined once it is gone. */
export async function residentMb(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  const kb = status?.match(/^VmRSS:\s+(\d+)\s+kB$/m)?.[1];
  return kb === undefined ? undefined : Number(kb) / 1024;
}

/**
 * Open file descriptors of a process (entries of /proc/<pid>/fd), and how many of them are sockets (connections
 * come and go with the load; files, pipes and the rest must not grow), or undefined once it is gone.
 */
export async function openFds(pid: number): Promise<{ total: number; sockets: number } | undefined> {
  const dir = `/proc/${pid}/fd`;
  const entries = await readdir(dir).catch(() => undefined);
  if (!entries) return undefined;
  const targets = await Promise.all(entries.map((entry) => readlink(`${dir}/${entry}`).catch(() => '')));
  return { total: entries.length, sockets: targets.filter((target) => target.startsWith('socket:')).length };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export interface Sample<T> {
  /** Milliseconds since the traffic started. */
  at: number;
  value: T;
}

/**
 * A figure's drift over the measured part of a run: the median of the first `windowMs` after the warm-up against
 * the median of the last `windowMs`.
 */
export function drift<T>(
  samples: readonly Sample<T>[],
  read: (value: T) => number | undefined,
  window: { from: number; to: number; ms: number },
) {
  const within = (start: number, end: number) =>
    samples
      .filter((sample) => sample.at >= start && sample.at <= end)
      .map((sample) => read(sample.value))
      .filter((value): value is number => value !== undefined);
  const first = median(within(window.from, window.from + window.ms));
  const last = median(within(window.to - window.ms, window.to));
  return { first, last, growth: (last - first) / first };
}

/**
 * The JS heap in use, the heap V8 has committed (in use or not) and V8's external memory (Buffers) of a process
 * in MB, from its Prometheus scrape (the default Node metrics): says whether RSS growth is JS objects or native
 * memory. Undefined when not answered.
 */
export async function heapMb(
  metricsUrl: string,
): Promise<{ heap: number; committed: number; external: number } | undefined> {
  const text = await fetch(metricsUrl)
    .then((response) => (response.ok ? response.text() : undefined))
    .catch(() => undefined);
  const read = (name: string) => Number(text?.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1]) / 2 ** 20;
  const heap = read('nodejs_heap_size_used_bytes');
  const committed = read('nodejs_heap_size_total_bytes');
  const external = read('nodejs_external_memory_bytes');
  return Number.isFinite(heap) && Number.isFinite(committed) ? { heap, committed, external } : undefined;
}

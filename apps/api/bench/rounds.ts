import { availableParallelism } from 'node:os';
import type { LoadResult } from './lib';
import { pinTree, wrkLoad } from './lib';

export interface LoadRun {
  id: string;
  url: string;
  /** The server answering it (its CPU per request is measured). */
  pid: number | undefined;
  headers?: Record<string, string>;
}

export interface Rounds {
  all(id: string): LoadResult[];
  /** The run of median throughput (its latency and CPU figures come with it). */
  median(id: string): LoadResult;
  /** The median over the rounds of `pick(id) / pick(baseline)`, each ratio from runs of one round. */
  ratio(id: string, baseline: string, pick: (result: LoadResult) => number): number;
  /** Each run's throughput, for a note. */
  list(id: string): string;
}

const medianOf = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * Every run once per round, `rounds` times, each with wrk for `seconds` after its warm-up. A shared two-core
 * machine drifts between two speeds from one minute to the next (a hello-world measured 18,000 and 33,000 req/s
 * a minute apart); a baseline and what is compared with it, run side by side in each round, see the same speed,
 * and the median of the rounds' ratios leaves out a round that caught a change. On two or more cores the servers
 * run on the first core and wrk on the second, as if on two machines: left to the scheduler, the server and its
 * load generator took turns on both cores, and a cached 304 cost the api 40 µs in one run and 80 µs in the next
 * (a single server on its own core: 38–56 µs). Every server gets the same core, baseline or not.
 */
export async function interleaved(
  runs: LoadRun[],
  rounds: number,
  log: (message: string) => void,
  options = { connections: 32, seconds: 10 },
): Promise<Rounds> {
  const results = new Map<string, LoadResult[]>(runs.map((run) => [run.id, []]));
  const cores = availableParallelism();
  const servers = [...new Set(runs.map((run) => run.pid).filter((pid) => pid !== undefined))];
  const pinned = cores >= 2;
  if (pinned) for (const pid of servers) await pinTree(pid, '0');
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const run of runs) {
        const result = await wrkLoad(run.url, {
          ...options,
          headers: run.headers,
          serverPid: run.pid,
          cpus: pinned ? '1' : undefined,
        });
        results.get(run.id)?.push(result);
        log(
          `round ${round}, ${run.id}: ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99Ms} ms, ` +
            `CPU per request ${Math.round(result.serverCpuUsPerRequest ?? 0)} µs server, ${Math.round(result.clientCpuUsPerRequest ?? 0)} µs wrk`,
        );
      }
    }
  } finally {
    if (pinned) for (const pid of servers) await pinTree(pid, `0-${cores - 1}`).catch(() => undefined);
  }
  const all = (id: string) => results.get(id) ?? [];
  return {
    all,
    median(id) {
      const sorted = [...all(id)].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
      const middle = sorted[Math.floor(sorted.length / 2)];
      if (!middle) throw new Error(`no runs of ${id}`);
      return middle;
    },
    ratio(id, baseline, pick) {
      const base = all(baseline);
      return medianOf(all(id).map((result, round) => pick(result) / pick(base[round] as LoadResult)));
    },
    list: (id) =>
      all(id)
        .map((result) => Math.round(result.requestsPerSecond).toLocaleString('en-US'))
        .join(', '),
  };
}

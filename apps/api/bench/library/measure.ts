/** The load measurements of the library benchmark: one URL under the load tool, and cold facet counts. */
import type { Figure } from '../harness';
import type { LoadResult } from '../lib';
import { load } from '../lib';

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

const verdict = (p99: number, target: number) =>
  `target p99 < ${target} ms: ${p99 < target ? 'PASS' : 'FAIL'}`;

export interface Measured {
  loaded: LoadResult;
  single: LoadResult;
}

/**
 * A URL under `connections` (throughput, latency when the api is saturated) and then one request at a time
 * (latency without queueing). Failed requests are counted, not fatal: a shape that times out is a finding.
 */
export async function measureUrl(
  url: string,
  cookie: string,
  options: { connections: number; seconds: number },
): Promise<Measured> {
  const sample = await fetch(url, { headers: { cookie } });
  if (!sample.ok) throw new Error(`${url}: ${sample.status} ${await sample.text()}`);
  await sample.arrayBuffer();
  const headers = { cookie };
  const loaded = await load(url, { ...options, headers });
  const single = await load(url, { connections: 1, seconds: Math.ceil(options.seconds / 2), headers });
  return { loaded, single };
}

/** The figures of one measured shape, with its targets. */
export function shapeFigures(
  title: string,
  measured: Measured,
  options: { target: number; baseline: LoadResult; connections: number; throughputTarget?: number },
): Figure[] {
  const { loaded, single } = measured;
  const ratio = loaded.requestsPerSecond / options.baseline.requestsPerSecond;
  const errors = (result: LoadResult) => (result.errors > 0 ? `; ${result.errors} failed or timed out` : '');
  return [
    {
      name: `${title}: throughput`,
      value: loaded.requestsPerSecond,
      unit: 'req/s',
      note:
        `${ratio.toFixed(3)} × tRPC hello-world` +
        (options.throughputTarget !== undefined
          ? `; target ≥ ${options.throughputTarget}: ${ratio >= options.throughputTarget ? 'PASS' : 'FAIL'}`
          : '') +
        errors(loaded),
    },
    { name: `${title}: latency p50, ${options.connections} connections`, value: loaded.p50Ms, unit: 'ms' },
    {
      name: `${title}: latency p99, ${options.connections} connections`,
      value: loaded.p99Ms,
      unit: 'ms',
      note: verdict(loaded.p99Ms, options.target),
    },
    { name: `${title}: latency p50, one at a time`, value: single.p50Ms, unit: 'ms' },
    {
      name: `${title}: latency p99, one at a time`,
      value: single.p99Ms,
      unit: 'ms',
      note: `${verdict(single.p99Ms, options.target)}${errors(single)}`,
    },
  ];
}

/** Latencies of single requests each made right after `invalidate()` (a cache miss every time). */
export async function coldLatencies(
  url: string,
  cookie: string,
  invalidate: () => Promise<void>,
  samples: number,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let index = 0; index < samples; index += 1) {
    await invalidate();
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

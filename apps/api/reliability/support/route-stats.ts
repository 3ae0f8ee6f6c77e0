/** Status 0: no HTTP answer at all (connection refused or reset, a timeout). */
export const NO_ANSWER = 0;

interface RouteRecord {
  statuses: Map<number, number>;
  /** Latencies (ms) of requests made after the warm-up; sorted when read. */
  latencies: number[];
}

export interface RouteSummary {
  route: string;
  requests: number;
  statuses: Record<string, number>;
  serverErrors: number;
  noAnswer: number;
  /** Statuses this route must never answer under this traffic (not 5xx, which are counted apart). */
  unexpected: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The value below which `fraction` of the sorted samples lie (nearest rank). */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil(fraction * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? 0;
}

/**
 * Every answer per route: its status (all of them, warm-up included: a 5xx is a 5xx whenever it comes) and its
 * latency once `measuring` is on. Each route names the statuses it may answer under the soak's traffic; anything
 * else is counted as unexpected.
 */
export class RouteStats {
  private readonly routes = new Map<string, RouteRecord>();
  measuring = false;

  constructor(private readonly allowed: (route: string, status: number) => boolean) {}

  record(route: string, status: number, ms: number): void {
    let record = this.routes.get(route);
    if (!record) {
      record = { statuses: new Map(), latencies: [] };
      this.routes.set(route, record);
    }
    record.statuses.set(status, (record.statuses.get(status) ?? 0) + 1);
    if (this.measuring && status !== NO_ANSWER) record.latencies.push(ms);
  }

  summaries(): RouteSummary[] {
    return [...this.routes.entries()]
      .map(([route, record]) => {
        const sorted = [...record.latencies].sort((a, b) => a - b);
        const statuses = Object.fromEntries([...record.statuses.entries()].sort(([a], [b]) => a - b));
        const count = (match: (status: number) => boolean) =>
          [...record.statuses.entries()].reduce((sum, [status, n]) => sum + (match(status) ? n : 0), 0);
        return {
          route,
          requests: count(() => true),
          statuses,
          serverErrors: count((status) => status >= 500),
          noAnswer: count((status) => status === NO_ANSWER),
          unexpected: count((status) => status !== NO_ANSWER && status < 500 && !this.allowed(route, status)),
          p50: percentile(sorted, 0.5),
          p95: percentile(sorted, 0.95),
          p99: percentile(sorted, 0.99),
          max: sorted.at(-1) ?? 0,
        };
      })
      .sort((a, b) => b.requests - a.requests);
  }
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

/** The per-route table as Markdown (what soak-routes.md holds). */
export function routeTable(summaries: readonly RouteSummary[]): string {
  const rows = summaries.map((row) => {
    const statuses = Object.entries(row.statuses)
      .map(([status, n]) => `${status === String(NO_ANSWER) ? 'no answer' : status}×${n}`)
      .join(' ');
    return `| ${row.route} | ${row.requests} | ${statuses} | ${ms(row.p50)} | ${ms(row.p95)} | ${ms(row.p99)} | ${ms(row.max)} |`;
  });
  return [
    '| route | requests | statuses | p50 ms | p95 ms | p99 ms | max ms |',
    '|---|---:|---|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

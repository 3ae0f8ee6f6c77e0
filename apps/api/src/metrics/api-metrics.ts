import type { Logger } from '@phoenix4ge/shared/node';
import { createMetricsRegistry, METRICS_PREFIX } from '@phoenix4ge/shared/node';
import { Counter, Gauge, Histogram } from 'prom-client';

/** Request and procedure durations: 5 ms to 30 s (uploads and ZIP downloads take long). */
const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The label of a request no route matched (its raw URL stays out: it is unbounded). */
export const UNMATCHED_ROUTE = 'unmatched';

export interface ApiMetricsDeps {
  /** When the oldest outbox row still waiting to be queued was written. */
  oldestPendingOutboxAt: () => Promise<Date | undefined>;
  /** Milliseconds since any worker's latest heartbeat (undefined: none). */
  heartbeatAgeMs: () => Promise<number | undefined>;
  /** Free and total bytes where media is stored; undefined when storage is not local (S3). */
  diskSpace: (() => Promise<{ free: number; size: number }>) | undefined;
  logger: Pick<Logger, 'debug'>;
}

/**
 * The api's metrics, one registry per server object. Labels are bounded: route patterns, procedure paths, job and
 * provider names, statuses; never ids, slugs or raw URLs. Gauges about other parts (outbox, worker heartbeat,
 * disk) are read when scraped; a part that cannot be read reports NaN rather than failing the scrape.
 */
export function createApiMetrics(deps: ApiMetricsDeps) {
  const registry = createMetricsRegistry();
  const registers = [registry];
  const unreadable = (what: string) => (error: unknown) => {
    deps.logger.debug({ err: error }, `metrics: ${what} not read`);
    return Number.NaN;
  };

  const httpDuration = new Histogram({
    name: `${METRICS_PREFIX}http_request_duration_seconds`,
    help: 'HTTP requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: durationBuckets,
    registers,
  });
  const trpcDuration = new Histogram({
    name: `${METRICS_PREFIX}trpc_procedure_duration_seconds`,
    help: 'tRPC procedure calls by procedure path, type and result code (OK or the tRPC error code)',
    labelNames: ['procedure', 'type', 'code'] as const,
    buckets: durationBuckets,
    registers,
  });
  const uploads = new Counter({
    name: `${METRICS_PREFIX}uploads_total`,
    help: 'Uploaded files by outcome (created, duplicate, rejected)',
    labelNames: ['outcome'] as const,
    registers,
  });
  const uploadBytes = new Counter({
    name: `${METRICS_PREFIX}upload_bytes_total`,
    help: 'Bytes received in uploaded files, by outcome',
    labelNames: ['outcome'] as const,
    registers,
  });
  const moderationDecisions = new Counter({
    name: `${METRICS_PREFIX}moderation_decisions_total`,
    help: 'Moderation decisions applied, by provider (person: a decision in the moderation queue) and verdict',
    labelNames: ['provider', 'verdict'] as const,
    registers,
  });
  const cacheHits = new Counter({
    name: `${METRICS_PREFIX}gallery_cache_hits_total`,
    help: 'Public gallery API answers served from the cache, by endpoint and tier (replay: answered before the framework, memory, redis)',
    labelNames: ['endpoint', 'tier'] as const,
    registers,
  });
  const cacheMisses = new Counter({
    name: `${METRICS_PREFIX}gallery_cache_misses_total`,
    help: 'Public gallery API answers computed, by endpoint and reason (absent, or error: Redis unreadable)',
    labelNames: ['endpoint', 'reason'] as const,
    registers,
  });
  new Gauge({
    name: `${METRICS_PREFIX}outbox_oldest_pending_age_seconds`,
    help: 'Age of the oldest outbox row not yet queued (0 when none waits)',
    registers,
    async collect() {
      const at = await deps.oldestPendingOutboxAt().catch(unreadable('outbox'));
      this.set(typeof at === 'number' ? at : at ? Math.max(0, (Date.now() - at.getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: `${METRICS_PREFIX}worker_heartbeat_age_seconds`,
    help: "Seconds since any worker's latest heartbeat in Redis (+Inf when no worker has one)",
    registers,
    async collect() {
      const ms = await deps.heartbeatAgeMs().catch(unreadable('heartbeat'));
      this.set(ms === undefined ? Number.POSITIVE_INFINITY : ms / 1000);
    },
  });
  const { diskSpace } = deps;
  if (diskSpace) {
    new Gauge({
      name: `${METRICS_PREFIX}storage_free_ratio`,
      help: 'Free share (0 to 1) of the file system holding MEDIA_STORAGE_PATH',
      registers,
      async collect() {
        const space = await diskSpace().catch(unreadable('disk space'));
        this.set(typeof space === 'number' ? space : space.size > 0 ? space.free / space.size : Number.NaN);
      },
    });
  }

  return {
    registry,
    httpRequest(method: string, route: string | undefined, statusCode: number, seconds: number) {
      httpDuration.observe(
        { method, route: route ?? UNMATCHED_ROUTE, status_code: String(statusCode) },
        seconds,
      );
    },
    trpcCall(procedure: string, type: string, code: string, seconds: number) {
      trpcDuration.observe({ procedure, type, code }, seconds);
    },
    upload(outcome: 'created' | 'duplicate' | 'rejected', bytes: number) {
      uploads.inc({ outcome });
      uploadBytes.inc({ outcome }, bytes);
    },
    moderationDecisions(provider: string, verdict: string, count = 1) {
      moderationDecisions.inc({ provider, verdict }, count);
    },
    /** `what` is the cache entry's name (`gallery:…`, `categories`): its first part is the endpoint. */
    galleryCache(what: string, result: 'replay' | 'memory' | 'redis' | 'absent' | 'error') {
      const endpoint = what.split(':')[0] ?? what;
      if (result === 'replay' || result === 'memory' || result === 'redis')
        cacheHits.inc({ endpoint, tier: result });
      else cacheMisses.inc({ endpoint, reason: result });
    },
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

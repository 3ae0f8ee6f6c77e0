import type { HealthReport, PingResult, ServiceState } from '@phoenix4ge/shared';
import { criticalServices, JobName, queuesInUse } from '@phoenix4ge/shared';
import type { Jobs } from '@phoenix4ge/shared/node';
import { withTimeout } from '@phoenix4ge/shared/node';
import { TRPCError } from '@trpc/server';
import { errorMessage } from '../lib/error-message';
import type { HealthRepository } from '../repositories/health.repository';

const PROBE_TIMEOUT_MS = 2500;
const PING_TIMEOUT_MS = 10_000;
/** Below this share of free disk the disk part warns (the seed's threshold). */
const DISK_WARNING_PERCENT = 10;
/** A job waiting longer than this makes the queue part warn. */
const QUEUE_LAG_WARNING_MS = 5 * 60_000;

export interface SystemServiceDeps {
  health: HealthRepository;
  jobs: Pick<Jobs, 'run'>;
  version: string;
}

export function createSystemService(deps: SystemServiceDeps) {
  const { health } = deps;

  async function probe(what: string, check: () => Promise<void>) {
    const started = performance.now();
    try {
      await withTimeout(check(), PROBE_TIMEOUT_MS, what);
      return { status: 'healthy' as ServiceState, latencyMs: round(performance.now() - started) };
    } catch (error) {
      return { status: 'unhealthy' as ServiceState, error: errorMessage(error) };
    }
  }

  async function disk(): Promise<HealthReport['services']['disk']> {
    try {
      const { path, free, size } = await withTimeout(health.diskSpace(), PROBE_TIMEOUT_MS, 'disk check');
      const freeSpacePercent = size > 0 ? round((free / size) * 100) : 0;
      return {
        status: freeSpacePercent > DISK_WARNING_PERCENT ? 'healthy' : 'warning',
        path,
        freeSpacePercent,
        freeBytes: free,
        totalBytes: size,
      };
    } catch (error) {
      return { status: 'unknown', path: '', error: errorMessage(error) };
    }
  }

  async function workers(): Promise<HealthReport['services']['worker']> {
    try {
      const live = await withTimeout(health.liveWorkers(), PROBE_TIMEOUT_MS, 'worker heartbeat read');
      return live.length > 0
        ? { status: 'healthy', workers: live }
        : { status: 'unhealthy', workers: [], error: 'No worker heartbeat in the last 15 s' };
    } catch (error) {
      return {
        status: 'unhealthy',
        workers: [],
        error: `Cannot read worker heartbeats: ${errorMessage(error)}`,
      };
    }
  }

  async function queues(): Promise<HealthReport['services']['queues']> {
    try {
      const counts = await withTimeout(
        Promise.all(queuesInUse().map((name) => health.queueCounts(name))),
        PROBE_TIMEOUT_MS,
        'queue counts',
      );
      const lagging = counts.filter((queue) => (queue.oldestWaitingMs ?? 0) > QUEUE_LAG_WARNING_MS);
      return lagging.length > 0
        ? {
            status: 'warning',
            queues: counts,
            error: `Jobs waiting over 5 min in ${lagging.map((q) => q.name).join(', ')}`,
          }
        : { status: 'healthy', queues: counts };
    } catch (error) {
      return { status: 'unknown', queues: [], error: errorMessage(error) };
    }
  }

  return {
    async status(): Promise<HealthReport> {
      const [database, redis, diskReport, worker, queueReport] = await Promise.all([
        probe('database query', health.pingDatabase),
        probe('Redis PING', health.pingRedis),
        disk(),
        workers(),
        queues(),
      ]);
      const services = { database, redis, disk: diskReport, worker, queues: queueReport };
      const degraded = criticalServices.some((name) => services[name].status === 'unhealthy');
      return {
        status: degraded ? 'degraded' : 'ok',
        timestamp: new Date().toISOString(),
        uptimeSeconds: Math.round(process.uptime()),
        version: deps.version,
        services,
      };
    },

    /** A real round trip through Redis, BullMQ and a worker. */
    async ping(requestedBy?: string): Promise<PingResult> {
      const started = performance.now();
      let live: Awaited<ReturnType<HealthRepository['liveWorkers']>>;
      try {
        live = await withTimeout(health.liveWorkers(), PROBE_TIMEOUT_MS, 'worker heartbeat read');
      } catch (error) {
        throw new TRPCError({
          code: 'SERVICE_UNAVAILABLE',
          message: `Redis is unavailable: ${errorMessage(error)}`,
        });
      }
      if (live.length === 0) {
        throw new TRPCError({
          code: 'SERVICE_UNAVAILABLE',
          message: 'No worker is running, so nothing can answer.',
        });
      }
      try {
        const { jobId, result } = await deps.jobs.run(
          JobName.SystemPing,
          { requestedAt: Date.now(), requestedBy },
          PING_TIMEOUT_MS,
          { attempts: 1, removeOnComplete: { age: 600 }, removeOnFail: { age: 3600 } },
        );
        return { jobId, workerId: result.workerId, roundTripMs: round(performance.now() - started) };
      } catch (error) {
        if (error instanceof Error && /timed out/i.test(error.message)) {
          throw new TRPCError({
            code: 'TIMEOUT',
            message: `No worker answered within ${PING_TIMEOUT_MS / 1000} s.`,
          });
        }
        throw new TRPCError({
          code: 'SERVICE_UNAVAILABLE',
          message: `Ping failed: ${errorMessage(error)}`,
          cause: error,
        });
      }
    },
  };
}

export type SystemService = ReturnType<typeof createSystemService>;

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

import type { JobResultOf, QueueName } from '@phoenix4ge/shared';
import type { Logger, QueueCounts } from '@phoenix4ge/shared/node';
import { createMetricsRegistry, METRICS_PREFIX } from '@phoenix4ge/shared/node';
import type { Job } from 'bullmq';
import { Counter, Gauge, Histogram } from 'prom-client';

/** Jobs take from milliseconds (bookkeeping) to minutes (a large edit, a bulk action, a slow provider). */
const jobBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const queueStates = ['waiting', 'active', 'delayed', 'failed'] as const;

export interface WorkerMetricsDeps {
  queues: QueueName[];
  counts: (queue: QueueName) => Promise<QueueCounts>;
  logger: Pick<Logger, 'debug'>;
}

/**
 * The worker's metrics, one registry per worker object: queue gauges (read from Redis when scraped; every worker
 * reports the same queue-wide numbers, so aggregate them with max, not sum), job durations by job name and outcome,
 * and the moderation decisions this worker applied (read from the moderation jobs' results).
 */
export function createWorkerMetrics(deps: WorkerMetricsDeps) {
  const registry = createMetricsRegistry();
  const registers = [registry];

  const jobDuration = new Histogram({
    name: `${METRICS_PREFIX}job_duration_seconds`,
    help: 'Jobs processed by this worker, by queue, job name and outcome (completed, failed)',
    // `job_name`, not `job`: Prometheus reserves `job` for the scrape target.
    labelNames: ['queue', 'job_name', 'outcome'] as const,
    buckets: jobBuckets,
    registers,
  });
  const moderationDecisions = new Counter({
    name: `${METRICS_PREFIX}moderation_decisions_total`,
    help: 'Moderation decisions applied, by provider (local, http, manual) and verdict',
    labelNames: ['provider', 'verdict'] as const,
    registers,
  });

  async function countAll(): Promise<QueueCounts[]> {
    const all = await Promise.allSettled(deps.queues.map((queue) => deps.counts(queue)));
    return all.flatMap((result) => {
      if (result.status === 'fulfilled') return [result.value];
      deps.logger.debug({ err: result.reason }, 'metrics: queue counts not read');
      return [];
    });
  }
  /** Both queue gauges of one scrape share one read of the counts. */
  let recent: { at: number; counts: Promise<QueueCounts[]> } | undefined;
  function readCounts(): Promise<QueueCounts[]> {
    if (!recent || Date.now() - recent.at > 1000) recent = { at: Date.now(), counts: countAll() };
    return recent.counts;
  }

  new Gauge({
    name: `${METRICS_PREFIX}queue_jobs`,
    help: 'Jobs in each queue by state (waiting, active, delayed, failed); queue-wide, the same from every worker',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      this.reset();
      for (const counts of await readCounts()) {
        for (const state of queueStates) this.set({ queue: counts.name, state }, counts[state]);
      }
    },
  });
  new Gauge({
    name: `${METRICS_PREFIX}queue_oldest_waiting_age_seconds`,
    help: 'How long the oldest waiting job of each queue has waited (0 when none waits)',
    labelNames: ['queue'] as const,
    registers,
    async collect() {
      this.reset();
      for (const counts of await readCounts()) {
        this.set({ queue: counts.name }, (counts.oldestWaitingMs ?? 0) / 1000);
      }
    },
  });

  /** Counts the decision a moderation job's result reports (a verdict applied, not a skip or a submission). */
  function countDecision(name: string, result: unknown) {
    if (name === 'moderation.check') {
      const { provider, outcome } = result as JobResultOf<'moderation.check'>;
      if (outcome !== 'skipped' && outcome !== 'submitted')
        moderationDecisions.inc({ provider, verdict: outcome });
    } else if (name === 'moderation.apply') {
      const { verdict } = result as JobResultOf<'moderation.apply'>;
      if (verdict) moderationDecisions.inc({ provider: 'http', verdict });
    }
  }

  return {
    registry,
    /** Wraps the job processor: observes each run's duration and outcome, and the decisions it reports. */
    measure(process: (job: Job, token?: string) => Promise<unknown>) {
      return async (job: Job, token?: string): Promise<unknown> => {
        const started = performance.now();
        const labels = { queue: job.queueName, job_name: job.name };
        try {
          const result = await process(job, token);
          jobDuration.observe({ ...labels, outcome: 'completed' }, (performance.now() - started) / 1000);
          countDecision(job.name, result);
          return result;
        } catch (error) {
          jobDuration.observe({ ...labels, outcome: 'failed' }, (performance.now() - started) / 1000);
          throw error;
        }
      };
    },
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

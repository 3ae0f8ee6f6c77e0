/**
 * createWorker(): one BullMQ Worker per queue in the job registry, a heartbeat the api's /health reads,
 * and job lifecycle events on the event bus. Tests start it in-process; src/index.ts runs it as a process.
 * 1. New jobs are added in @phoenix4ge/shared (registry) and src/registry.ts (handler), not here.
 */

import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { createDb, createRepositories } from '@phoenix4ge/db';
import type { WorkerInfo } from '@phoenix4ge/shared';
import { EventName, isJobName, JobName, jobRegistry, queuesInUse, requestIdOf } from '@phoenix4ge/shared';
import type { Logger } from '@phoenix4ge/shared/node';
import {
  bullPrefix,
  createAnalyticsBuffer,
  createDownloadCounter,
  createEvents,
  createJobs,
  createLogger,
  createRedis,
  createStorage,
  HEARTBEAT_INTERVAL_MS,
  JobProducer,
  outboxQueue,
  redisOptions,
  removeHeartbeat,
  runWithRequestId,
  StartupError,
  slowQueryLogging,
  waitForRedis,
  writeHeartbeat,
} from '@phoenix4ge/shared/node';
import type { Job } from 'bullmq';
import { MetricsTime, UnrecoverableError, Worker } from 'bullmq';
import { z } from 'zod';
import type { WorkerConfig } from './env';
import type { JobHandler, WorkerDeps } from './handlers/types';
import { createWorkerMetrics } from './metrics';
import { startMetricsServer } from './metrics-server';
import { createProviders } from './moderation/providers';
import { createOutboxRelay } from './outbox-relay';
import type { Schedule } from './processing-recovery';
import { createProcessingRecovery } from './processing-recovery';
import { progressReporter } from './progress-reporter';
import { assertEveryJobHasAHandler, handlers } from './registry';

/** Unanswered provider requests are looked for a few times per timeout (between 1 s and a minute). */
export function moderationSweepEveryMs(timeoutSeconds: number): number {
  return Math.min(60_000, Math.max(1000, timeoutSeconds * 250));
}

export interface CreateWorkerOptions {
  config: WorkerConfig;
  logger?: Logger;
  /** Defaults to `<hostname>-<pid>-<random>`. */
  workerId?: string;
}

/** Jobs whose retries come from configuration: the purge and security webhooks' attempts and exponential backoff. */
function jobOptions(config: WorkerConfig) {
  const purge = config.publicPurge;
  const webhook = config.security.webhook;
  return {
    ...(purge
      ? {
          [JobName.PublicPurge]: {
            attempts: purge.attempts,
            backoff: { type: 'exponential', delay: purge.backoffMs },
          },
        }
      : {}),
    ...(webhook
      ? {
          [JobName.SecurityNotify]: {
            attempts: webhook.attempts,
            backoff: { type: 'exponential', delay: webhook.backoffMs },
          },
        }
      : {}),
  };
}

export function createWorker(options: CreateWorkerOptions) {
  const { config } = options;
  const logger =
    options.logger ?? createLogger({ name: 'worker', level: config.logLevel, files: config.logging.files });
  const workerId = options.workerId ?? `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const keyPrefix = config.redis.keyPrefix;
  const db = createDb(config.database, {
    connectionLimit: Math.max(4, config.concurrency * 2),
    slowQueries: slowQueryLogging(config.logging, logger),
  });
  const redis = createRedis(config.redis, 'command', `p4g-worker-${workerId}`);
  redis.on('error', (error) => logger.debug({ err: error }, 'redis connection error'));
  const producer = new JobProducer(redis, keyPrefix);
  const jobs = createJobs({ producer, options: jobOptions(config) });
  const events = createEvents(redis, config.redis, logger);
  const repositories = createRepositories(db.db, {
    jobs,
    logger,
    queue: outboxQueue(config.redis),
    purgeDeadUrls: config.publicPurge !== undefined,
  });
  const relay = createOutboxRelay({
    outbox: repositories.outbox,
    logger,
    intervalMs: config.outboxRelayIntervalMs,
  });
  const schedules: Schedule[] = [
    {
      id: 'maintenance-sweep-hourly',
      everyMs: 3600_000,
      job: { name: JobName.MaintenanceSweep, data: { olderThanMinutes: 60 } },
    },
    { id: 'analytics-flush', everyMs: 60_000, job: { name: JobName.MaintenanceAnalyticsFlush, data: {} } },
    { id: 'trash-purge-hourly', everyMs: 3600_000, job: { name: JobName.MaintenancePurgeTrash, data: {} } },
    {
      id: 'publication-every-minute',
      everyMs: 60_000,
      job: { name: JobName.MaintenancePublication, data: {} },
    },
    {
      id: 'security-rules',
      everyMs: config.security.rulesIntervalMs,
      job: { name: JobName.MaintenanceSecurityRules, data: {} },
    },
    {
      id: 'moderation-sweep',
      everyMs: moderationSweepEveryMs(config.moderation.timeoutSeconds),
      job: { name: JobName.ModerationSweep, data: {} },
    },
  ];
  const recovery = createProcessingRecovery({
    media: repositories.media,
    jobs,
    schedules,
    logger,
    intervalMs: config.recovery.intervalMs,
    staleAfterMs: config.recovery.staleAfterMs,
  });
  const queues = queuesInUse();
  const info: WorkerInfo = {
    workerId,
    hostname: os.hostname(),
    pid: process.pid,
    startedAt: Date.now(),
    queues,
    concurrency: config.concurrency,
  };
  const workers: Worker[] = [];
  let heartbeatTimer: NodeJS.Timeout | undefined;
  const metrics = createWorkerMetrics({ queues, counts: jobs.counts, logger });
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | undefined;

  const storage = createStorage(config.storage);
  const deps: WorkerDeps = {
    config,
    storage,
    db: db.db,
    repositories,
    providers: createProviders({ config, storage }),
    jobs,
    events,
    analyticsBuffer: createAnalyticsBuffer(redis, keyPrefix),
    downloadCounter: createDownloadCounter(redis, keyPrefix),
  };

  /** Jobs this process is running, with their lock tokens: handed back to the queue if a stop runs out of time. */
  const running = new Map<Job, string>();

  /** Runs inside the request that caused the job, so the jobs it queues in turn carry that request id too. */
  async function processJob(job: Job, token?: string): Promise<unknown> {
    if (token) running.set(job, token);
    try {
      return await runWithRequestId(requestIdOf(job.data), () => runJob(job));
    } finally {
      running.delete(job);
    }
  }

  async function runJob(job: Job): Promise<unknown> {
    if (!isJobName(job.name)) throw new UnrecoverableError(`Unknown job "${job.name}"`);
    const name: JobName = job.name;
    const parsed = jobRegistry[name].payload.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(`Invalid payload for ${name}: ${z.prettifyError(parsed.error)}`);
    }
    const handler = handlers[name] as JobHandler<JobName>;
    const jobLogger = logger.child({ requestId: requestIdOf(job.data), jobId: job.id, jobName: name });
    jobLogger.debug({ attempt: job.attemptsMade + 1 }, 'job started');
    const result = await handler(parsed.data, {
      ...deps,
      job,
      workerId,
      logger: jobLogger,
      lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      progress: progressReporter((value) => job.updateProgress(value)),
    });
    jobLogger.info({ attempt: job.attemptsMade + 1 }, 'job completed');
    return jobRegistry[name].result.parse(result);
  }

  function watch(worker: Worker) {
    const ref = (job: Job) => ({ queue: job.queueName, jobId: String(job.id), name: job.name, workerId });
    worker.on('error', (error) => logger.warn({ err: error, queue: worker.name }, 'worker connection error'));
    worker.on('completed', (job, result) => {
      const durationMs = (job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now());
      events.publish(EventName.JobCompleted, { ...ref(job), durationMs, result });
    });
    worker.on('failed', (job, error) => {
      if (!job) return;
      const willRetry = !(error instanceof UnrecoverableError) && job.attemptsMade < (job.opts.attempts ?? 1);
      logger.warn(
        { err: error, requestId: requestIdOf(job.data), jobId: job.id, jobName: job.name, willRetry },
        'job failed',
      );
      events.publish(EventName.JobFailed, {
        ...ref(job),
        error: error.message,
        attemptsMade: job.attemptsMade,
        willRetry,
      });
    });
    worker.on('progress', (job, progress) => {
      if (typeof progress === 'number' || (typeof progress === 'object' && progress !== null)) {
        events.publish(EventName.JobProgress, {
          ...ref(job),
          progress: progress as number | Record<string, unknown>,
        });
      }
    });
  }

  async function beat() {
    try {
      const at = Date.now();
      await writeHeartbeat(redis, keyPrefix, info, at);
      events.publish(EventName.WorkerHeartbeat, { ...info, at });
    } catch (error) {
      logger.warn({ err: error }, 'heartbeat not written (Redis unavailable?)');
    }
  }

  async function checkDependencies() {
    try {
      await waitForRedis(redis, 5000);
    } catch (error) {
      throw new StartupError(
        `Cannot reach Redis at ${config.redis.host}:${config.redis.port}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    try {
      await db.ping(5000);
    } catch (error) {
      throw new StartupError(
        `Cannot reach MySQL/MariaDB at ${config.database.host}:${config.database.port}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    clearInterval(heartbeatTimer);
    await relay.stop();
    await recovery.stop();
    const graceful = Promise.all(workers.map((worker) => worker.close()));
    const timedOut = await Promise.race([
      graceful.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), config.gracefulStopMs).unref()),
    ]);
    if (timedOut) {
      // worker.close(true) would only join the close already waiting for them: move them back to the queue
      // instead (at once, for another worker; not counted as a failed attempt). The process exits right after,
      // so their handlers here never finish; jobs are keyed and idempotent if one got further meanwhile.
      logger.warn(
        { jobs: [...running.keys()].map((job) => `${job.queueName}:${job.id}`) },
        'jobs still running after the grace period; handing them back to the queue',
      );
      await Promise.all(
        [...running].map(([job, token]) =>
          job
            .moveToWait(token)
            .catch((error: unknown) => logger.warn({ err: error }, 'could not hand a job back')),
        ),
      );
    }
    await metricsServer?.close();
    await removeHeartbeat(redis, keyPrefix, workerId).catch(() => undefined);
    await producer.close().catch(() => undefined);
    redis.disconnect();
    await db.close().catch(() => undefined);
    logger.info({ workerId }, 'worker stopped');
  }

  return {
    workerId,
    logger,
    metrics,
    /** The URL of this worker's /metrics once started (undefined when WORKER_METRICS_PORT is unset). */
    get metricsUrl(): string | undefined {
      return metricsServer?.url;
    },
    async start(): Promise<void> {
      assertEveryJobHasAHandler();
      try {
        await checkDependencies();
        const served = config.metricsServer;
        if (served) {
          metricsServer = await startMetricsServer({
            registry: metrics.registry,
            ...served,
            token: config.metricsToken,
            logger,
          }).catch((error: unknown) => {
            throw new StartupError(
              `Cannot serve metrics on ${served.host}:${served.port} (WORKER_METRICS_PORT): ${error instanceof Error ? error.message : String(error)}`,
            );
          });
        }
      } catch (error) {
        stopped = true;
        redis.disconnect();
        await db.close().catch(() => undefined);
        throw error;
      }
      for (const queue of queues) {
        const worker = new Worker(queue, metrics.measure(processJob), {
          connection: redisOptions(config.redis, 'blocking', `p4g-worker-${queue}`),
          prefix: bullPrefix(keyPrefix),
          concurrency: config.concurrency,
          lockDuration: config.lockDurationMs,
          stalledInterval: config.stalledIntervalMs,
          maxStalledCount: 2,
          // Completed/failed counts per minute, for the job dashboard's throughput (queue.getMetrics).
          metrics: { maxDataPoints: MetricsTime.ONE_HOUR * 2 },
        });
        watch(worker);
        workers.push(worker);
      }
      await Promise.all(workers.map((worker) => worker.waitUntilReady()));
      await recovery.start();
      relay.start();
      await beat();
      heartbeatTimer = setInterval(() => void beat(), HEARTBEAT_INTERVAL_MS);
      logger.info({ workerId, queues, concurrency: config.concurrency }, 'worker started');
    },
    stop,
  };
}

export type AppWorker = ReturnType<typeof createWorker>;

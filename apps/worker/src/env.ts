/** The worker's configuration: the common variables plus concurrency. The only place that reads process.env. */
import os from 'node:os';
import type { CommonConfig } from '@phoenix4ge/shared/node';
import {
  commonEnvShape,
  envInstances,
  envInteger,
  envLogLevelOverride,
  envOptionalInteger,
  parseEnv,
  processLogLevel,
  resolveCommon,
} from '@phoenix4ge/shared/node';
import { z } from 'zod';
import type { SecurityConfig } from './security/security-config';
import { resolveSecurity, securityEnvShape } from './security/security-config';

const workerEnvSchema = z.object({
  ...commonEnvShape,
  /** The worker's own level; unset: LOG_LEVEL. */
  WORKER_LOG_LEVEL: envLogLevelOverride,
  // Image jobs are CPU-bound: about as many in flight as cores (NOTES: more only adds latency and memory).
  WORKER_CONCURRENCY: envInteger(os.availableParallelism(), 1, 64),
  /** How often the outbox relay looks for jobs to dispatch. */
  OUTBOX_RELAY_INTERVAL_MS: envInteger(1000, 50, 60_000),
  /** A job whose worker stops renewing its lock for this long (killed, hung) is taken over by another worker. */
  WORKER_LOCK_DURATION_MS: envInteger(30_000, 1000, 600_000),
  WORKER_STALLED_INTERVAL_MS: envInteger(30_000, 1000, 600_000),
  /** How often the worker looks for processing whose job was lost (a Redis that lost its data); see processing-recovery.ts. */
  WORKER_RECOVERY_INTERVAL_MS: envInteger(60_000, 500, 3600_000),
  /** An item still unprocessed whose row has not moved for this long is checked for a lost job. */
  WORKER_RECOVERY_AFTER_MS: envInteger(120_000, 1000, 86_400_000),
  /** Items stay in the trash this many days before the purge deletes them for good. */
  TRASH_RETENTION_DAYS: envInteger(30, 1, 3650),
  /** Where the worker serves GET /metrics: unset = not served, 0 = an ephemeral port (tests). */
  WORKER_METRICS_PORT: envOptionalInteger(0, 65535),
  WORKER_METRICS_HOST: z.string().trim().min(1).default('0.0.0.0'),
  ...securityEnvShape,
  /** SIGTERM: running jobs get this long to finish; then they are handed back (stalled) for another worker. */
  WORKER_GRACEFUL_STOP_MS: envInteger(30_000, 0, 3600_000),
  /** `pnpm start` (apps/worker/dist/cluster.js): worker processes; `max` = one per CPU core. */
  WORKER_INSTANCES: envInstances(1),
  /** A supervised worker whose resident memory passes this is replaced gracefully; 0 = never. */
  WORKER_MAX_MEMORY_MB: envInteger(2048, 0, 1_048_576),
});

export interface WorkerConfig extends CommonConfig {
  concurrency: number;
  outboxRelayIntervalMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** The lost-job recovery: how often it runs, and after how long without change an item is checked. */
  recovery: { intervalMs: number; staleAfterMs: number };
  trashRetentionDays: number;
  /** The worker's /metrics server; undefined: not served. */
  metricsServer: { port: number; host: string } | undefined;
  security: SecurityConfig;
  gracefulStopMs: number;
  /** Read by the supervisor (src/cluster.ts) only. */
  instances: number;
  maxMemoryMb: number;
}

export function loadWorkerConfig(source: Record<string, string | undefined> = process.env): WorkerConfig {
  const env = parseEnv(workerEnvSchema, source);
  const common = resolveCommon(env);
  return {
    ...common,
    logLevel: processLogLevel('worker', env, env.WORKER_LOG_LEVEL),
    concurrency: env.WORKER_CONCURRENCY,
    outboxRelayIntervalMs: env.OUTBOX_RELAY_INTERVAL_MS,
    lockDurationMs: env.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
    recovery: { intervalMs: env.WORKER_RECOVERY_INTERVAL_MS, staleAfterMs: env.WORKER_RECOVERY_AFTER_MS },
    trashRetentionDays: env.TRASH_RETENTION_DAYS,
    metricsServer:
      env.WORKER_METRICS_PORT === undefined
        ? undefined
        : { port: env.WORKER_METRICS_PORT, host: env.WORKER_METRICS_HOST },
    security: resolveSecurity(env, common),
    gracefulStopMs: env.WORKER_GRACEFUL_STOP_MS,
    instances: env.WORKER_INSTANCES,
    maxMemoryMb: env.WORKER_MAX_MEMORY_MB,
  };
}

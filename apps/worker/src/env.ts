/** The worker's configuration: the common variables plus concurrency. The only place that reads process.env. */
import os from 'node:os';
import type { CommonConfig } from '@phoenix4ge/shared/node';
import { commonEnvShape, envInteger, parseEnv, resolveCommon } from '@phoenix4ge/shared/node';
import { z } from 'zod';
import type { SecurityConfig } from './security/security-config';
import { resolveSecurity, securityEnvShape } from './security/security-config';

const workerEnvSchema = z.object({
  ...commonEnvShape,
  // Image jobs are CPU-bound: about as many in flight as cores (NOTES: more only adds latency and memory).
  WORKER_CONCURRENCY: envInteger(os.availableParallelism(), 1, 64),
  /** How often the outbox relay looks for jobs to dispatch. */
  OUTBOX_RELAY_INTERVAL_MS: envInteger(1000, 50, 60_000),
  /** A job whose worker stops renewing its lock for this long (killed, hung) is taken over by another worker. */
  WORKER_LOCK_DURATION_MS: envInteger(30_000, 1000, 600_000),
  WORKER_STALLED_INTERVAL_MS: envInteger(30_000, 1000, 600_000),
  /** Items stay in the trash this many days before the purge deletes them for good. */
  TRASH_RETENTION_DAYS: envInteger(30, 1, 3650),
  ...securityEnvShape,
});

export interface WorkerConfig extends CommonConfig {
  concurrency: number;
  outboxRelayIntervalMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  trashRetentionDays: number;
  security: SecurityConfig;
}

export function loadWorkerConfig(source: Record<string, string | undefined> = process.env): WorkerConfig {
  const env = parseEnv(workerEnvSchema, source);
  const common = resolveCommon(env);
  return {
    ...common,
    concurrency: env.WORKER_CONCURRENCY,
    outboxRelayIntervalMs: env.OUTBOX_RELAY_INTERVAL_MS,
    lockDurationMs: env.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
    trashRetentionDays: env.TRASH_RETENTION_DAYS,
    security: resolveSecurity(env, common),
  };
}

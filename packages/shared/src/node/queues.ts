import type { Job, JobsOptions } from 'bullmq';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobName, JobOf, QueueName } from '../jobs';
import { jobRegistry, mediaIdOf, queueOf, REQUEST_ID_FIELD, requestIdOf } from '../jobs';
import type { RedisConfig } from './config';
import { noteJobOfMedia } from './job-media-index';
import { deploymentScope } from './redis';
import { currentRequestId } from './request-context';
import { withTimeout } from './with-timeout';

/** Retry and retention defaults for every queue (STYLE §28). */
export const defaultJobOptions: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};

/** BullMQ keys live under `<REDIS_KEY_PREFIX>:bull:<queue>:…`. */
export function bullPrefix(keyPrefix: string): string {
  return `${keyPrefix}:bull`;
}

/**
 * The outbox's name for one installation's queues: its deployment scope. Every outbox row carries it, and each
 * relay claims only rows of its own.
 */
export const outboxQueue = (redis: Pick<RedisConfig, 'keyPrefix' | 'db'>): string => deploymentScope(redis);

/** Connection states after Redis was lost: queueing now would wait instead of failing. */
const lostStatuses = new Set(['reconnecting', 'close', 'end']);

/**
 * How long queueing one job may take before it counts as failed. A Redis that accepts the connection but does not
 * answer (paused, a half-open link, a failover in progress) leaves BullMQ waiting for it for ever; every caller
 * has the outbox to fall back on, and must not hold an upload's answer, or the relay's claim, that long.
 */
export const ENQUEUE_TIMEOUT_MS = 3000;

/** Typed producer: only registered job names, payloads validated against the registry before they are queued. */
export class JobProducer {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly keyPrefix: string,
    private readonly enqueueTimeoutMs = ENQUEUE_TIMEOUT_MS,
  ) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: bullPrefix(this.keyPrefix),
        defaultJobOptions,
      });
      // Errors surface on the calls that hit them; without a listener an 'error' event would crash the process.
      queue.on('error', () => {});
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Validates and queues a job. Fails at once while the connection to Redis is lost (BullMQ would otherwise wait
   * for it), and after `enqueueTimeoutMs` when Redis does not answer, so callers fall back to the outbox instead
   * of hanging (a job added after its timeout is harmless: the relay's repeat carries the same job id). The job carries the request that caused it:
   * the one its data already names (an outbox row written during a request), else the current one. A job naming
   * a media is noted in that media's job index.
   */
  async enqueue<N extends JobName>(name: N, data: JobOf<N>, options?: JobsOptions): Promise<Job> {
    const requestId = requestIdOf(data) ?? currentRequestId();
    const payload = jobRegistry[name].payload.parse(data);
    if (lostStatuses.has(this.connection.status)) {
      throw new Error(`Redis is not connected (${this.connection.status}); job ${name} not queued`);
    }
    const queue = queueOf(name);
    const job = await this.withinTimeout(
      name,
      this.queue(queue).add(
        name,
        requestId ? { ...payload, [REQUEST_ID_FIELD]: requestId } : payload,
        options,
      ),
    );
    const mediaId = mediaIdOf(payload);
    if (mediaId !== undefined && job.id) {
      // Best effort: the job is queued either way; a missing note only hides it from the media's panel.
      await noteJobOfMedia(this.connection, this.keyPrefix, mediaId, { queue, jobId: job.id }).catch(
        () => undefined,
      );
    }
    return job;
  }

  /** A fail-fast (`command`) connection times out; a `blocking` one is meant to wait for Redis, and does. */
  private withinTimeout<T>(name: JobName, adding: Promise<T>): Promise<T> {
    if (this.connection.options.enableOfflineQueue !== false) return adding;
    return withTimeout(adding, this.enqueueTimeoutMs, `queueing job ${name} (Redis did not answer)`);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}

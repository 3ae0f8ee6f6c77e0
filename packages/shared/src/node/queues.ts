import type { Job, JobsOptions } from 'bullmq';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobName, JobOf, QueueName } from '../jobs';
import { jobRegistry, queueOf } from '../jobs';

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

/** Connection states after Redis was lost: queueing now would wait instead of failing. */
const lostStatuses = new Set(['reconnecting', 'close', 'end']);

/** Typed producer: only registered job names, payloads validated against the registry before they are queued. */
export class JobProducer {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly keyPrefix: string,
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
   * for it), so callers fall back to the outbox instead of hanging.
   */
  async enqueue<N extends JobName>(name: N, data: JobOf<N>, options?: JobsOptions): Promise<Job> {
    const payload = jobRegistry[name].payload.parse(data);
    if (lostStatuses.has(this.connection.status)) {
      throw new Error(`Redis is not connected (${this.connection.status}); job ${name} not queued`);
    }
    return this.queue(queueOf(name)).add(name, payload, options);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}

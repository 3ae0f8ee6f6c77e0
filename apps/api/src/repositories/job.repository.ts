import type { JobName, JobOf, JobResultOf } from '@phoenix4ge/shared';
import { jobRegistry } from '@phoenix4ge/shared';
import type { JobProducer } from '@phoenix4ge/shared/node';
import type { JobsOptions, QueueEvents } from 'bullmq';

export interface JobRepositoryDeps {
  producer: JobProducer;
  /** QueueEvents per queue, for waiting on a job's outcome (BullMQ's recommended way, no polling). */
  queueEvents: (name: JobName) => QueueEvents;
}

export function createJobRepository(deps: JobRepositoryDeps) {
  return {
    enqueue: <N extends JobName>(name: N, data: JobOf<N>, options?: JobsOptions) =>
      deps.producer.enqueue(name, data, options),

    /** Queues a job and waits for its validated result; on timeout the job is removed so it cannot run late. */
    async run<N extends JobName>(
      name: N,
      data: JobOf<N>,
      timeoutMs: number,
      options?: JobsOptions,
    ): Promise<{ jobId: string; result: JobResultOf<N> }> {
      const events = deps.queueEvents(name);
      await events.waitUntilReady();
      const job = await deps.producer.enqueue(name, data, options);
      try {
        const raw: unknown = await job.waitUntilFinished(events, timeoutMs);
        const result = jobRegistry[name].result.parse(raw) as JobResultOf<N>;
        return { jobId: String(job.id), result };
      } catch (error) {
        if (error instanceof Error && /timed out/i.test(error.message)) {
          await job.remove().catch(() => undefined);
        }
        throw error;
      }
    },
  };
}

export type JobRepository = ReturnType<typeof createJobRepository>;

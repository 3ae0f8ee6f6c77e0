import type { Job, JobsOptions, QueueEvents } from 'bullmq';
import type { JobName, JobOf, JobResultOf, KeyedJob, QueueName } from '../jobs';
import { jobRegistry, QueueName as Queues } from '../jobs';
import type { JobProducer } from './queues';

export interface JobsDeps {
  producer: JobProducer;
  /** QueueEvents per queue, for `run` (waiting on a job's outcome without polling); only the api needs it. */
  queueEvents?: (name: JobName) => QueueEvents;
  /** Options of some jobs beyond the queue defaults (the purge webhook's retries come from configuration). */
  options?: Partial<Record<JobName, JobsOptions>>;
}

export interface QueueCounts {
  name: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  oldestWaitingMs: number | undefined;
}

/**
 * Queueing, for every app: nothing else calls BullMQ. Jobs are built by `jobs.*` in @phoenix4ge/shared (name,
 * payload, idempotency key); durable work goes through the outbox (packages/db outbox.repository), which uses
 * `enqueue` to dispatch.
 */
/** A job in one of these states will still run: nothing to queue again. */
const liveStates = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export function createJobs(deps: JobsDeps) {
  /** Validates and queues a job; fails at once while Redis is lost (callers fall back to the outbox). */
  function enqueue(job: KeyedJob): Promise<Job> {
    const options = { ...deps.options?.[job.name], ...(job.jobId ? { jobId: job.jobId } : {}) };
    return deps.producer.enqueue(
      job.name,
      job.data as never,
      Object.keys(options).length > 0 ? options : undefined,
    );
  }

  return {
    enqueue,

    /** Queues a job and waits for its validated result; on timeout the job is removed so it cannot run late. */
    async run<N extends JobName>(
      name: N,
      data: JobOf<N>,
      timeoutMs: number,
      options?: JobsOptions,
    ): Promise<{ jobId: string; result: JobResultOf<N> }> {
      if (!deps.queueEvents) throw new Error('jobs.run needs queue events');
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

    /** Runs `job` every `everyMs` (one scheduler per id, however many workers upsert it). */
    async schedule(schedulerId: string, everyMs: number, job: KeyedJob): Promise<void> {
      await deps.producer
        .queue(jobRegistry[job.name].queue)
        .upsertJobScheduler(schedulerId, { every: everyMs }, { name: job.name, data: job.data });
    },

    /** Whether the scheduler `schedulerId` of `job`'s queue exists (a Redis that lost its data has none). */
    async isScheduled(schedulerId: string, job: KeyedJob): Promise<boolean> {
      const found = await deps.producer.queue(jobRegistry[job.name].queue).getJobScheduler(schedulerId);
      return found !== undefined;
    },

    /**
     * Queues a keyed job again unless it is waiting, delayed or running: for work whose job was lost (Redis
     * restarted without its data) or ended failed while the database could not record it. A finished job of that
     * id is removed first, since BullMQ ignores an id it still holds. Answers whether it was queued.
     */
    async requeueIfLost(job: KeyedJob): Promise<boolean> {
      if (!job.jobId) throw new Error(`requeueIfLost needs a keyed job (${job.name})`);
      const existing = await deps.producer.queue(jobRegistry[job.name].queue).getJob(job.jobId);
      const state = existing ? await existing.getState() : 'unknown';
      if (liveStates.has(state)) return false;
      await existing?.remove();
      await enqueue(job);
      return true;
    },

    /**
     * Removes the queued jobs (waiting, delayed, prioritized) about any of these media from the media and
     * moderation queues; answers how many were removed and how many are running right now (those cannot be
     * removed: erasing waits for them).
     */
    async forgetMediaJobs(mediaIds: ReadonlySet<number>): Promise<{ removed: number; active: number }> {
      let removed = 0;
      let active = 0;
      for (const name of [Queues.Media, Queues.Moderation]) {
        const queue = deps.producer.queue(name);
        const found = await queue.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
        for (const job of found) {
          const mediaId = (job?.data as { mediaId?: unknown } | undefined)?.mediaId;
          if (!job || typeof mediaId !== 'number' || !mediaIds.has(mediaId)) continue;
          if (await job.isActive()) active += 1;
          else if (
            await job.remove().then(
              () => true,
              () => false,
            )
          )
            removed += 1;
        }
      }
      return { removed, active };
    },

    /** How many jobs a queue holds by state, and how long the oldest waiting one has waited. */
    async counts(name: QueueName): Promise<QueueCounts> {
      const queue = deps.producer.queue(name);
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
      const [oldest] = await queue.getJobs(['waiting'], 0, 0, true);
      return {
        name,
        waiting: counts.waiting ?? 0,
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        oldestWaitingMs: oldest ? Date.now() - oldest.timestamp : undefined,
      };
    },
  };
}

export type Jobs = ReturnType<typeof createJobs>;

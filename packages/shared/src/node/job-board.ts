import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { QueueName } from '../jobs';
import { mediaIdOf, queuesInUse, requestIdOf } from '../jobs';
import type {
  JobCleanInput,
  JobDetail,
  JobListInput,
  JobPage,
  JobState,
  JobSummary,
  QueueSummary,
} from '../schemas/jobs';
import { JobStateSchema } from '../schemas/jobs';
import { jobsOfMedia } from './job-media-index';
import type { JobProducer } from './queues';

/** Minutes of throughput the dashboard shows. */
const THROUGHPUT_MINUTES = 60;
/** The most jobs one clean removes. */
const CLEAN_LIMIT = 10_000;
/** The most failed jobs one "retry all" moves. */
const RETRY_ALL_LIMIT = 5_000;

const states = JobStateSchema.options;

/** What a move of one job did: `moved`, or the job's state that ruled it out. */
export type Moved = 'moved' | JobState | 'unknown';

function toState(state: string): JobState | 'unknown' {
  if (state === 'prioritized' || state === 'waiting-children') return 'waiting';
  return (states as readonly string[]).includes(state) ? (state as JobState) : 'unknown';
}

/**
 * Jobs per minute over the last hour, oldest first, ending with the current minute. BullMQ's metrics hold finished
 * minutes (newest first) up to the minute of the last finished job, `prevTS`; that minute's own count is still in
 * `count - prevCount`, and the minutes since are empty.
 */
export function lastHour(
  metrics: { meta: { count: number; prevTS: number; prevCount: number }; data: number[] },
  now: number,
): number[] {
  const nowMinute = Math.floor(now / 60_000);
  const lastMinute = Math.floor(metrics.meta.prevTS / 60_000);
  const points: number[] = [];
  for (let back = THROUGHPUT_MINUTES - 1; back >= 0; back--) {
    const minute = nowMinute - back;
    if (metrics.meta.prevTS === 0 || minute > lastMinute) points.push(0);
    else if (minute === lastMinute) points.push(Math.max(0, metrics.meta.count - metrics.meta.prevCount));
    else points.push(metrics.data[lastMinute - 1 - minute] ?? 0);
  }
  return points;
}

function summaryOf(job: Job, queue: QueueName, state: JobState | 'unknown'): JobSummary {
  return {
    id: String(job.id),
    queue,
    name: job.name,
    state,
    attemptsMade: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    createdAt: job.timestamp,
    processedAt: job.processedOn ?? null,
    finishedAt: job.finishedOn ?? null,
    dueAt: state === 'delayed' ? job.timestamp + (job.delay ?? 0) : null,
    failedReason: job.failedReason || null,
    progress: job.progress,
    mediaId: mediaIdOf(job.data) ?? null,
    modelSlug: null,
    requestId: requestIdOf(job.data) ?? null,
  };
}

function detailOf(job: Job, queue: QueueName, state: JobState | 'unknown'): JobDetail {
  return {
    ...summaryOf(job, queue, state),
    data: typeof job.data === 'object' && job.data !== null ? (job.data as Record<string, unknown>) : {},
    stacktrace: job.stacktrace ?? [],
    result: job.returnvalue ?? null,
  };
}

/**
 * The job dashboard's view of BullMQ (admins): queue counts and throughput, jobs by state, and the operations
 * on them. Like ./jobs.ts, one of the few places that call BullMQ. A job that is not there resolves to undefined;
 * the caller turns that into NOT_FOUND.
 */
export function createJobBoard(deps: { producer: JobProducer; redis: Redis; keyPrefix: string }) {
  const queueOf = (name: QueueName) => deps.producer.queue(name);

  async function find(name: QueueName, jobId: string): Promise<Job | undefined> {
    return (await queueOf(name).getJob(jobId)) ?? undefined;
  }

  async function summary(name: QueueName): Promise<QueueSummary> {
    const queue = queueOf(name);
    const [counts, paused, completed, failed] = await Promise.all([
      queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'),
      queue.isPaused(),
      queue.getMetrics('completed', 0, THROUGHPUT_MINUTES - 1),
      queue.getMetrics('failed', 0, THROUGHPUT_MINUTES - 1),
    ]);
    return {
      name,
      paused,
      counts: {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        completed: counts.completed ?? 0,
      },
      throughput: { completed: lastHour(completed, Date.now()), failed: lastHour(failed, Date.now()) },
    };
  }

  return {
    queues: (): Promise<QueueSummary[]> => Promise.all(queuesInUse().map(summary)),

    async list(input: JobListInput): Promise<JobPage> {
      const queue = queueOf(input.queue);
      // Prioritized jobs wait too.
      const types = input.state === 'waiting' ? ['waiting', 'prioritized'] : [input.state];
      const start = (input.page - 1) * input.pageSize;
      const [jobs, total] = await Promise.all([
        queue.getJobs(types as never, start, start + input.pageSize - 1, false),
        queue.getJobCountByTypes(...(types as never[])),
      ]);
      return {
        items: jobs.filter(Boolean).map((job) => summaryOf(job, input.queue, input.state)),
        total,
        page: input.page,
        pageSize: input.pageSize,
      };
    },

    async get(name: QueueName, jobId: string): Promise<JobDetail | undefined> {
      const job = await find(name, jobId);
      return job ? detailOf(job, name, toState(await job.getState())) : undefined;
    },

    /**
     * Moves a failed job back to waiting with its attempts counted from zero: `moved`, or the state
     * that kept it where it is.
     */
    async retry(name: QueueName, jobId: string): Promise<Moved | undefined> {
      const job = await find(name, jobId);
      if (!job) return undefined;
      const state = toState(await job.getState());
      if (state !== 'failed') return state;
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return 'moved';
    },

    /**
     * Failed jobs of the queue back to waiting (up to `RETRY_ALL_LIMIT` a call), each with its attempts counted
     * from zero like a single retry (BullMQ's own `retryJobs` keeps the exhausted count, leaving one attempt).
     * Returns how many moved; a job that changed state meanwhile is skipped.
     */
    async retryAll(name: QueueName): Promise<number> {
      const failed = await queueOf(name).getJobs(['failed'], 0, RETRY_ALL_LIMIT - 1);
      let moved = 0;
      for (const job of failed) {
        try {
          await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
          moved += 1;
        } catch {
          // Retried, removed or cleaned by someone else since it was listed.
        }
      }
      return moved;
    },

    async clean(input: JobCleanInput): Promise<number> {
      const removed = await queueOf(input.queue).clean(
        input.olderThanMinutes * 60_000,
        CLEAN_LIMIT,
        input.state,
      );
      return removed.length;
    },

    /** Runs a delayed job now: `moved`, or the state that kept it where it is. */
    async promote(name: QueueName, jobId: string): Promise<Moved | undefined> {
      const job = await find(name, jobId);
      if (!job) return undefined;
      const state = toState(await job.getState());
      if (state !== 'delayed') return state;
      await job.promote();
      return 'moved';
    },

    async promoteAll(name: QueueName): Promise<number> {
      const queue = queueOf(name);
      const delayed = await queue.getJobCountByTypes('delayed');
      await queue.promoteJobs({ count: 1000 });
      return delayed;
    },

    async setPaused(name: QueueName, paused: boolean): Promise<void> {
      if (paused) await queueOf(name).pause();
      else await queueOf(name).resume();
    },

    /** The jobs that named a media (its index, ./job-media-index.ts), newest first, with their state now. */
    async forMedia(mediaId: number): Promise<JobSummary[]> {
      const refs = await jobsOfMedia(deps.redis, deps.keyPrefix, mediaId);
      const found = await Promise.all(
        refs.map(async (ref) => {
          const job = await find(ref.queue, ref.jobId);
          if (!job || mediaIdOf(job.data) !== mediaId) return undefined;
          return summaryOf(job, ref.queue, toState(await job.getState()));
        }),
      );
      return found.filter((job): job is JobSummary => job !== undefined);
    },
  };
}

export type JobBoard = ReturnType<typeof createJobBoard>;

import {
  EventName,
  JobCleanInputSchema,
  JobListInputSchema,
  JobRefInputSchema,
  JobsForMediaInputSchema,
  QueueInputSchema,
} from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { tracked } from '@trpc/server';
import { adminProcedure } from '../trpc';
import { nextTickOrEvent } from './live';

/** The snapshot is re-sent this often when no job moves, and at most this often when many do. */
const SNAPSHOT_INTERVAL_MS = 3_000;
const SNAPSHOT_MIN_GAP_MS = 500;
const jobEvents = [EventName.JobCompleted, EventName.JobFailed, EventName.JobProgress] as const;

/** The job dashboard (admins only): queues, jobs by state, and what may be done to them; every mutation audited. */
export const jobsRouter = {
  /** Every queue: counts by state, paused or not, completed and failed per minute over the last hour. */
  queues: adminProcedure.query(({ ctx }) => ctx.services.jobs.snapshot()),

  list: adminProcedure.input(JobListInputSchema).query(({ ctx, input }) => ctx.services.jobs.list(input)),

  get: adminProcedure
    .input(JobRefInputSchema)
    .query(({ ctx, input }) => ctx.services.jobs.get(input.queue, input.jobId)),

  /** The jobs that named a media (newest first), for its detail panel. */
  forMedia: adminProcedure
    .input(JobsForMediaInputSchema)
    .query(({ ctx, input }) => ctx.services.jobs.forMedia(input.mediaId)),

  retry: adminProcedure.input(JobRefInputSchema).mutation(async ({ ctx, input }) => {
    Object.assign(ctx.audit, { targetType: 'job', targetId: `${input.queue}/${input.jobId}` });
    await ctx.services.jobs.retry(input.queue, input.jobId);
    return { ok: true as const };
  }),

  retryAll: adminProcedure.input(QueueInputSchema).mutation(async ({ ctx, input }) => {
    const retried = await ctx.services.jobs.retryAll(input.queue);
    Object.assign(ctx.audit, { targetType: 'queue', targetId: input.queue, details: { retried } });
    return { retried };
  }),

  /** Removes completed or failed jobs older than the chosen age. */
  clean: adminProcedure.input(JobCleanInputSchema).mutation(async ({ ctx, input }) => {
    const removed = await ctx.services.jobs.clean(input);
    Object.assign(ctx.audit, { targetType: 'queue', targetId: input.queue, details: { removed } });
    return { removed };
  }),

  promote: adminProcedure.input(JobRefInputSchema).mutation(async ({ ctx, input }) => {
    Object.assign(ctx.audit, { targetType: 'job', targetId: `${input.queue}/${input.jobId}` });
    await ctx.services.jobs.promote(input.queue, input.jobId);
    return { ok: true as const };
  }),

  promoteAll: adminProcedure.input(QueueInputSchema).mutation(async ({ ctx, input }) => {
    const promoted = await ctx.services.jobs.promoteAll(input.queue);
    Object.assign(ctx.audit, { targetType: 'queue', targetId: input.queue, details: { promoted } });
    return { promoted };
  }),

  pause: adminProcedure.input(QueueInputSchema).mutation(async ({ ctx, input }) => {
    Object.assign(ctx.audit, { targetType: 'queue', targetId: input.queue });
    await ctx.services.jobs.setPaused(input.queue, true);
    return { paused: true };
  }),

  resume: adminProcedure.input(QueueInputSchema).mutation(async ({ ctx, input }) => {
    Object.assign(ctx.audit, { targetType: 'queue', targetId: input.queue });
    await ctx.services.jobs.setPaused(input.queue, false);
    return { paused: false };
  }),

  /** Live: every queue's snapshot, again as soon as a job completes, fails or reports progress (or every 3 s). */
  onProgress: adminProcedure.subscription(async function* ({ ctx, signal }) {
    while (!signal?.aborted) {
      const snapshot = await ctx.services.jobs.snapshot();
      yield tracked(String(snapshot.at), snapshot);
      await nextTickOrEvent(ctx.services.events, jobEvents, SNAPSHOT_INTERVAL_MS, signal);
      const gap = SNAPSHOT_MIN_GAP_MS - (Date.now() - snapshot.at);
      if (gap > 0 && !signal?.aborted) await new Promise((resolve) => setTimeout(resolve, gap));
    }
  }),
} satisfies TRPCRouterRecord;

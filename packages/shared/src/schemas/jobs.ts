/** The job dashboard's contract (admins): queues, their jobs by state, and what may be done to them. */
import { z } from 'zod';
import { QueueName } from '../jobs';

export const QueueNameSchema = z.enum(Object.values(QueueName) as [QueueName, ...QueueName[]], {
  error: (issue) => `Unknown queue "${String(issue.input)}"`,
});

/** The states the dashboard shows, one tab each. */
export const JobStateSchema = z.enum(['waiting', 'active', 'delayed', 'failed', 'completed']);
export type JobState = z.infer<typeof JobStateSchema>;

export const JobIdSchema = z.string().min(1).max(255);

export const JobListInputSchema = z.object({
  queue: QueueNameSchema,
  state: JobStateSchema,
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
export type JobListInput = z.infer<typeof JobListInputSchema>;

export const JobRefInputSchema = z.object({ queue: QueueNameSchema, jobId: JobIdSchema });
export type JobRefInput = z.infer<typeof JobRefInputSchema>;

export const QueueInputSchema = z.object({ queue: QueueNameSchema });

/** Remove finished jobs older than the chosen age (0: all of them). */
export const JobCleanInputSchema = z.object({
  queue: QueueNameSchema,
  state: z.enum(['completed', 'failed']),
  olderThanMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30),
});
export type JobCleanInput = z.infer<typeof JobCleanInputSchema>;

export const JobsForMediaInputSchema = z.object({ mediaId: z.number().int().positive() });

/** Per-minute counts, oldest first, over the last hour. */
export interface QueueThroughput {
  completed: number[];
  failed: number[];
}

export interface QueueSummary {
  name: QueueName;
  paused: boolean;
  counts: Record<JobState, number>;
  throughput: QueueThroughput;
}

/** A job as a row of the dashboard. */
export interface JobSummary {
  id: string;
  queue: QueueName;
  name: string;
  state: JobState | 'unknown';
  attemptsMade: number;
  maxAttempts: number;
  createdAt: number;
  processedAt: number | null;
  finishedAt: number | null;
  /** When a delayed job is due. */
  dueAt: number | null;
  failedReason: string | null;
  progress: unknown;
  mediaId: number | null;
  /** The model of the media, for the link to its library (filled by the api). */
  modelSlug: string | null;
  requestId: string | null;
}

export interface JobDetail extends JobSummary {
  data: Record<string, unknown>;
  stacktrace: string[];
  result: unknown;
}

export interface JobPage {
  items: JobSummary[];
  total: number;
  page: number;
  pageSize: number;
}

/** What the live subscription sends: every queue's summary, again whenever a job moves. */
export interface JobsSnapshot {
  at: number;
  queues: QueueSummary[];
}

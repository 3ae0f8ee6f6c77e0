/**
 * The job registry: every queue and job the api produces and the worker consumes.
 * 1. Add a job: a `JobName` entry, then its `jobRegistry` entry (queue, payload and result schemas).
 * 2. The worker's registry must then have a handler for it, or the worker does not compile.
 * Browser-safe: zod only.
 */
import { z } from 'zod';

export const QueueName = {
  System: 'system',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  SystemPing: 'system.ping',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export const SystemPingJobSchema = z.object({
  requestedAt: z.number().int().positive(),
  requestedBy: z.string().max(200).optional(),
});

export const SystemPingResultSchema = z.object({
  workerId: z.string(),
  requestedAt: z.number().int(),
  handledAt: z.number().int(),
});

interface JobDefinition {
  queue: QueueName;
  payload: z.ZodType;
  result: z.ZodType;
}

export const jobRegistry = {
  [JobName.SystemPing]: {
    queue: QueueName.System,
    payload: SystemPingJobSchema,
    result: SystemPingResultSchema,
  },
} as const satisfies { [N in JobName]: JobDefinition };

export type JobOf<N extends JobName> = z.infer<(typeof jobRegistry)[N]['payload']>;
export type JobResultOf<N extends JobName> = z.infer<(typeof jobRegistry)[N]['result']>;
export type JobItem = { [N in JobName]: { name: N; data: JobOf<N> } }[JobName];

export function queueOf(name: JobName): QueueName {
  return jobRegistry[name].queue;
}

/** Queues that have at least one job; the worker starts one BullMQ Worker for each. */
export function queuesInUse(): QueueName[] {
  return [...new Set(Object.values(jobRegistry).map((definition) => definition.queue))];
}

export function isJobName(value: string): value is JobName {
  return Object.hasOwn(jobRegistry, value);
}

/**
 * The event registry: what the worker (and api) publish over Redis pub/sub to every api instance,
 * which forwards them to tRPC subscriptions. Add an event: an `EventName` entry and its payload schema.
 * Browser-safe: zod only.
 */
import { z } from 'zod';

export const EventName = {
  WorkerHeartbeat: 'worker.heartbeat',
  JobCompleted: 'job.completed',
  JobFailed: 'job.failed',
  JobProgress: 'job.progress',
  MediaChanged: 'media.changed',
  MediaNearDuplicates: 'media.near-duplicates',
  LibraryChanged: 'library.changed',
  BulkProgress: 'bulk.progress',
  EditProgress: 'edit.progress',
  IncidentChanged: 'incident.changed',
  ModelDataProgress: 'model.data.progress',
} as const;
export type EventName = (typeof EventName)[keyof typeof EventName];

export const WorkerInfoSchema = z.object({
  workerId: z.string(),
  hostname: z.string(),
  pid: z.number().int(),
  startedAt: z.number().int(),
  queues: z.array(z.string()),
  concurrency: z.number().int(),
});
export type WorkerInfo = z.infer<typeof WorkerInfoSchema>;

const JobRefSchema = z.object({
  queue: z.string(),
  jobId: z.string(),
  name: z.string(),
  workerId: z.string(),
});

export const eventRegistry = {
  [EventName.WorkerHeartbeat]: WorkerInfoSchema.extend({ at: z.number().int() }),
  [EventName.JobCompleted]: JobRefSchema.extend({ durationMs: z.number(), result: z.unknown() }),
  [EventName.JobFailed]: JobRefSchema.extend({
    error: z.string(),
    attemptsMade: z.number().int(),
    willRetry: z.boolean(),
  }),
  [EventName.JobProgress]: JobRefSchema.extend({
    progress: z.union([z.number(), z.record(z.string(), z.unknown())]),
  }),
  [EventName.MediaChanged]: z.object({
    modelId: z.number().int(),
    mediaId: z.number().int(),
    change: z.enum(['created', 'processing', 'ready', 'failed', 'updated', 'deleted', 'moderated']),
  }),
  /**
   * The worker hashed a processed item (pHash) and found items of the same model that look like it (closest
   * first, at most five): told once per processing, only when there are some.
   */
  [EventName.MediaNearDuplicates]: z.object({
    modelId: z.number().int(),
    mediaId: z.number().int(),
    items: z
      .array(
        z.object({
          id: z.number().int(),
          originalFilename: z.string(),
          distance: z.number().int(),
        }),
      )
      .max(5),
  }),
  /**
   * Many items or the categories changed at once (a bulk action, a category deleted, a category's public order):
   * lists refetch.
   */
  [EventName.LibraryChanged]: z.object({
    modelId: z.number().int(),
    change: z.enum(['bulk', 'categories', 'purge', 'order']),
    count: z.number().int(),
  }),
  /** A bulk action running as a job: how far it got (`finished` once, at the end). */
  [EventName.BulkProgress]: z.object({
    modelId: z.number().int(),
    jobId: z.string(),
    done: z.number().int(),
    total: z.number().int(),
    finished: z.boolean(),
  }),
  /** A saved edit rendering its version (`percent` 0–100); `state` ends `ready` (switched) or `failed`. */
  [EventName.EditProgress]: z.object({
    modelId: z.number().int(),
    mediaId: z.number().int(),
    version: z.number().int(),
    percent: z.number().min(0).max(100),
    state: z.enum(['rendering', 'ready', 'failed']),
  }),
  /** A security incident opened or changed (a rule fired again, an admin acknowledged, resolved or responded). */
  [EventName.IncidentChanged]: z.object({
    incidentId: z.number().int(),
    change: z.enum(['opened', 'updated', 'acknowledged', 'resolved', 'responded']),
  }),
  /**
   * A model's GDPR export or erasure running as a job: how far it got. `state` ends `ready` (export written, or
   * erasure complete) or `failed`.
   */
  [EventName.ModelDataProgress]: z.object({
    modelId: z.number().int(),
    kind: z.enum(['export', 'erase']),
    exportId: z.number().int().nullable(),
    done: z.number().int(),
    total: z.number().int(),
    state: z.enum(['running', 'ready', 'failed']),
  }),
} as const satisfies { [N in EventName]: z.ZodType };

export type EventOf<N extends EventName> = z.infer<(typeof eventRegistry)[N]>;
export type AppEvent = { [N in EventName]: { name: N; payload: EventOf<N>; at: number } }[EventName];

export const AppEventEnvelopeSchema = z.object({
  name: z.string(),
  payload: z.unknown(),
  at: z.number().int(),
});

/** Parses an envelope received from the bus; unknown names and bad payloads give `undefined`. */
export function parseAppEvent(raw: unknown): AppEvent | undefined {
  const envelope = AppEventEnvelopeSchema.safeParse(raw);
  if (!envelope.success || !Object.hasOwn(eventRegistry, envelope.data.name)) return undefined;
  const name = envelope.data.name as EventName;
  const payload = eventRegistry[name].safeParse(envelope.data.payload);
  if (!payload.success) return undefined;
  return { name, payload: payload.data, at: envelope.data.at } as AppEvent;
}
export type EditProgressState = EventOf<'edit.progress'>['state'];

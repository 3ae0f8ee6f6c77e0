/**
 * The job registry: every queue and job the api produces and the worker consumes.
 * 1. Add a job: a `JobName` entry, then its `jobRegistry` entry (queue, payload and result schemas).
 * 2. The worker's registry must then have a handler for it, or the worker does not compile.
 * Browser-safe: zod only.
 */
import { z } from 'zod';
import { moderationStatuses } from './enums';
import { BulkActionSchema, MediaSelectionSchema } from './schemas/library';

export const QueueName = {
  System: 'system',
  Media: 'media',
  Maintenance: 'maintenance',
  Moderation: 'moderation',
  Library: 'library',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  SystemPing: 'system.ping',
  MediaProcess: 'media.process',
  MaintenanceSweep: 'maintenance.sweep',
  ModerationCheck: 'moderation.check',
  ModerationApply: 'moderation.apply',
  ModerationSweep: 'moderation.sweep',
  MediaRefocus: 'media.refocus',
  MediaBulk: 'media.bulk',
  MaintenancePurgeTrash: 'maintenance.purge-trash',
  MediaEdit: 'media.edit',
  MaintenanceAnalyticsFlush: 'maintenance.analytics-flush',
  MaintenancePublication: 'maintenance.publication',
  PublicPurge: 'public.purge',
  MaintenanceSecurityRules: 'maintenance.security-rules',
  SecurityNotify: 'security.notify',
  MediaRender: 'media.render',
  ModelExport: 'model.export',
  ModelErase: 'model.erase',
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

export const MediaProcessJobSchema = z.object({
  mediaId: z.number().int().positive(),
  /** 0 is the original upload; edits produce later versions. */
  version: z.number().int().min(0),
});

export const MediaProcessResultSchema = z.object({
  mediaId: z.number().int(),
  status: z.enum(['ready', 'failed', 'skipped']),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  error: z.string().optional(),
});

export const MaintenanceSweepJobSchema = z.object({
  /** Only files and rows older than this are touched, so work in flight is never swept away. */
  olderThanMinutes: z.number().int().min(1).default(60),
});

export const MaintenanceSweepResultSchema = z.object({
  spoolFilesRemoved: z.number().int(),
  orphanOriginalsRemoved: z.number().int(),
  expiredSessionsRemoved: z.number().int(),
  sentOutboxRowsRemoved: z.number().int(),
  expiredExportsRemoved: z.number().int().default(0),
});

/** Moderate a processed media with the provider its model uses. */
export const ModerationCheckJobSchema = z.object({
  mediaId: z.number().int().positive(),
  version: z.number().int().min(0),
  /** 1 for the first submission; an unanswered `http` request is submitted again with the next number. */
  attempt: z.number().int().min(1).default(1),
});
export const ModerationCheckResultSchema = z.object({
  mediaId: z.number().int(),
  provider: z.string(),
  /** `submitted`: an external provider will answer by webhook. */
  outcome: z.enum(['approved', 'rejected', 'flagged', 'pending', 'submitted', 'skipped']),
});

/** Apply one stored webhook event (the `moderation_events` inbox row). */
export const ModerationApplyJobSchema = z.object({ eventId: z.number().int().positive() });
export const ModerationApplyResultSchema = z.object({
  eventId: z.number().int(),
  outcome: z.enum(['applied', 'recorded', 'ignored']),
  reason: z.string(),
  /** The status an applied event set (for the metrics). */
  verdict: z.enum(moderationStatuses).optional(),
});

/** Resubmit unanswered provider requests, flag those out of attempts, and queue inbox rows not yet applied. */
export const ModerationSweepJobSchema = z.object({});
export const ModerationSweepResultSchema = z.object({
  resubmitted: z.number().int(),
  flagged: z.number().int(),
  eventsQueued: z.number().int(),
});

/** Re-render the thumbnail of a media's current version around its focal point. */
export const MediaRefocusJobSchema = z.object({
  mediaId: z.number().int().positive(),
  version: z.number().int().min(0),
  /** The focal point to crop around (null: automatic); when the item has another one by now, this is a no-op. */
  focus: z.object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) }).nullable(),
});
export const MediaRefocusResultSchema = z.object({
  mediaId: z.number().int(),
  status: z.enum(['refocused', 'skipped']),
});

/** A bulk action over more items than one transaction takes, applied in chunks with progress. */
export const MediaBulkJobSchema = z.object({
  modelId: z.number().int().positive(),
  selection: MediaSelectionSchema,
  action: BulkActionSchema,
  actor: z.object({
    userId: z.number().int().positive().nullable(),
    apiKeyId: z.number().int().positive().nullable(),
    name: z.string().max(300),
    ip: z.string().max(100).nullable(),
  }),
});
export const MediaBulkResultSchema = z.object({ total: z.number().int(), changed: z.number().int() });

/** Delete what has been in the trash longer than TRASH_RETENTION_DAYS: rows, variants and files. */
export const MaintenancePurgeTrashJobSchema = z.object({});
/** Every minute: image URLs of items whose publication ended (window, consent) die; their models' caches go stale. */
export const MaintenancePublicationJobSchema = z.object({});
export const MaintenancePublicationResultSchema = z.object({
  revoked: z.number().int(),
  models: z.array(z.number().int()),
});
export const MaintenancePurgeTrashResultSchema = z.object({ purged: z.number().int() });

/** The most public image URLs one purge call lists. */
export const PURGE_BATCH_MAX = 200;

/**
 * Tell the CDN (PUBLIC_PURGE_WEBHOOK_URL) which public image URLs died: paths `/i/<token>/<preset>` (one per preset;
 * every format is served at the same URL, negotiated from Accept), made absolute with PUBLIC_URL when sent.
 */
export const PublicPurgeJobSchema = z.object({
  paths: z
    .array(z.string().regex(/^\/i\/[A-Za-z0-9_-]+\/[a-z0-9]+$/))
    .min(1)
    .max(PURGE_BATCH_MAX),
});
export const PublicPurgeResultSchema = z.object({
  sent: z.number().int(),
  /** Nothing sent: no webhook configured (any more). */
  skipped: z.boolean(),
});

/** Render a saved edit (a version's operation list) and make it current once every file exists. */
export const MediaEditJobSchema = z.object({
  mediaId: z.number().int().positive(),
  version: z.number().int().min(1),
  /** Its row in the operation log (`media_operations`), written when the edit was saved. */
  operationId: z.number().int().positive(),
});
export const MediaEditResultSchema = z.object({
  mediaId: z.number().int(),
  version: z.number().int(),
  status: z.enum(['ready', 'failed', 'skipped']),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
});

/**
 * Render again the stored files of versions whose variant rows exist but whose files do not (a restore without
 * variants): no status, moderation or version change.
 */
export const MediaRenderJobSchema = z.object({
  mediaId: z.number().int().positive(),
  versions: z.array(z.number().int().min(0)).min(1),
});
export const MediaRenderResultSchema = z.object({
  mediaId: z.number().int(),
  status: z.enum(['rendered', 'skipped']),
  versions: z.array(z.number().int()),
});

/** Move the analytics counts buffered in Redis into the database (every minute; exactly once per bucket). */
export const MaintenanceAnalyticsFlushJobSchema = z.object({});
export const MaintenanceAnalyticsFlushResultSchema = z.object({
  /** Buckets applied by this run. */
  applied: z.number().int(),
  /** Buckets an earlier run had applied but not deleted (a crash between the commit and the delete). */
  alreadyApplied: z.number().int(),
});

/** Every minute: the monitoring rules over the recent security events; a rule that fires opens or updates an incident. */
export const MaintenanceSecurityRulesJobSchema = z.object({});
export const MaintenanceSecurityRulesResultSchema = z.object({
  /** Incidents opened by this run. */
  opened: z.number().int(),
  /** Open incidents a rule fired for again (count and last seen updated). */
  updated: z.number().int(),
});

/** POST an incident to SECURITY_WEBHOOK_URL (chat, paging), signed; `webhook-id` is the job id on every retry. */
export const SecurityNotifyJobSchema = z.object({
  incidentId: z.number().int().positive(),
  /** Set for an escalation: the count that doubled the one last notified. */
  escalation: z.number().int().positive().optional(),
});
export const SecurityNotifyResultSchema = z.object({ sent: z.boolean() });
/** Write a model's GDPR export (its `model_exports` row) as a ZIP to storage, with progress. */
export const ModelExportJobSchema = z.object({
  exportId: z.number().int().positive(),
});
export const ModelExportResultSchema = z.object({
  exportId: z.number().int(),
  status: z.enum(['ready', 'skipped']),
  bytes: z.number().int().optional(),
});

/**
 * Erase a model marked as being erased (`models.erasing_at`): every row and stored object of it, then the model row
 * with one audit entry. Idempotent: run again after an interruption, it finishes what is left.
 */
export const ModelEraseJobSchema = z.object({
  modelId: z.number().int().positive(),
  actorUserId: z.number().int().positive().nullable(),
  actorApiKeyId: z.number().int().positive().nullable(),
  ip: z.string().max(100).nullable(),
});
export const ModelEraseResultSchema = z.object({
  modelId: z.number().int(),
  media: z.number().int(),
  objects: z.number().int(),
  /** False when the model row was already gone (a repeat of a finished erasure). */
  erased: z.boolean(),
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
  [JobName.MediaProcess]: {
    queue: QueueName.Media,
    payload: MediaProcessJobSchema,
    result: MediaProcessResultSchema,
  },
  [JobName.MaintenanceSweep]: {
    queue: QueueName.Maintenance,
    payload: MaintenanceSweepJobSchema,
    result: MaintenanceSweepResultSchema,
  },
  [JobName.ModerationCheck]: {
    queue: QueueName.Moderation,
    payload: ModerationCheckJobSchema,
    result: ModerationCheckResultSchema,
  },
  [JobName.ModerationApply]: {
    queue: QueueName.Moderation,
    payload: ModerationApplyJobSchema,
    result: ModerationApplyResultSchema,
  },
  [JobName.ModerationSweep]: {
    queue: QueueName.Moderation,
    payload: ModerationSweepJobSchema,
    result: ModerationSweepResultSchema,
  },
  [JobName.MediaRefocus]: {
    queue: QueueName.Media,
    payload: MediaRefocusJobSchema,
    result: MediaRefocusResultSchema,
  },
  [JobName.MediaBulk]: {
    queue: QueueName.Library,
    payload: MediaBulkJobSchema,
    result: MediaBulkResultSchema,
  },
  [JobName.MaintenancePurgeTrash]: {
    queue: QueueName.Maintenance,
    payload: MaintenancePurgeTrashJobSchema,
    result: MaintenancePurgeTrashResultSchema,
  },
  [JobName.MaintenancePublication]: {
    queue: QueueName.Maintenance,
    payload: MaintenancePublicationJobSchema,
    result: MaintenancePublicationResultSchema,
  },
  [JobName.MediaEdit]: {
    queue: QueueName.Media,
    payload: MediaEditJobSchema,
    result: MediaEditResultSchema,
  },
  [JobName.MaintenanceAnalyticsFlush]: {
    queue: QueueName.Maintenance,
    payload: MaintenanceAnalyticsFlushJobSchema,
    result: MaintenanceAnalyticsFlushResultSchema,
  },
  [JobName.PublicPurge]: {
    queue: QueueName.Maintenance,
    payload: PublicPurgeJobSchema,
    result: PublicPurgeResultSchema,
  },
  [JobName.MaintenanceSecurityRules]: {
    queue: QueueName.Maintenance,
    payload: MaintenanceSecurityRulesJobSchema,
    result: MaintenanceSecurityRulesResultSchema,
  },
  [JobName.SecurityNotify]: {
    queue: QueueName.Maintenance,
    payload: SecurityNotifyJobSchema,
    result: SecurityNotifyResultSchema,
  },
  [JobName.MediaRender]: {
    queue: QueueName.Media,
    payload: MediaRenderJobSchema,
    result: MediaRenderResultSchema,
  },
  [JobName.ModelExport]: {
    queue: QueueName.Library,
    payload: ModelExportJobSchema,
    result: ModelExportResultSchema,
  },
  [JobName.ModelErase]: {
    queue: QueueName.Library,
    payload: ModelEraseJobSchema,
    result: ModelEraseResultSchema,
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

/**
 * The request that caused a job travels in its data under this key, beside the payload (the payload schemas do not
 * name it, so parsing strips it: read it from the raw data with `requestIdOf`).
 */
export const REQUEST_ID_FIELD = 'requestId';

/** The request id a job's raw data (or an outbox row's payload) carries, if any. */
export function requestIdOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>)[REQUEST_ID_FIELD];
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 100) : undefined;
}

/** The media a job's raw data names (`mediaId`), if any: the job dashboard links it, the media's panel lists it. */
export function mediaIdOf(data: unknown): number | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>).mediaId;
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** A job ready to queue: its name, validated payload and the job id that makes it idempotent. */
export type KeyedJob = { [N in JobName]: { name: N; data: JobOf<N>; jobId?: string } }[JobName];

/**
 * Every job the apps queue, with its idempotency key: build jobs here, never by hand, so the same work always
 * gets the same job id (a repeat is a no-op for BullMQ) wherever it is queued from (a service, a handler, the
 * outbox).
 */
export const jobs = {
  mediaProcess: (mediaId: number, version: number): KeyedJob => ({
    name: JobName.MediaProcess,
    data: { mediaId, version },
    jobId: mediaProcessJobId(mediaId, version),
  }),
  /** Processing again after a failure: a new job id (BullMQ ignores an id it still holds, the failed job's). */
  mediaRetry: (mediaId: number, version: number, at: number = Date.now()): KeyedJob => ({
    name: JobName.MediaProcess,
    data: { mediaId, version },
    jobId: `${mediaProcessJobId(mediaId, version)}-retry-${at}`,
  }),
  moderationCheck: (mediaId: number, version: number, attempt: number): KeyedJob => ({
    name: JobName.ModerationCheck,
    data: { mediaId, version, attempt },
    jobId: moderationCheckJobId(mediaId, version, attempt),
  }),
  mediaRefocus: (mediaId: number, version: number, focus: { x: number; y: number } | null): KeyedJob => ({
    name: JobName.MediaRefocus,
    data: { mediaId, version, focus },
    jobId: `media-refocus-${mediaId}-v${version}-${focusTag(focus) ?? 'auto'}-${Date.now()}`,
  }),
  /** One render per media and version, however often it is queued. */
  mediaEdit: (mediaId: number, version: number, operationId: number): KeyedJob => ({
    name: JobName.MediaEdit,
    data: { mediaId, version, operationId },
    jobId: `media-edit-${mediaId}-v${version}`,
  }),
  /**
   * One notification per incident opened, and one per escalation (its count doubled): the job id is the webhook id
   * the receiver dedupes on.
   */
  securityNotify: (incidentId: number, escalation?: number): KeyedJob => ({
    name: JobName.SecurityNotify,
    data: escalation === undefined ? { incidentId } : { incidentId, escalation },
    jobId:
      escalation === undefined
        ? `security-notify-${incidentId}`
        : `security-notify-${incidentId}-x${escalation}`,
  }),
  /** Re-rendering after a restore: keyed by the restore, so a second restore of the same ids renders again. */
  mediaRender: (mediaId: number, versions: number[], restoreId: string): KeyedJob => ({
    name: JobName.MediaRender,
    data: { mediaId, versions },
    jobId: `media-render-${mediaId}-${restoreId}`,
  }),
  /** One export job per export row. */
  modelExport: (exportId: number): KeyedJob => ({
    name: JobName.ModelExport,
    data: { exportId },
    jobId: `model-export-${exportId}`,
  }),
  /** A new id per request: erasing again after an interruption must run again. */
  modelErase: (data: JobOf<'model.erase'>, at: number = Date.now()): KeyedJob => ({
    name: JobName.ModelErase,
    data,
    jobId: `model-erase-${data.modelId}-${at}`,
  }),
  moderationApply: (eventId: number): KeyedJob => ({
    name: JobName.ModerationApply,
    data: { eventId },
    jobId: moderationApplyJobId(eventId),
  }),
} as const;

/**
 * Names a thumbnail cropped around a focal point, in its storage key (`thumb-c05000250.webp`): the same point
 * always gives the same name; undefined for the automatic crop.
 */
export function focusTag(focus: { x: number; y: number } | null | undefined): string | undefined {
  if (!focus) return undefined;
  const part = (value: number) => String(Math.round(value * 1000)).padStart(4, '0');
  return `c${part(focus.x)}${part(focus.y)}`;
}

/** The job id that makes a job idempotent: one `media.process` per media and version, however often it is queued. */
export function mediaProcessJobId(mediaId: number, version: number): string {
  return `media-process-${mediaId}-v${version}`; // BullMQ custom ids must not contain ':'
}

export function moderationCheckJobId(mediaId: number, version: number, attempt: number): string {
  return `moderation-check-${mediaId}-v${version}-a${attempt}`;
}

export function moderationApplyJobId(eventId: number): string {
  return `moderation-apply-${eventId}`;
}

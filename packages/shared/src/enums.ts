/** Enumerations shared by the database schema, the api and the SPA. `as const` objects, not TS enums. */

export const ProcessingStatus = {
  Uploaded: 'uploaded',
  Processing: 'processing',
  Ready: 'ready',
  Failed: 'failed',
} as const;
export type ProcessingStatus = (typeof ProcessingStatus)[keyof typeof ProcessingStatus];
export const processingStatuses = Object.values(ProcessingStatus) as [
  ProcessingStatus,
  ...ProcessingStatus[],
];

export const ModerationStatus = {
  Pending: 'pending',
  Approved: 'approved',
  Rejected: 'rejected',
  Flagged: 'flagged',
} as const;
export type ModerationStatus = (typeof ModerationStatus)[keyof typeof ModerationStatus];
export const moderationStatuses = Object.values(ModerationStatus) as [
  ModerationStatus,
  ...ModerationStatus[],
];

export const MemberRole = {
  Editor: 'editor',
  Viewer: 'viewer',
} as const;
export type MemberRole = (typeof MemberRole)[keyof typeof MemberRole];
export const memberRoles = Object.values(MemberRole) as [MemberRole, ...MemberRole[]];

/** Roles an API key can carry: an admin key, or a per-model editor/viewer key. */
export const ApiKeyRole = {
  Admin: 'admin',
  Editor: 'editor',
  Viewer: 'viewer',
} as const;
export type ApiKeyRole = (typeof ApiKeyRole)[keyof typeof ApiKeyRole];
export const apiKeyRoles = Object.values(ApiKeyRole) as [ApiKeyRole, ...ApiKeyRole[]];

export const OperationStatus = {
  Queued: 'queued',
  Running: 'running',
  Succeeded: 'succeeded',
  Failed: 'failed',
} as const;
export type OperationStatus = (typeof OperationStatus)[keyof typeof OperationStatus];
export const operationStatuses = Object.values(OperationStatus) as [OperationStatus, ...OperationStatus[]];

export const ModerationProviderName = {
  Local: 'local',
  Http: 'http',
  Manual: 'manual',
} as const;
export type ModerationProviderName = (typeof ModerationProviderName)[keyof typeof ModerationProviderName];
export const moderationProviderNames = Object.values(ModerationProviderName) as [
  ModerationProviderName,
  ...ModerationProviderName[],
];

export const OutboxStatus = {
  Pending: 'pending',
  Sent: 'sent',
} as const;
export type OutboxStatus = (typeof OutboxStatus)[keyof typeof OutboxStatus];
export const outboxStatuses = Object.values(OutboxStatus) as [OutboxStatus, ...OutboxStatus[]];

/** A model's GDPR export: queued, being written by the worker, ready to download, failed, or its file expired. */
export const ExportStatus = {
  Queued: 'queued',
  Running: 'running',
  Ready: 'ready',
  Failed: 'failed',
  Expired: 'expired',
} as const;
export type ExportStatus = (typeof ExportStatus)[keyof typeof ExportStatus];
export const exportStatuses = Object.values(ExportStatus) as [ExportStatus, ...ExportStatus[]];

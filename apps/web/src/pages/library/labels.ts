/** Words and badge colours for upload outcomes, processing and moderation states. */
import type {
  ModerationStatus,
  ProcessingStatus,
  PublicationStateName,
  UploadRejectionCode,
} from '@phoenix4ge/shared';
import type { UploadStatus } from '../../stores/uploads';

/** A short heading for each reason the api rejects a file; its message gives the detail. */
export const rejectionTitle: Record<UploadRejectionCode, string> = {
  EMPTY_FILE: 'Empty file',
  FILE_TOO_LARGE: 'File too large',
  IMAGE_TOO_LARGE: 'Image too large',
  TOO_MANY_FRAMES: 'Too many frames',
  UNSUPPORTED_TYPE: 'Not an accepted file type',
  UNSUPPORTED_HEVC: 'HEIC photo cannot be read',
  CORRUPT: 'Damaged file',
  TRUNCATED: 'Incomplete file',
  UPLOAD_FAILED: 'The server could not store it',
};

/** Headings for requests that failed before the file was judged (see lib/upload-request.ts). */
const failureTitle: Record<string, string> = {
  NETWORK_ERROR: 'Connection problem',
  UNAUTHORIZED: 'Signed out',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Model not found',
  BAD_REQUEST: 'Request refused',
  PAYLOAD_TOO_LARGE: 'File too large',
  TOO_MANY_REQUESTS: 'Too many requests',
};

export function reasonTitle(code: string): string {
  return (
    (rejectionTitle as Record<string, string | undefined>)[code] ??
    failureTitle[code] ??
    (code.startsWith('HTTP_5') || code === 'INTERNAL_SERVER_ERROR' ? 'Server error' : 'Not uploaded')
  );
}

export const uploadStatusLabel: Record<UploadStatus, string> = {
  queued: 'Waiting',
  uploading: 'Uploading',
  created: 'Added',
  duplicate: 'Already in the library',
  rejected: 'Rejected',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const uploadStatusBadge: Record<UploadStatus, string> = {
  queued: 'bg-body-tertiary text-body border',
  uploading: 'text-bg-primary',
  created: 'text-bg-success',
  duplicate: 'text-bg-info',
  rejected: 'text-bg-danger',
  failed: 'text-bg-warning',
  cancelled: 'text-bg-secondary',
};

/** Progress bar colour for a row. */
export const uploadBarClass: Record<UploadStatus, string> = {
  queued: 'bg-secondary',
  uploading: '',
  created: 'bg-success',
  duplicate: 'bg-info',
  rejected: 'bg-danger',
  failed: 'bg-warning',
  cancelled: 'bg-secondary',
};

export const processingLabel: Record<ProcessingStatus, string> = {
  uploaded: 'Uploaded',
  processing: 'Processing',
  ready: 'Ready',
  failed: 'Processing failed',
};

export const processingBadge: Record<ProcessingStatus, string> = {
  uploaded: 'text-bg-secondary',
  processing: 'text-bg-primary',
  ready: 'text-bg-success',
  failed: 'text-bg-danger',
};

export const moderationLabel: Record<ModerationStatus, string> = {
  pending: 'Not reviewed',
  approved: 'Approved',
  rejected: 'Rejected',
  flagged: 'Flagged',
};

export const moderationBadge: Record<ModerationStatus, string> = {
  pending: 'bg-secondary-subtle text-secondary-emphasis border border-secondary-subtle',
  approved: 'bg-success-subtle text-success-emphasis border border-success-subtle',
  rejected: 'bg-danger-subtle text-danger-emphasis border border-danger-subtle',
  flagged: 'bg-warning-subtle text-warning-emphasis border border-warning-subtle',
};

const typeNames: Record<string, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'image/avif': 'AVIF',
  'image/tiff': 'TIFF',
  'image/apng': 'APNG',
};

/** "JPEG" for image/jpeg; other types by their subtype in capitals. */
export function typeName(mimeType: string): string {
  return typeNames[mimeType] ?? (mimeType.split('/')[1] ?? mimeType).toUpperCase();
}

/** Badge colours of an item's publication state (live on the public site, scheduled, expired, not public). */
export const publicationBadge: Record<PublicationStateName, string> = {
  live: 'text-bg-success',
  scheduled: 'text-bg-info',
  expired: 'text-bg-warning',
  'not public': 'bg-body-tertiary text-body border',
};

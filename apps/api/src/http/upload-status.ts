import type { UploadOutcome, UploadRejectionCode } from '@phoenix4ge/shared';

const rejectionStatus: Record<UploadRejectionCode, number> = {
  EMPTY_FILE: 422,
  FILE_TOO_LARGE: 413,
  IMAGE_TOO_LARGE: 413,
  TOO_MANY_FRAMES: 413,
  UNSUPPORTED_TYPE: 415,
  UNSUPPORTED_HEVC: 415,
  CORRUPT: 422,
  TRUNCATED: 422,
  UPLOAD_FAILED: 500,
};

/** The status of an upload response: a single file's outcome decides it (201, 200 duplicate, 413, 415, 422); several answer 200. */
export function uploadResponseStatus(outcomes: UploadOutcome[]): number {
  const [only] = outcomes;
  if (outcomes.length !== 1 || !only) return 200;
  if (only.status === 'created') return 201;
  if (only.status === 'duplicate') return 200;
  return rejectionStatus[only.error.code];
}

/**
 * One file to the plain HTTP upload route, over XMLHttpRequest: `fetch` cannot report upload progress.
 * The route is `POST /api/model-media-library/:modelSlug/upload` (multipart; text fields before the file; the
 * CSRF header; the session cookie authenticates). Its answer is classified here once, so the queue only
 * deals with "the server judged the file" (an outcome) or "the request failed" (with whether a retry may help).
 */
import type { MediaSummary, UploadOutcome } from '@phoenix4ge/shared';
import { CSRF_HEADER, uploadPath } from '@phoenix4ge/shared';

export interface UploadFieldValues {
  altText?: string;
  caption?: string;
}

/** The request failed before the server judged the file; `retryable` when trying again may succeed. */
export interface UploadFailure {
  code: string;
  message: string;
  httpStatus: number;
  retryable: boolean;
  /** 401: the session ended; sign in again, then retry. */
  sessionEnded: boolean;
}

/** What the server said about the file: its outcome, or why the request failed. */
export type UploadAnswer =
  | { kind: 'outcome'; outcome: UploadOutcome }
  | { kind: 'failure'; failure: UploadFailure };

export type UploadResult = UploadAnswer | { kind: 'aborted' };

export interface UploadRequest {
  result: Promise<UploadResult>;
  abort(): void;
}

export interface SendUploadOptions {
  modelSlug: string;
  file: File;
  fields: UploadFieldValues;
  /** Bytes of the request body sent so far and its total (the body is a little larger than the file). */
  onProgress?: (loaded: number, total: number) => void;
  /** The whole body is sent; the server is now checking and storing the file. */
  onSent?: () => void;
}

export function sendUpload(options: SendUploadOptions): UploadRequest {
  const xhr = new XMLHttpRequest();
  const result = new Promise<UploadResult>((resolve) => {
    xhr.open('POST', uploadPath(options.modelSlug));
    xhr.setRequestHeader(CSRF_HEADER, '1');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    };
    xhr.upload.onload = () => options.onSent?.();
    xhr.onload = () => resolve(classifyResponse(xhr.status, parseJson(xhr.responseText)));
    xhr.onerror = () => resolve({ kind: 'failure', failure: networkFailure() });
    xhr.ontimeout = () => resolve({ kind: 'failure', failure: networkFailure() });
    xhr.onabort = () => resolve({ kind: 'aborted' });

    const form = new FormData();
    // The route reads text fields only before the first file.
    if (options.fields.altText) form.append('altText', options.fields.altText);
    if (options.fields.caption) form.append('caption', options.fields.caption);
    form.append('file', options.file, options.file.name);
    xhr.send(form);
  });
  return { result, abort: () => xhr.abort() };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function networkFailure(): UploadFailure {
  return {
    code: 'NETWORK_ERROR',
    message: 'The upload did not reach the server (network error or the connection dropped)',
    httpStatus: 0,
    retryable: true,
    sessionEnded: false,
  };
}

/** Media over plain HTTP has ISO strings for dates; the tRPC cache holds Dates (superjson). */
export function reviveMedia(media: MediaSummary): MediaSummary {
  const revive = (value: Date | string | null) => (value === null ? null : new Date(value));
  return {
    ...media,
    uploadDate: new Date(media.uploadDate),
    deletedAt: revive(media.deletedAt as Date | string | null),
    takenAt: revive(media.takenAt as Date | string | null),
    moderatedAt: revive(media.moderatedAt as Date | string | null),
  };
}

function reviveOutcome(outcome: UploadOutcome): UploadOutcome {
  return outcome.status === 'rejected' ? outcome : { ...outcome, media: reviveMedia(outcome.media) };
}

function isOutcome(value: unknown): value is UploadOutcome {
  if (typeof value !== 'object' || value === null) return false;
  const status = (value as { status?: unknown }).status;
  return status === 'created' || status === 'duplicate' || status === 'rejected';
}

/** Turns an HTTP status and JSON body into an outcome or a failure. Exported for the unit spec. */
export function classifyResponse(status: number, body: unknown): UploadAnswer {
  const first = (body as { files?: unknown[] } | undefined)?.files?.[0];
  if (isOutcome(first)) {
    // The server could not store a file it accepted: not the file's fault, so worth another try.
    if (first.status === 'rejected' && first.error.code === 'UPLOAD_FAILED') {
      return {
        kind: 'failure',
        failure: {
          code: first.error.code,
          message: first.error.message,
          httpStatus: status,
          retryable: true,
          sessionEnded: false,
        },
      };
    }
    return { kind: 'outcome', outcome: reviveOutcome(first) };
  }

  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${status}`;
  const serverMessage = typeof error?.message === 'string' ? error.message : undefined;
  const failure = (message: string, retryable: boolean, sessionEnded = false): UploadAnswer => ({
    kind: 'failure',
    failure: { code, message, httpStatus: status, retryable, sessionEnded },
  });

  if (status === 401) return failure('Your session has ended; sign in again, then retry', true, true);
  if (status === 403) return failure(serverMessage ?? 'You may not upload to this model', false);
  if (status === 404) return failure(serverMessage ?? 'This model no longer exists', false);
  if (status === 413) {
    // Said by something in front of the route (a proxy's body limit), so there is no per-file outcome.
    return failure(serverMessage ?? 'The file is larger than the server accepts', false);
  }
  if (status === 429) return failure(serverMessage ?? 'Too many requests; wait a moment and retry', true);
  if (status >= 500 || status === 0) {
    return failure(serverMessage ?? `The server failed (HTTP ${status}); try again`, true);
  }
  return failure(serverMessage ?? `The server refused the upload (HTTP ${status})`, false);
}

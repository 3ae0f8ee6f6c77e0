/**
 * The plain HTTP contract between the api and its clients (the SPA, internal clients, the moderation provider):
 * route paths and header names, declared once. Browser-safe.
 */

/** A browser request that changes state must carry this header (any value); see the api's auth hooks. */
export const CSRF_HEADER = 'x-p4g-csrf';

/** Multipart upload of one or more files into a model's library (Fastify route pattern). */
export const UPLOAD_ROUTE = '/api/model-media-library/:modelSlug/upload';
/** One media of a model, for plain HTTP clients. */
export const MEDIA_READ_ROUTE = '/api/model-media-library/:modelSlug/:mediaId';
/** A model, its settings and the caller's role, for plain HTTP clients. */
export const MODEL_READ_ROUTE = '/api/model-media-library/:modelSlug';
/** The moderation provider's signed result callback (Standard Webhooks). */
export const MODERATION_WEBHOOK_ROUTE = '/api/moderation-webhooks/result';
/** Files by storage key: `/media/<key>` (see storage-keys.ts). */
export const MEDIA_FILES_PREFIX = '/media/';

/** The upload URL of a model. */
export function uploadPath(modelSlug: string): string {
  return UPLOAD_ROUTE.replace(':modelSlug', encodeURIComponent(modelSlug));
}

/**
 * The plain HTTP contract between the api and its clients (the SPA, internal clients, the moderation provider):
 * route paths and header names, declared once. Browser-safe, and free of dependencies: the portfolio page imports
 * it alone (`@phoenix4ge/shared/http-routes`) so its bundle stays small.
 */

/** A browser request that changes state must carry this header (any value); see the api's auth hooks. */
export const CSRF_HEADER = 'x-p4g-csrf';
/** Every api answer names its request id here (the id its log line and the jobs it caused carry). */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Multipart upload of one or more files into a model's library (Fastify route pattern). */
export const UPLOAD_ROUTE = '/api/model-media-library/:modelSlug/upload';
/** One media of a model, for plain HTTP clients. */
export const MEDIA_READ_ROUTE = '/api/model-media-library/:modelSlug/:mediaId';
/** A ZIP of media prepared by `media.prepareDownload` (streamed; the token is valid for a short time). */
export const MEDIA_DOWNLOAD_ROUTE = '/api/model-media-library/:modelSlug/download/:token';
/** The seed's blur route: saves a blurred version of one media (an edit like any other). */
export const MEDIA_BLUR_ROUTE = '/api/model-media-library/:modelSlug/:mediaId/blur';
/** Saves an operation list as the next version of one media, for plain HTTP clients. */
export const MEDIA_EDITS_ROUTE = '/api/model-media-library/:modelSlug/:mediaId/edits';
/** A model, its settings and the caller's role, for plain HTTP clients. */
export const MODEL_READ_ROUTE = '/api/model-media-library/:modelSlug';
/** The moderation provider's signed result callback (Standard Webhooks). */
export const MODERATION_WEBHOOK_ROUTE = '/api/moderation-webhooks/result';
/** The portfolio site's analytics events (no login): a batch of views of a model's public images. */
export const PUBLIC_EVENTS_ROUTE = '/api/public/:modelSlug/events';
/** The most events one `POST /api/public/:modelSlug/events` may carry (more: 413). */
export const MAX_PUBLIC_EVENTS = 50;
/** One public image of a model as a file download (no login; counted as a download). */
export const PUBLIC_DOWNLOAD_ROUTE = '/api/public/:modelSlug/media/:mediaId/download';
/** The reference portfolio page of a model (HTML, no login), built on the public API alone. */
export const PORTFOLIO_PAGE_ROUTE = '/portfolio/:modelSlug';
/** A model's GDPR export (`models.export`), by its link's token; admins only, until the link expires (then 410). */
export const MODEL_EXPORT_ROUTE = '/api/exports/:token';
/** Files by storage key: `/media/<key>` (see storage-keys.ts). */
export const MEDIA_FILES_PREFIX = '/media/';

/** The upload URL of a model. */
export function uploadPath(modelSlug: string): string {
  return UPLOAD_ROUTE.replace(':modelSlug', encodeURIComponent(modelSlug));
}

/** The portfolio page of a model. */
export function portfolioPath(modelSlug: string): string {
  return PORTFOLIO_PAGE_ROUTE.replace(':modelSlug', encodeURIComponent(modelSlug));
}

/** The URL of a prepared ZIP download. */
export function downloadPath(modelSlug: string, token: string): string {
  return MEDIA_DOWNLOAD_ROUTE.replace(':modelSlug', encodeURIComponent(modelSlug)).replace(
    ':token',
    encodeURIComponent(token),
  );
}

/** The download link of a model's GDPR export. */
export function exportPath(token: string): string {
  return MODEL_EXPORT_ROUTE.replace(':token', encodeURIComponent(token));
}

import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services';
import { publicRoute } from './public-route';

/** Sends cached JSON text with a strong ETag (304 when the client has it) and the public cache policy. */
function sendPublicJson(request: FastifyRequest, reply: FastifyReply, body: string) {
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  reply
    .header('cache-control', 'public, max-age=60, stale-while-revalidate=600')
    .header('etag', etag)
    // Added to what is there: CORS may have said `Vary: Origin` (an allowed origin echoed back).
    .header('vary', [reply.getHeader('vary'), 'Accept-Encoding'].filter(Boolean).join(', '));
  if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag)) {
    return reply.status(304).send();
  }
  return reply.type('application/json; charset=utf-8').send(body);
}

/**
 * The public gallery API (no login; public-gallery.service.ts):
 * - `GET /api/public/:modelSlug/gallery?category=&cursor=&limit=`: `{ items, nextCursor }`.
 * - `GET /api/public/:modelSlug/categories`: `{ categories: [{ id, name, color, count }] }`.
 * Registered in the public API's scope (public-api.ts), under its prefix.
 */
export function registerPublicGalleryRoutes(server: FastifyInstance, services: Services) {
  server.get(
    publicRoute('/api/public/:modelSlug/gallery'),
    { config: { access: 'public' } },
    async (request, reply) => {
      const { modelSlug } = request.params as { modelSlug: string };
      return sendPublicJson(request, reply, await services.publicGallery.gallery(modelSlug, request.query));
    },
  );
  server.get(
    publicRoute('/api/public/:modelSlug/categories'),
    { config: { access: 'public' } },
    async (request, reply) => {
      const { modelSlug } = request.params as { modelSlug: string };
      return sendPublicJson(request, reply, await services.publicGallery.categories(modelSlug));
    },
  );
}

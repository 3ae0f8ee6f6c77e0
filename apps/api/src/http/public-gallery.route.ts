import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { sendPublicJson } from './public-json';
import { publicRoute } from './public-route';

/**
 * The public gallery API (no login; public-gallery.service.ts):
 * - `GET /api/public/:modelSlug/gallery?category=&cursor=&limit=`: `{ items, nextCursor }`.
 * - `GET /api/public/:modelSlug/categories`: `{ model: { slug, name }, categories: [{ id, name, color, count }] }`.
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

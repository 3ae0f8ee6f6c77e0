import { MEDIA_READ_ROUTE } from '@phoenix4ge/shared';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { sendError } from './errors';
import { tenantGuard } from './tenant.guard';

/**
 * GET /api/model-media-library/:modelSlug/:mediaId for plain HTTP clients: one media as the library lists it
 * (alt text, caption, category, tags, upload date, …) with its status, metadata and variant URLs.
 */
export function registerMediaReadRoute(server: FastifyInstance, services: Services) {
  server.get(
    MEDIA_READ_ROUTE,
    { config: { access: 'tenant', minRole: 'viewer' }, preHandler: tenantGuard(services, 'viewer') },
    async (request, reply) => {
      const id = Number((request.params as { mediaId: string }).mediaId);
      if (!Number.isInteger(id) || id <= 0)
        return sendError(reply, 400, 'BAD_REQUEST', 'The media id is a positive number');
      const detail = await services.media.detail(request.model, id);
      // Everything the list has (category, tags, alt text, caption, dates), plus variants and metadata.
      return {
        media: { ...detail, status: detail.processingStatus, error: detail.processingError },
      };
    },
  );
}

import { MEDIA_READ_ROUTE } from '@phoenix4ge/shared';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { sendError } from './errors';
import { tenantGuard } from './tenant.guard';

/**
 * GET /api/model-media-library/:modelSlug/:mediaId for plain HTTP clients: status, size, metadata and the
 * variant URLs of one media.
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
      return {
        media: {
          id: detail.id,
          status: detail.processingStatus,
          moderationStatus: detail.moderationStatus,
          width: detail.width,
          height: detail.height,
          ...(detail.processingError ? { error: detail.processingError } : {}),
          originalFilename: detail.originalFilename,
          mimeType: detail.mimeType,
          bytes: detail.bytes,
          placeholder: detail.placeholder,
          dominantColor: detail.dominantColor,
          metadata: detail.metadata,
          variants: detail.variants,
        },
      };
    },
  );
}

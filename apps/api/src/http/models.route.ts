import { MODEL_READ_ROUTE } from '@phoenix4ge/shared';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { parseLibraryQuery } from './library-query';
import { tenantGuard } from './tenant.guard';

/**
 * GET /api/model-media-library/:modelSlug?q=&category=&…&sort=&cursor=&limit= for plain HTTP clients: a page of
 * the model's library with the same filters, sort and cursors as `media.list` (`{ items, nextCursor,
 * prevCursor }`), plus the model, its settings and the caller's role.
 */
export function registerModelRoutes(server: FastifyInstance, services: Services) {
  server.get(
    MODEL_READ_ROUTE,
    { config: { access: 'tenant', minRole: 'viewer' }, preHandler: tenantGuard(services, 'viewer') },
    async (request) => {
      const input = parseLibraryQuery(request.query as Record<string, string | undefined>);
      return {
        model: await services.models.describe(request.caller, request.model),
        ...(await services.library.list(request.model, input)),
      };
    },
  );
}

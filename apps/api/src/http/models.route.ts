import { MODEL_READ_ROUTE } from '@phoenix4ge/shared';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { tenantGuard } from './tenant.guard';

/** GET /api/model-media-library/:modelSlug: the model, its settings and the caller's role, for plain HTTP clients. */
export function registerModelRoutes(server: FastifyInstance, services: Services) {
  server.get(
    MODEL_READ_ROUTE,
    { config: { access: 'tenant', minRole: 'viewer' }, preHandler: tenantGuard(services, 'viewer') },
    async (request) => ({ model: await services.models.describe(request.caller, request.model) }),
  );
}

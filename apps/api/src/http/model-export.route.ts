import { MODEL_EXPORT_ROUTE } from '@phoenix4ge/shared';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { requireSignedIn } from '../services/caller';
import { sendError } from './errors';

/**
 * GET /api/exports/:token: a model's GDPR export, by the link `models.export` answered. The token alone is not
 * enough: the caller must be signed in as an admin too, so a link that leaks (a forwarded mail, a proxy log) gives
 * nothing to anyone else. Expired: 410; not written yet or failed: 409. Which of those is the service's rule.
 */
export function registerModelExportRoute(server: FastifyInstance, services: Services) {
  server.get(
    MODEL_EXPORT_ROUTE,
    {
      config: { access: 'admin' },
      preHandler: async (request) => {
        await services.access.requireAdmin(request.caller, request.ip, `GET ${MODEL_EXPORT_ROUTE}`);
      },
    },
    async (request, reply) => {
      const { caller } = request;
      requireSignedIn(caller);
      const { token } = request.params as { token: string };
      const opened = await services.modelData.openExport(
        token,
        caller,
        request.ip,
        request.method !== 'HEAD',
      );
      if (opened.status !== 200) return sendError(reply, opened.status, opened.code, opened.message);
      reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${opened.filename}"`)
        .header('content-length', String(opened.bytes))
        .header('cache-control', 'no-store');
      return reply.send(request.method === 'HEAD' ? undefined : await opened.open());
    },
  );
}

import { MEDIA_DOWNLOAD_ROUTE } from '@phoenix4ge/shared';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { requireSignedIn } from '../services/caller';
import { tenantGuard } from './tenant.guard';

/**
 * GET /api/model-media-library/:modelSlug/download/:token: the ZIP prepared by `media.prepareDownload`, streamed
 * as it is written (no Content-Length: its size is known only at the end). Who may fetch it is the download
 * service's rule; this route only speaks HTTP.
 */
export function registerMediaDownloadRoute(server: FastifyInstance, services: Services) {
  server.get(
    MEDIA_DOWNLOAD_ROUTE,
    { config: { access: 'tenant', minRole: 'viewer' }, preHandler: tenantGuard(services, 'viewer') },
    async (request, reply) => {
      const { caller } = request;
      requireSignedIn(caller);
      const { token } = request.params as { token: string };
      const download = await services.download.open(request.model, caller, request.ip, token);
      reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${download.filename}"`)
        .header('cache-control', 'no-store')
        .header('x-item-count', String(download.count));
      // Fastify answers HEAD through this GET route and would read a stream to its end only to discard it.
      return reply.send(request.method === 'HEAD' ? undefined : download.archive());
    },
  );
}

import { exposition, isForwarded, mayScrape } from '@phoenix4ge/shared/node';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { sendError } from './errors';

/**
 * GET /metrics: Prometheus text format (default Node metrics and the api's own, see metrics/api-metrics.ts).
 * With METRICS_TOKEN: `Authorization: Bearer <token>`; without: direct peers on private addresses only (mayScrape).
 */
export function registerMetricsRoute(server: FastifyInstance, services: Services, token: string | undefined) {
  server.get('/metrics', async (request, reply) => {
    const allowed = mayScrape(token, {
      authorization: request.headers.authorization,
      remoteAddress: request.socket.remoteAddress,
      forwarded: isForwarded(request.headers),
    });
    if (!allowed) {
      return sendError(
        reply,
        401,
        'UNAUTHORIZED',
        token === undefined
          ? 'Metrics are served to private-network peers only (set METRICS_TOKEN to scrape from elsewhere)'
          : 'Send Authorization: Bearer <METRICS_TOKEN>',
      );
    }
    const { contentType, body } = await exposition(services.metrics.registry);
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
}

import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';

/** GET /health: liveness plus database, Redis, disk, worker and queue state; 503 when a critical part fails. */
export function registerHealthRoute(server: FastifyInstance, services: Services) {
  server.get('/health', async (_request, reply) => {
    const report = await services.system.status();
    return reply
      .status(report.status === 'ok' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(report);
  });
}

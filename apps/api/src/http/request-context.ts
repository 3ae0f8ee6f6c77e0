import { runWithRequestId } from '@phoenix4ge/shared/node';
import type { FastifyInstance } from 'fastify';

/**
 * Every handler runs inside its request's id (the one the request log prints), so the jobs it queues, directly or
 * through the outbox, carry it into the worker's log lines. Register before the routes.
 */
export function registerRequestContext(server: FastifyInstance) {
  server.addHook('preHandler', (request, _reply, done) => {
    runWithRequestId(request.id, done);
  });
}

import { REQUEST_ID_HEADER } from '@phoenix4ge/shared/http-routes';
import { runWithRequestId } from '@phoenix4ge/shared/node';
import type { FastifyInstance } from 'fastify';

/**
 * Every answer names its request id (the one the request log prints) in `x-request-id`, and every handler runs
 * inside it (from its first hook on), so the jobs it queues, directly or through the outbox, carry it into the worker's log lines.
 * Register before the routes.
 */
export function registerRequestContext(server: FastifyInstance) {
  server.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    runWithRequestId(request.id, done);
  });
  // Entered again once the body is parsed: a body's stream events do not carry the context along.
  server.addHook('preHandler', (request, _reply, done) => {
    runWithRequestId(request.id, done);
  });
}

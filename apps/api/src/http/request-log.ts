import { logContext } from '@phoenix4ge/shared/node';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';

/**
 * One log line per request, when its answer is sent: the request id (the child logger's `reqId`), method, route
 * pattern (bounded: the path's ids and tokens stay out of it), path, status and duration. Fastify's own two lines
 * (incoming, completed) are turned off where the server is created.
 */
export function registerRequestLog(server: FastifyInstance) {
  // The request id for log lines written where no request is at hand (the database pool's slow queries). Entered
  // again after the body is parsed: a body's stream events do not carry the context along.
  const enterContext: onRequestHookHandler = (request, _reply, done) => {
    logContext.run({ reqId: String(request.id) }, done);
  };
  server.addHook('onRequest', enterContext);
  server.addHook('preValidation', enterContext);
  server.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
}

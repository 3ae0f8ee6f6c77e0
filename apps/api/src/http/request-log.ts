import type { FastifyInstance } from 'fastify';
import type { ApiMetrics } from '../metrics/api-metrics';
import { UNMATCHED_ROUTE } from '../metrics/api-metrics';

/**
 * One log line per request, when its answer is sent: the request id (the child logger's `reqId`), method, route
 * pattern (bounded: the path's ids and tokens stay out of it), path, status and duration. Fastify's own two lines
 * (incoming, completed) are turned off where the server is created. The same moment observes the request in the
 * HTTP duration histogram, labelled by the same bounded route pattern.
 */
export function registerRequestLog(server: FastifyInstance, metrics?: Pick<ApiMetrics, 'httpRequest'>) {
  server.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    metrics?.httpRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    if (request.log.isLevelEnabled('info'))
      request.log.info(
        {
          method: request.method,
          route,
          path: request.url.split('?')[0],
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request',
      );
    done();
  });
}

import type { FastifyInstance } from 'fastify';
import type { ApiMetrics } from '../metrics/api-metrics';
import { UNMATCHED_ROUTE } from '../metrics/api-metrics';

/** The fields of a request's log line (the request id comes from the logger's bindings, `reqId`). */
export function requestLine(method: string, route: string, url: string, status: number, ms: number) {
  return { method, route, path: url.split('?')[0], status, ms: Math.round(ms * 10) / 10 };
}

/**
 * One log line per request, when its answer is sent: the request id (the child logger's `reqId`), method, route
 * pattern (bounded: the path's ids and tokens stay out of it), path, status and duration. Fastify's own two lines
 * (incoming, completed) are turned off where the server is created. The same moment observes the request in the
 * HTTP duration histogram, labelled by the same bounded route pattern. (Replayed public answers log and count
 * the same way: public-replay.ts.)
 */
export function registerRequestLog(server: FastifyInstance, metrics?: Pick<ApiMetrics, 'httpRequest'>) {
  server.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    metrics?.httpRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    request.log.info(
      requestLine(request.method, route, request.url, reply.statusCode, reply.elapsedTime),
      'request',
    );
    done();
  });
}

import {
  MAX_PUBLIC_EVENTS,
  PUBLIC_DOWNLOAD_ROUTE,
  PUBLIC_EVENTS_ROUTE,
  PublicEventsSchema,
} from '@phoenix4ge/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../services';
import { sendError } from './errors';
import { publicRoute } from './public-route';

/** 50 events of `{"type":"view","mediaId":123456789}` fit many times over. */
const EVENTS_BODY_LIMIT = 16 * 1024;

const visitorOf = (request: FastifyRequest) => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'],
});

/**
 * The public site's analytics (no login): `POST /api/public/:modelSlug/events` (a batch of views; 202 whatever
 * ids it names) and `GET /api/public/:modelSlug/media/:mediaId/download` (a public image as an attachment).
 * Registered in the public API's scope (public-api.ts), under its prefix.
 */
export async function registerPublicAnalyticsRoutes(server: FastifyInstance, services: Services) {
  await server.register(async (scope) => {
    // navigator.sendBeacon posts a string as text/plain (a JSON body would need a CORS preflight).
    scope.addContentTypeParser(
      'text/plain',
      { parseAs: 'string', bodyLimit: EVENTS_BODY_LIMIT },
      (_request, body, done) => {
        try {
          done(null, JSON.parse(String(body)));
        } catch {
          done(Object.assign(new Error('The body is not JSON'), { statusCode: 400 }), undefined);
        }
      },
    );
    registerEventsRoute(scope, services);
  });
  registerDownloadRoute(server, services);
}

function registerEventsRoute(server: FastifyInstance, services: Services) {
  server.post(
    publicRoute(PUBLIC_EVENTS_ROUTE),
    { config: { access: 'public' }, bodyLimit: EVENTS_BODY_LIMIT },
    async (request, reply) => {
      const { modelSlug } = request.params as { modelSlug: string };
      const events = (request.body as { events?: unknown } | null)?.events;
      if (Array.isArray(events) && events.length > MAX_PUBLIC_EVENTS) {
        return sendError(reply, 413, 'PAYLOAD_TOO_LARGE', `At most ${MAX_PUBLIC_EVENTS} events per request`);
      }
      const parsed = PublicEventsSchema.safeParse(request.body);
      if (!parsed.success) {
        return sendError(reply, 400, 'BAD_REQUEST', 'Expected { events: [{ type: "view", mediaId }] }');
      }
      const result = await services.publicAnalytics.recordEvents(modelSlug, parsed.data, visitorOf(request));
      reply.header('cache-control', 'no-store');
      if (result.retryAfter !== undefined) {
        reply.header('retry-after', String(result.retryAfter));
        return sendError(reply, 429, 'TOO_MANY_REQUESTS', 'Too many events; slow down');
      }
      return reply.code(202).send();
    },
  );
}

function registerDownloadRoute(server: FastifyInstance, services: Services) {
  server.get(publicRoute(PUBLIC_DOWNLOAD_ROUTE), { config: { access: 'public' } }, async (request, reply) => {
    const { modelSlug, mediaId } = request.params as { modelSlug: string; mediaId: string };
    const id = /^[1-9]\d{0,15}$/.test(mediaId) ? Number(mediaId) : undefined;
    if (id === undefined) return sendError(reply, 404, 'NOT_FOUND', 'Not found');
    const head = request.method === 'HEAD';
    const file = await services.publicAnalytics.download(modelSlug, id, visitorOf(request), !head);
    reply
      .header('content-type', 'image/jpeg')
      .header('content-length', String(file.bytes))
      .header(
        'content-disposition',
        `attachment; filename="${file.filename.ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename.utf8)}`,
      )
      .header('cache-control', 'no-store');
    return reply.send(head ? undefined : await file.open());
  });
}

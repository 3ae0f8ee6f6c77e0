import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * helmet's headers with a CSP that fits the built SPA: scripts and connections only from this origin, no
 * inline script, inline style attributes allowed (Solid sets `style` for progress bars), images also from
 * data:/blob: URLs (placeholders, local previews), no framing.
 *
 * helmet itself, built once: @fastify/helmet rebuilds the middleware, CSP parsing included, on every request,
 * which was a tenth of the api's CPU on a cached public page.
 */
export function registerSecurityHeaders(server: FastifyInstance) {
  const applyHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
  server.addHook('onRequest', (request, reply, done) => {
    applyHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}

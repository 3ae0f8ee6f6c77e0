import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { PUBLIC_API_PREFIX } from './public-route';

/**
 * helmet's headers with a CSP that fits the built SPA: scripts and connections only from this origin, no
 * inline script, inline style attributes allowed (Solid sets `style` for progress bars), images also from
 * data:/blob: URLs (placeholders, local previews), no framing.
 */
const applyHelmet = helmet({
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

/**
 * The headers helmet sets, taken once: with this configuration (no nonces, no per-request directives) they are
 * the same on every answer. Setting them as one plain object costs a fraction of running helmet's dozen
 * middlewares per request, each validating its header through `setHeader` (a third of the api's own CPU on a
 * cached public page).
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  applyHelmet({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return headers;
}

/**
 * The public API's JSON answers: what OWASP's REST Security Cheat Sheet lists for API responses. helmet's other
 * headers govern documents (scripts, referrers, prefetching, legacy download and cross-domain policies), which a
 * JSON answer read with fetch() never is; leaving them out saves ~600 bytes on every answer the portfolio sites
 * ask for. The answer can never be rendered (`default-src 'none'`), framed or sniffed.
 */
export function publicApiSecurityHeaders(all = securityHeaders()): Record<string, string> {
  return {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-resource-policy': all['cross-origin-resource-policy'] ?? 'same-origin',
    ...(all['strict-transport-security']
      ? { 'strict-transport-security': all['strict-transport-security'] }
      : {}),
  };
}

export function registerSecurityHeaders(server: FastifyInstance) {
  const headers = securityHeaders();
  const publicApi = publicApiSecurityHeaders(headers);
  const publicApiPath = `${PUBLIC_API_PREFIX}/`;
  server.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.url.startsWith(publicApiPath) ? publicApi : headers);
    done();
  });
}

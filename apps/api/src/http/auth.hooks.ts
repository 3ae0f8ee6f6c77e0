import fastifyCookie from '@fastify/cookie';
import { CSRF_HEADER, MEDIA_FILES_PREFIX, MODERATION_WEBHOOK_ROUTE } from '@phoenix4ge/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services';
import type { Caller } from '../services/caller';
import { sendError } from './errors';
import { PUBLIC_API_PREFIX } from './public-route';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from './session-cookie';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, resolved once per request for /trpc and /api routes (anonymous elsewhere). */
    caller: Caller;
  }
}

const guardedPrefixes = ['/trpc', '/api/', MEDIA_FILES_PREFIX];
/** Routes whose credential is a signature over the body (the moderation webhook), not a session or key. */
const signedPaths = new Set([MODERATION_WEBHOOK_ROUTE]);
/** The public site's routes: anonymous by design (no session, no CSRF header: another origin calls them). */
const PUBLIC_PREFIX = `${PUBLIC_API_PREFIX}/`;
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const ANONYMOUS: Caller = Object.freeze({ kind: 'anonymous' });

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

/**
 * Authentication and the CSRF stance, for tRPC and the plain HTTP routes alike:
 * - the caller comes from `Authorization: Bearer <api key>` or the session cookie (renewed when due);
 * - a state-changing request with the session cookie must carry the `x-p4g-csrf` header (a cross-site page
 *   cannot add one without a CORS preflight, which this server never grants), and any state-changing request
 *   without a bearer key must, when the browser sends `Origin`, come from this origin. With the SameSite=Lax
 *   cookie that is two independent defences. A request with no credentials at all is simply anonymous (401).
 */
export async function registerAuthHooks(server: FastifyInstance, services: Services) {
  await server.register(fastifyCookie);
  // A reference type: Fastify wants null here and a value set per request (below).
  server.decorateRequest('caller', null as never);

  /** Resolves the caller of a guarded route; true when the request was refused (the answer is sent). */
  async function resolveCaller(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const url = request.url;
    const authorization = request.headers.authorization;
    const sessionToken = request.cookies[SESSION_COOKIE];
    // Only ambient credentials (the session cookie) can be abused by another site; a request with none is
    // anonymous and gets its 401 from the route. A browser's cross-site post is refused whatever it carries.
    const forged =
      !safeMethods.has(request.method) &&
      !authorization &&
      (!sameOrigin(request) || (sessionToken !== undefined && !request.headers[CSRF_HEADER]));
    if (forged) {
      await services.security.record('csrf_rejected', {
        ip: request.ip,
        details: { method: request.method, url: url.slice(0, 200), origin: request.headers.origin ?? null },
      });
      sendError(
        reply,
        403,
        'CSRF',
        `State-changing requests need the ${CSRF_HEADER} header from this origin`,
      );
      return true;
    }

    const result = await services.auth.authenticate({
      sessionToken,
      authorization,
      ip: request.ip,
    });
    request.caller = result.caller;
    if (result.renewed) setSessionCookie(request, reply, result.renewed.token, result.renewed.expiresAt);
    if (result.clearCookie) clearSessionCookie(request, reply);
    return false;
  }

  // A callback hook: the routes that need no credentials (the SPA, the public API and images) pass without a promise.
  server.addHook('onRequest', (request, reply, done) => {
    request.caller = ANONYMOUS;
    const url = request.url;
    if (
      !guardedPrefixes.some((prefix) => url.startsWith(prefix)) ||
      signedPaths.has(url.split('?')[0] ?? '') ||
      url.startsWith(PUBLIC_PREFIX)
    ) {
      return done();
    }
    resolveCaller(request, reply).then((refused) => {
      if (!refused) done();
    }, done);
  });
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendError } from './errors';

/**
 * Paths that belong to the api (the portfolio pages and public images included); an unknown one is a JSON 404,
 * never the SPA's index.html (a malformed `/i/…` image URL must not answer 200 with HTML).
 */
const apiPrefixes = ['/trpc', '/api/', '/health', '/metrics', '/media/', '/i/', '/portfolio/'];

/**
 * Serves the built SPA from `distPath`: hashed assets cached forever, index.html never cached, and every
 * other GET that accepts HTML falls back to index.html so client-side routes survive a reload.
 */
export async function registerSpa(server: FastifyInstance, distPath: string) {
  const indexFile = path.join(distPath, 'index.html');
  const built = existsSync(indexFile);
  if (built) {
    await server.register(fastifyStatic, {
      root: distPath,
      wildcard: false,
      index: false,
      setHeaders(reply, filePath) {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    server.log.warn({ distPath }, 'the SPA is not built; run `pnpm build` to serve it');
  }

  server.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !apiPrefixes.some((prefix) => url.startsWith(prefix)) &&
      !path.extname(url);
    if (!wantsPage) return sendError(reply, 404, 'NOT_FOUND', `No route for ${request.method} ${url}`);
    if (!built) {
      return sendError(reply, 503, 'SPA_NOT_BUILT', 'The admin app is not built; run `pnpm build`.');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PORTFOLIO_PAGE_ROUTE } from '@phoenix4ge/shared';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { sendError } from './errors';

/**
 * `GET /portfolio/:modelSlug`: the reference portfolio page (apps/web/portfolio.html, built with the SPA; its
 * hashed assets are served by spa.ts, cached for a year). No login. The HTML is revalidated on every visit
 * (`no-cache` with an ETag). An unknown or archived model gets the same page with a 404 status: the page reads
 * the public API, hears the same 404 and says so.
 */
export function registerPortfolioRoute(server: FastifyInstance, services: Services, distPath: string) {
  const pageFile = path.join(distPath, 'portfolio.html');
  server.get(PORTFOLIO_PAGE_ROUTE, { config: { access: 'public' } }, async (request, reply) => {
    const { modelSlug } = request.params as { modelSlug: string };
    let html: string;
    try {
      html = await readFile(pageFile, 'utf8');
    } catch {
      return sendError(reply, 503, 'SPA_NOT_BUILT', 'The portfolio page is not built; run `pnpm build`.');
    }
    const status = (await services.publicGallery.isPublic(modelSlug)) ? 200 : 404;
    const etag = `"${status}-${createHash('sha1').update(html).digest('base64url')}"`;
    reply.header('cache-control', 'no-cache').header('etag', etag);
    if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag)) {
      return reply.status(304).send();
    }
    return reply.status(status).type('text/html; charset=utf-8').send(html);
  });
}

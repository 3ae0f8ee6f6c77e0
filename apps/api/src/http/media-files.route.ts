import { createHash } from 'node:crypto';
import type { Media } from '@phoenix4ge/db';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services';
import { roleAtLeast } from '../services/caller';
import { sendError } from './errors';

const variantPattern = /^variants\/(\d+)\/(\d+)\/(\d+)\/(thumb|sm|md|lg|xl)\.(webp|jpg|avif)$/;
const originalPattern = /^originals\/(\d+)\/[0-9a-f]{2}\/([0-9a-f]{64})\.(jpg|png|gif|webp|avif|tif)$/;
const contentTypes: Record<string, string> = {
  webp: 'image/webp',
  jpg: 'image/jpeg',
  avif: 'image/avif',
  png: 'image/png',
  gif: 'image/gif',
  tif: 'image/tiff',
};

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` (one range) → inclusive range, or 'invalid'. */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'invalid' | undefined {
  if (!header) return undefined;
  const match = header.match(/^bytes=(\d*)-(\d*)$/);
  if (!match || (match[1] === '' && match[2] === '')) return 'invalid';
  const [first, last] = [match[1] ?? '', match[2] ?? ''];
  const start = first === '' ? Math.max(0, size - Number(last)) : Number(first);
  const end = first === '' || last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return start > end || start >= size ? 'invalid' : { start, end };
}

/**
 * GET /media/<storage key>: variant and original files with the right content type, ETag and Range support.
 * A variant of an approved media is public and cached for a year (keys are versioned, so never stale); anything
 * else (unapproved, trashed, originals) only for members of the model, and a 404 for everyone else, so nothing
 * unapproved is ever reachable by URL.
 */
export function registerMediaFilesRoute(server: FastifyInstance, services: Services) {
  const canSee = async (request: { caller: Parameters<Services['access']['roleOn']>[0] }, item: Media) => {
    const model = await services.models.byId(item.modelId);
    return model !== undefined && roleAtLeast(await services.access.roleOn(request.caller, model), 'viewer');
  };

  async function serve(
    reply: FastifyReply,
    key: string,
    range: string | undefined,
    ifNoneMatch: string | undefined,
    cacheControl: string,
  ) {
    const info = await services.storage.stat(key);
    if (!info) return sendError(reply, 404, 'NOT_FOUND', 'No such file');
    const etag = `"${createHash('sha1').update(`${key}:${info.bytes}`).digest('base64url')}"`;
    reply
      .header('cache-control', cacheControl)
      .header('etag', etag)
      .header('accept-ranges', 'bytes')
      .header('content-type', contentTypes[key.split('.').pop() ?? ''] ?? 'application/octet-stream')
      .header('content-disposition', 'inline');
    if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag)) return reply.status(304).send();
    const wanted = parseRange(range, info.bytes);
    if (wanted === 'invalid') {
      return reply.status(416).header('content-range', `bytes */${info.bytes}`).send();
    }
    if (wanted) {
      reply
        .status(206)
        .header('content-range', `bytes ${wanted.start}-${wanted.end}/${info.bytes}`)
        .header('content-length', wanted.end - wanted.start + 1);
      return reply.send(await services.storage.get(key, wanted));
    }
    reply.header('content-length', info.bytes);
    return reply.send(await services.storage.get(key));
  }

  server.get('/media/*', { config: { access: 'public' } }, async (request, reply) => {
    const key = (request.params as { '*': string })['*'];
    const range = request.headers.range;
    const ifNoneMatch = request.headers['if-none-match'];

    if (variantPattern.test(key)) {
      const found = await services.media.variantFile(key);
      if (!found) return sendError(reply, 404, 'NOT_FOUND', 'No such file');
      const isPublic = found.media.moderationStatus === 'approved' && found.media.deletedAt === null;
      if (!isPublic && !(await canSee(request, found.media)))
        return sendError(reply, 404, 'NOT_FOUND', 'No such file');
      return serve(
        reply,
        key,
        range,
        ifNoneMatch,
        isPublic ? 'public, max-age=31536000, immutable' : 'private, max-age=60',
      );
    }

    const original = key.match(originalPattern);
    if (original) {
      const item = await services.media.originalFile(Number(original[1]), original[2] ?? '');
      if (!item || item.storageKey !== key || !(await canSee(request, item))) {
        return sendError(reply, 404, 'NOT_FOUND', 'No such file');
      }
      return serve(reply, key, range, ifNoneMatch, 'private, no-cache');
    }
    return sendError(reply, 404, 'NOT_FOUND', 'No such file');
  });
}

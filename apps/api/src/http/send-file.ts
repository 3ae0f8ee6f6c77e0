import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OpenedFile } from '../services/media-files.service';

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

/** Streams a stored file with its content type, cache policy, ETag (304) and one byte range (206/416). */
export async function sendStoredFile(request: FastifyRequest, reply: FastifyReply, file: OpenedFile) {
  const etag = `"${createHash('sha1').update(`${file.key}:${file.bytes}`).digest('base64url')}"`;
  reply
    .header('cache-control', file.cacheControl)
    .header('etag', etag)
    .header('accept-ranges', 'bytes')
    .header('content-type', file.contentType)
    .header('content-disposition', 'inline');
  if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag)) {
    return reply.status(304).send();
  }
  const wanted = parseRange(request.headers.range, file.bytes);
  if (wanted === 'invalid') {
    return reply.status(416).header('content-range', `bytes */${file.bytes}`).send();
  }
  if (wanted) {
    reply
      .status(206)
      .header('content-range', `bytes ${wanted.start}-${wanted.end}/${file.bytes}`)
      .header('content-length', wanted.end - wanted.start + 1);
    return reply.send(await file.read(wanted));
  }
  reply.header('content-length', file.bytes);
  // The whole file as a range: the storage reads exactly its bytes (see the local driver's `get`).
  return reply.send(await file.read(file.bytes > 0 ? { start: 0, end: file.bytes - 1 } : undefined));
}

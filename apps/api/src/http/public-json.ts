import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ContentEncoding, PublicAnswer } from '../repositories/public-answer';

const encodings = new Negotiator<ContentEncoding>({ supportedValues: ['br', 'gzip', 'identity'] });

/**
 * Sends a cached public answer: compressed as `Accept-Encoding` allows (q-values honoured), with the ETag of that
 * representation (304 when the client has it) and the public cache policy.
 */
export function sendPublicJson(request: FastifyRequest, reply: FastifyReply, answer: PublicAnswer) {
  const header = request.headers['accept-encoding'];
  const encoding = answer.encodingFor((header && encodings.negotiate(header)) || 'identity');
  const etag = answer.etagFor(encoding);
  reply
    .header('cache-control', 'public, max-age=60, stale-while-revalidate=600')
    .header('etag', etag)
    // Added to what is there: CORS may have said `Vary: Origin` (an allowed origin echoed back).
    .header('vary', [reply.getHeader('vary'), 'Accept-Encoding'].filter(Boolean).join(', '));
  if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag)) {
    return reply.status(304).send();
  }
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.type('application/json; charset=utf-8').send(answer.bodyFor(encoding));
}

import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ContentEncoding, PublicAnswer } from '../repositories/public-answer';

/** Negotiated encodings by `Accept-Encoding` value: browsers send a handful; any other is forgotten past 256. */
class NegotiatedEncodings extends Map<string, string> {
  override set(header: string, encoding: string) {
    if (this.size >= 256) this.clear();
    return super.set(header, encoding);
  }
}

const encodings = new Negotiator<ContentEncoding>({
  supportedValues: ['br', 'gzip', 'identity'],
  cache: new NegotiatedEncodings(),
});

/** The encoding `Accept-Encoding` asks for (q-values honoured), before an answer too small to compress says no. */
export function wantedEncoding(header: string | undefined): ContentEncoding {
  return (header && encodings.negotiate(header)) || 'identity';
}

/** Whether `If-None-Match` names `etag`. */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  return ifNoneMatch?.split(',').some((tag) => tag.trim() === etag) ?? false;
}

/** The cached answer each request was sent, and the encoding it asked for (read by public-replay.ts). */
const sentAnswers = new WeakMap<FastifyRequest, { answer: PublicAnswer; wanted: ContentEncoding }>();

export const sentAnswerOf = (request: FastifyRequest) => sentAnswers.get(request);

/**
 * Sends a cached public answer: compressed as `Accept-Encoding` allows, with the ETag of that representation (304
 * when the client has it) and the public cache policy.
 */
export function sendPublicJson(request: FastifyRequest, reply: FastifyReply, answer: PublicAnswer) {
  const wanted = wantedEncoding(request.headers['accept-encoding']);
  const encoding = answer.encodingFor(wanted);
  const etag = answer.etagFor(encoding);
  sentAnswers.set(request, { answer, wanted });
  reply
    .header('cache-control', 'public, max-age=60, stale-while-revalidate=600')
    .header('etag', etag)
    // Added to what is there: CORS may have said `Vary: Origin` (an allowed origin echoed back).
    .header('vary', [reply.getHeader('vary'), 'Accept-Encoding'].filter(Boolean).join(', '));
  if (notModified(request.headers['if-none-match'], etag)) {
    return reply.status(304).send();
  }
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.type('application/json; charset=utf-8').send(answer.bodyFor(encoding));
}

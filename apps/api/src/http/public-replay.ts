import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER } from '@phoenix4ge/shared/http-routes';
import type { Logger } from '@phoenix4ge/shared/node';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiMetrics } from '../metrics/api-metrics';
import type { PublicAnswer } from '../repositories/public-answer';
import type { PublicCacheRepository } from '../repositories/public-cache.repository';
import { notModified, sentAnswerOf, wantedEncoding } from './public-json';
import { PUBLIC_API_PREFIX } from './public-route';
import { requestLine } from './request-log';

/** Recorded answers kept at most (oldest dropped first); each holds references, its bytes are the cache's. */
const MAX_RECORDINGS = 5000;

/** Headers of a recording that are the request's own, not the answer's. */
const perRequestHeaders = new Set([REQUEST_ID_HEADER, 'content-length', 'connection', 'transfer-encoding']);

interface Recording {
  answer: PublicAnswer;
  etag: string;
  /** The route pattern, for the log line and the metrics. */
  route: string;
  body?: Buffer;
  /** The answer's headers as Fastify sent them, flat (`[name, value, …]`), per status. */
  headers: { 200?: string[]; 304?: string[] };
}

function flatHeaders(reply: FastifyReply): string[] {
  const flat: string[] = [];
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined || perRequestHeaders.has(name)) continue;
    for (const one of Array.isArray(value) ? value : [value]) flat.push(name, String(one));
  }
  return flat;
}

/**
 * Cached public answers (gallery pages, categories) replayed in front of the framework. A public answer depends
 * only on the URL, `Origin` (CORS), the encoding `Accept-Encoding` asks for and `If-None-Match` (200 or 304):
 * no credentials, no cookies. So once Fastify has sent one (through every hook: security headers, CORS, cache
 * policy), the same request is answered with the same headers and bytes for as long as the cache says the answer
 * is current, checked without I/O (public-cache.repository.ts `current`: this process is sure of the model's
 * publication version, and the answer is still the remembered one and unexpired). Anything else, a draining
 * process, or a request never seen goes through Fastify as usual. A replayed request still gets its own request
 * id, log line and metrics. This removes the per-request cost of routing and a dozen hooks, which was most of
 * the api's own CPU on a cached page.
 */
export function createPublicReplay(deps: {
  cache: Pick<PublicCacheRepository, 'current'>;
  logger: Logger;
  metrics?: Pick<ApiMetrics, 'httpRequest'>;
  draining: () => boolean;
}) {
  const recordings = new Map<string, Recording>();
  const keyOf = (origin: string | undefined, acceptEncoding: string | undefined, url: string) =>
    `${origin ?? ''}\n${wantedEncoding(acceptEncoding)}\n${url}`;

  return {
    /** An `onSend` hook for the public API's scope: records what was sent for a cached answer. */
    record(
      request: FastifyRequest,
      reply: FastifyReply,
      payload: unknown,
      done: (error: null, payload: unknown) => void,
    ) {
      const sent = sentAnswerOf(request);
      const status = reply.statusCode;
      if (sent && request.method === 'GET' && (status === 200 || status === 304) && !deps.draining()) {
        const key = keyOf(request.headers.origin, request.headers['accept-encoding'], request.url);
        let recording = recordings.get(key);
        if (recording?.answer !== sent.answer) {
          recording = {
            answer: sent.answer,
            etag: String(reply.getHeader('etag')),
            route: request.routeOptions.url ?? request.url,
            headers: {},
          };
          recordings.delete(key);
          if (recordings.size >= MAX_RECORDINGS) recordings.delete(recordings.keys().next().value as string);
          recordings.set(key, recording);
        }
        if (status === 304) recording.headers[304] = flatHeaders(reply);
        else if (Buffer.isBuffer(payload)) {
          recording.headers[200] = flatHeaders(reply);
          recording.body = payload;
        }
      }
      done(null, payload);
    },

    /** Answers `request` from a recording and returns true, or returns false for Fastify to answer it. */
    serve(request: IncomingMessage, response: ServerResponse): boolean {
      const url = request.url ?? '';
      if (request.method !== 'GET' || !url.startsWith(PUBLIC_API_PREFIX) || deps.draining()) return false;
      const started = performance.now();
      const { headers } = request;
      const key = keyOf(headers.origin, headers['accept-encoding'], url);
      const recording = recordings.get(key);
      if (!recording) return false;
      const status = notModified(headers['if-none-match'], recording.etag) ? 304 : 200;
      const recorded = recording.headers[status];
      const body = status === 200 ? recording.body : undefined;
      if (!recorded || (status === 200 && !body)) return false;
      if (!deps.cache.current(recording.answer)) {
        recordings.delete(key);
        return false;
      }
      const id = randomUUID();
      const sent = [...recorded, REQUEST_ID_HEADER, id];
      if (body) sent.push('content-length', String(body.length));
      response.writeHead(status, sent);
      response.end(body);
      const ms = performance.now() - started;
      deps.metrics?.httpRequest('GET', recording.route, status, ms / 1000);
      if (deps.logger.isLevelEnabled('info'))
        deps.logger.info({ reqId: id, ...requestLine('GET', recording.route, url, status, ms) }, 'request');
      return true;
    },
  };
}

export type PublicReplay = ReturnType<typeof createPublicReplay>;

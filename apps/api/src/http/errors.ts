import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

/** Every plain HTTP error answers `{ error: { code, message } }` (DESIGN §5). */
export function sendError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.status(status).send({ error: { code, message } });
}

const codeByStatus: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

export function registerErrorHandler(server: FastifyInstance) {
  server.setErrorHandler((error: FastifyError | TRPCError, request, reply) => {
    // Services throw TRPCErrors; plain routes answer them with the matching HTTP status.
    if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') {
      return sendError(reply, getHTTPStatusCodeFromError(error), error.code, error.message);
    }
    const status =
      'statusCode' in error && error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const message = status >= 500 ? 'Internal server error' : error.message;
    return sendError(reply, status, codeByStatus[status] ?? 'INTERNAL_SERVER_ERROR', message);
  });
}

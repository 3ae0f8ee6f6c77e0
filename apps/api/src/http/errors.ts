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

/** The file system under the storage (or the upload spool) is full, or over its quota. */
function isOutOfSpace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

const outOfSpaceMessage =
  'The media storage is full, so nothing of this request was stored. Try again once space has been freed.';

/** Connection-level failures: the database or the storage (S3) cannot be reached right now. */
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
]);

/** Whether the error, or one it was caused by (drizzle and the AWS SDK wrap them), is a connection failure. */
function isUnreachable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  return (typeof code === 'string' && unreachableCodes.has(code)) || isUnreachable(cause, depth + 1);
}

const unreachableMessage =
  'The database or the media storage cannot be reached right now, so nothing of this request was stored. Try again in a few seconds.';

export function registerErrorHandler(server: FastifyInstance) {
  server.setErrorHandler((error: FastifyError | TRPCError, request, reply) => {
    // Services throw TRPCErrors; plain routes answer them with the matching HTTP status.
    if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') {
      return sendError(reply, getHTTPStatusCodeFromError(error), error.code, error.message);
    }
    const status =
      'statusCode' in error && error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    // A declared client fault stays one even when what caused it looks like a connection failure: a client
    // that hangs up mid-upload surfaces as a malformed body caused by ECONNRESET, not as a service outage.
    if (status < 500) {
      request.log.info({ err: error }, 'request refused');
      return sendError(reply, status, codeByStatus[status] ?? 'BAD_REQUEST', error.message);
    }
    if (isOutOfSpace(error)) {
      request.log.error({ err: error }, 'storage is full');
      return sendError(reply, 507, 'INSUFFICIENT_STORAGE', outOfSpaceMessage);
    }
    if (isUnreachable(error)) {
      request.log.error({ err: error }, 'a service the request needs is unreachable');
      return sendError(reply.header('retry-after', '5'), 503, 'SERVICE_UNAVAILABLE', unreachableMessage);
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, status, codeByStatus[status] ?? 'INTERNAL_SERVER_ERROR', 'Internal server error');
  });
}

import { MODERATION_WEBHOOK_MAX_BYTES, MODERATION_WEBHOOK_ROUTE } from '@phoenix4ge/shared';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { sendError } from './errors';

/**
 * POST /api/moderation-webhooks/result: the moderation provider's signed callback (Standard Webhooks). No session
 * or CSRF header: the signature is the credential. The body is kept raw (any content type) for verification.
 */
export async function registerModerationWebhookRoute(server: FastifyInstance, services: Services) {
  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: MODERATION_WEBHOOK_MAX_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post(MODERATION_WEBHOOK_ROUTE, { config: { access: 'signed' } }, async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const answer = await services.moderation.receiveWebhook(body, request.headers, request.ip);
      if ('error' in answer) return sendError(reply, answer.status, answer.error.code, answer.error.message);
      return reply.status(answer.status).send(answer.body);
    });
  });
}

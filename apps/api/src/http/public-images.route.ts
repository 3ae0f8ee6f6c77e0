import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { sendError } from './errors';
import { sendStoredFile } from './send-file';

/**
 * GET /i/<token>/<preset>: the public image (public-images.service.ts), a year immutable, the format negotiated
 * from `Accept` (hence `Vary: Accept`); 404 for a token that is not live.
 */
export function registerPublicImagesRoute(server: FastifyInstance, services: Services) {
  server.get('/i/:token/:preset', { config: { access: 'public' } }, async (request, reply) => {
    const { token, preset } = request.params as { token: string; preset: string };
    reply.header('vary', 'Accept').header('x-content-type-options', 'nosniff');
    const file = await services.publicImages.open(token, preset, request.headers.accept);
    if (!file) return sendError(reply, 404, 'NOT_FOUND', 'No such image');
    return sendStoredFile(request, reply, file);
  });
}

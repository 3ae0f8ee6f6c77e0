import { MEDIA_FILES_PREFIX } from '@phoenix4ge/shared';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { sendError } from './errors';
import { sendStoredFile } from './send-file';

/**
 * GET /media/<storage key>: stored files with their content type, ETag and Range support. Who may see which file
 * is decided by the media-files service; this route only speaks HTTP.
 */
export function registerMediaFilesRoute(server: FastifyInstance, services: Services) {
  server.get(`${MEDIA_FILES_PREFIX}*`, { config: { access: 'public' } }, async (request, reply) => {
    const file = await services.mediaFiles.open(request.caller, (request.params as { '*': string })['*']);
    if (!file) return sendError(reply, 404, 'NOT_FOUND', 'No such file');
    return sendStoredFile(request, reply, file);
  });
}

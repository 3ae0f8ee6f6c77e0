import fastifyMultipart from '@fastify/multipart';
import { UPLOAD_ROUTE } from '@phoenix4ge/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../services';
import type { IncomingFile } from '../services/upload.service';
import { sendError } from './errors';
import { tenantGuard } from './tenant.guard';
import { uploadResponseStatus } from './upload-status';

const MAX_FILES_PER_REQUEST = 100;

/** The multipart body as files, each with the text fields that came before it; streamed, never whole in memory. */
async function* multipartFiles(request: FastifyRequest): AsyncGenerator<IncomingFile> {
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      fields[part.fieldname] = String(part.value);
      continue;
    }
    yield {
      filename: part.filename,
      stream: part.file,
      truncatedByParser: () => part.file.truncated,
      fields: { ...fields },
    };
  }
}

/**
 * POST /api/model-media-library/:modelSlug/upload: multipart, for editors and admins. Optional fields `category`,
 * `altText`, `caption` go before the files. Answers `{ files: [...] }`; with exactly one file the status follows
 * its outcome (201, 200 duplicate, 413, 415, 422), with several it is 200.
 */
export async function registerUploadRoute(server: FastifyInstance, services: Services) {
  await server.register(fastifyMultipart, {
    throwFileSizeLimit: false,
    limits: {
      fileSize: services.upload.limits.maxFileSize,
      files: MAX_FILES_PER_REQUEST,
      fields: 20,
      fieldSize: 4096,
      parts: MAX_FILES_PER_REQUEST + 20,
      headerPairs: 100,
    },
  });

  server.post(
    UPLOAD_ROUTE,
    { config: { access: 'tenant', minRole: 'editor' }, preHandler: tenantGuard(services, 'editor') },
    async (request, reply) => {
      if (!request.isMultipart()) {
        return sendError(reply, 400, 'BAD_REQUEST', 'Send multipart/form-data with one or more file parts');
      }
      const result = await services.upload.receiveRequest(
        request.model,
        request.caller,
        request.ip,
        multipartFiles(request),
      );
      if ('refused' in result) {
        const { status, code, message } = result.refused;
        return sendError(reply, status, code, message);
      }
      return reply.status(uploadResponseStatus(result.outcomes)).send({ files: result.outcomes });
    },
  );
}

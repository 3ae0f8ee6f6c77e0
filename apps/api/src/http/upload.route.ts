import fastifyMultipart from '@fastify/multipart';
import { UPLOAD_ROUTE } from '@phoenix4ge/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../services';
import type { IncomingFile } from '../services/upload.service';
import { sendError } from './errors';
import { tenantGuard } from './tenant.guard';
import { uploadResponseStatus } from './upload-status';

const MAX_FILES_PER_REQUEST = 100;

/**
 * A body busboy cannot parse (cut short, no closing delimiter, a part header over its limit): the client's fault,
 * a 400. busboy's own errors carry no status (@fastify/multipart's limits and premature close do); they reach the
 * route from the parts iterator or from a file's stream, so both are watched.
 */
class MalformedMultipartError extends Error {
  readonly statusCode = 400;
}

function clientFault(error: unknown, parserErrors: Set<unknown>): unknown {
  if (!(error instanceof Error) || 'statusCode' in error) return error;
  if (!parserErrors.has(error)) return error;
  return new MalformedMultipartError(`The multipart body is malformed: ${error.message}`, { cause: error });
}

async function* partsOf(request: FastifyRequest, parserErrors: Set<unknown>) {
  // @fastify/multipart hears a client hang up only once it parses: one that went away while the route checked
  // its rights would leave the parts iterator waiting for ever, and the handler with it.
  if (request.raw.destroyed && !request.raw.readableEnded) {
    throw new MalformedMultipartError('The request was closed before its body was complete');
  }
  try {
    yield* request.parts();
  } catch (error) {
    parserErrors.add(error);
    throw error;
  }
}

/** The multipart body as files, each with the text fields that came before it; streamed, never whole in memory. */
async function* multipartFiles(
  request: FastifyRequest,
  parserErrors: Set<unknown>,
): AsyncGenerator<IncomingFile> {
  const fields: Record<string, string> = {};
  for await (const part of partsOf(request, parserErrors)) {
    if (part.type === 'field') {
      fields[part.fieldname] = String(part.value);
      continue;
    }
    // A file may already have failed when it is handed over (its error emitted before anyone listened).
    if (part.file.errored) parserErrors.add(part.file.errored);
    part.file.once('error', (error) => parserErrors.add(error));
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
      const parserErrors = new Set<unknown>();
      const result = await services.upload
        .receiveRequest(request.model, request.caller, request.ip, multipartFiles(request, parserErrors))
        .catch((error: unknown) => {
          throw clientFault(error, parserErrors);
        });
      if ('refused' in result) {
        const { status, code, message } = result.refused;
        return sendError(reply, status, code, message);
      }
      return reply.status(uploadResponseStatus(result.outcomes)).send({ files: result.outcomes });
    },
  );
}

import fastifyMultipart from '@fastify/multipart';
import type { UploadOutcome } from '@phoenix4ge/shared';
import { UploadFieldsSchema } from '@phoenix4ge/shared';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';
import { actorOf } from '../services/caller';
import { statusOf } from '../services/upload.service';
import { sendError } from './errors';
import { tenantGuard } from './tenant.guard';

const MAX_FILES_PER_REQUEST = 100;

/**
 * POST /api/model-media-library/:modelSlug/upload: multipart, streamed file by file to disk (never whole in
 * memory), for editors and admins. Optional fields `category`, `altText`, `caption` go before the files.
 * Answers `{ files: [...] }`; with exactly one file the status follows its outcome (201, 200 duplicate, 413,
 * 415, 422), with several it is 200.
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
    '/api/model-media-library/:modelSlug/upload',
    { config: { access: 'tenant', minRole: 'editor' }, preHandler: tenantGuard(services, 'editor') },
    async (request, reply) => {
      if (!request.isMultipart()) {
        return sendError(reply, 400, 'BAD_REQUEST', 'Send multipart/form-data with one or more file parts');
      }
      const fields: Record<string, string> = {};
      const outcomes: UploadOutcome[] = [];
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          fields[part.fieldname] = String(part.value);
          continue;
        }
        const parsed = UploadFieldsSchema.safeParse(fields);
        if (!parsed.success) {
          part.file.resume();
          return sendError(
            reply,
            400,
            'BAD_REQUEST',
            parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
          );
        }
        if (
          parsed.data.category !== undefined &&
          !(await services.upload.categoryBelongsTo(parsed.data.category, request.model))
        ) {
          part.file.resume();
          return sendError(
            reply,
            400,
            'BAD_REQUEST',
            `Category ${parsed.data.category} does not belong to ${request.model.slug}`,
          );
        }
        outcomes.push(
          await services.upload.receive(
            request.model,
            request.caller,
            { filename: part.filename, stream: part.file, truncatedByParser: () => part.file.truncated },
            parsed.data,
          ),
        );
      }
      if (outcomes.length === 0) return sendError(reply, 400, 'BAD_REQUEST', 'The request has no file part');

      const count = (status: UploadOutcome['status']) =>
        outcomes.filter((outcome) => outcome.status === status).length;
      await services.audit.record({
        action: 'media.upload',
        ...actorOf(request.caller),
        modelId: request.model.id,
        targetType: 'media',
        targetId:
          outcomes.length === 1 && outcomes[0]?.status !== 'rejected' ? String(outcomes[0]?.id) : null,
        details: {
          created: count('created'),
          duplicate: count('duplicate'),
          rejected: count('rejected'),
          files: outcomes.map((outcome) => ({
            name: outcome.name,
            status: outcome.status,
            ...(outcome.status === 'rejected' ? { code: outcome.error.code } : { id: outcome.id }),
          })),
        },
        ip: request.ip,
      });
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') {
          await services.security.record('file_rejected', {
            userId: request.caller.kind === 'user' ? request.caller.user.id : null,
            ip: request.ip,
            details: { model: request.model.slug, name: outcome.name, code: outcome.error.code },
          });
        }
      }
      const [only] = outcomes;
      return reply.status(outcomes.length === 1 && only ? statusOf(only) : 200).send({ files: outcomes });
    },
  );
}

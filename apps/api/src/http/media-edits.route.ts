import type { EditOperation } from '@phoenix4ge/shared';
import {
  EditOperationsSchema,
  MAX_EDIT_OPERATIONS,
  MEDIA_BLUR_ROUTE,
  MEDIA_EDITS_ROUTE,
} from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services';
import type { SignedInCaller } from '../services/caller';
import { tenantGuard } from './tenant.guard';

/** The seed's answer shape (`{ success, message }`), with the `{ error: { code, message } }` of every plain route. */
function fail(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.status(status).send({ success: false, message, error: { code, message } });
}

/** Tenant guard, answering in the seed's shape; an unknown model is the seed's `Model not found`. */
function seedGuard(services: Services) {
  const guard = tenantGuard(services, 'editor');
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await guard.call(request.server, request, reply);
    } catch (error) {
      if (!(error instanceof TRPCError)) throw error;
      const status = getHTTPStatusCodeFromError(error);
      return fail(reply, status, error.code, status === 404 ? 'Model not found' : error.message);
    }
  };
}

const MediaIdSchema = z.coerce.number().int().positive();

const BlurBodySchema = z.object({
  output_format: z.enum(['jpeg', 'webp', 'avif', 'png']).default('jpeg'),
  quality: z.number().int().min(1).max(100).default(95),
});

const EditsBodySchema = z.object({
  operations: EditOperationsSchema,
  /** The version edited; omitted, the operations replace the latest version's (no conflict check). */
  baseVersion: z.number().int().min(0).optional(),
});

const firstIssue = (error: z.ZodError) => {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'Invalid body';
};

/**
 * The seed's edit routes for plain HTTP clients, both saving a version like `edits.apply`:
 * - `POST …/:mediaId/blur` `{ blur, output_format?, quality? }`: the current version plus a blur (the seed's 0–100
 *   scale). The variants keep the model's formats and quality presets; `output_format` and `quality` are
 *   validated and recorded in the operation log.
 * - `POST …/:mediaId/edits` `{ operations, baseVersion? }`.
 * Both answer 202 `{ success: true, operation_id, version }` while the worker renders the version.
 */
export function registerMediaEditsRoutes(server: FastifyInstance, services: Services) {
  const options = {
    config: { access: 'tenant' as const, minRole: 'editor' as const },
    preHandler: seedGuard(services),
  };

  async function saveAndAnswer(
    request: FastifyRequest,
    reply: FastifyReply,
    build: (current: { version: number; operations: EditOperation[] }) => {
      baseVersion: number;
      operations: EditOperation[];
      operation: string;
      params?: Record<string, unknown>;
    },
  ) {
    const mediaId = MediaIdSchema.safeParse((request.params as { mediaId: string }).mediaId);
    if (!mediaId.success) return fail(reply, 400, 'BAD_REQUEST', 'The media id is a positive number');
    try {
      const current = await services.edits.latest(request.model, mediaId.data);
      const edit = build(current);
      if (edit.operations.length > MAX_EDIT_OPERATIONS)
        return fail(reply, 400, 'BAD_REQUEST', `operations: At most ${MAX_EDIT_OPERATIONS} operations`);
      const saved = await services.edits.save(
        request.model,
        request.caller as SignedInCaller,
        { mediaId: mediaId.data, baseVersion: edit.baseVersion, operations: edit.operations },
        {
          operation: edit.operation,
          params: edit.params,
          audit: { action: `POST ${request.routeOptions.url}`, ip: request.ip },
        },
      );
      return reply.status(202).send({
        success: true,
        message: 'The edit is saved; its version is rendering',
        operation_id: saved.operationId,
        version: saved.version,
        media_id: saved.mediaId,
      });
    } catch (error) {
      if (!(error instanceof TRPCError) || error.code === 'INTERNAL_SERVER_ERROR') throw error;
      return fail(reply, getHTTPStatusCodeFromError(error), error.code, error.message);
    }
  }

  server.post(MEDIA_BLUR_ROUTE, options, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const blur = body.blur ?? 1;
    if (typeof blur !== 'number' || !Number.isFinite(blur) || blur < 0 || blur > 100)
      return fail(reply, 400, 'BAD_REQUEST', 'Invalid blur value. Must be between 0 and 100.');
    const parsed = BlurBodySchema.safeParse(body);
    if (!parsed.success) return fail(reply, 400, 'BAD_REQUEST', firstIssue(parsed.error));
    return saveAndAnswer(request, reply, (current) => ({
      baseVersion: current.version,
      operations: [...current.operations, { type: 'blur', amount: blur }],
      operation: 'blur',
      params: { blur, output_format: parsed.data.output_format, quality: parsed.data.quality },
    }));
  });

  server.post(MEDIA_EDITS_ROUTE, options, async (request, reply) => {
    const parsed = EditsBodySchema.safeParse(request.body ?? {});
    if (!parsed.success) return fail(reply, 400, 'BAD_REQUEST', firstIssue(parsed.error));
    return saveAndAnswer(request, reply, (current) => ({
      baseVersion: parsed.data.baseVersion ?? current.version,
      operations: parsed.data.operations,
      operation: 'edit',
    }));
  });
}

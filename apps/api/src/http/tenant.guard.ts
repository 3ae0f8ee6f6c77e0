import type { Model } from '@phoenix4ge/db';
import { ModelSlugSchema } from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Services } from '../services';
import type { ModelRole } from '../services/caller';

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant a `:modelSlug` route acts on, set by the tenant guard. */
    model: Model;
  }
  interface FastifyContextConfig {
    /** Declared on every plain route under /api so the access test can enumerate them like tRPC procedures. */
    access?: 'public' | 'tenant' | 'signed' | 'admin';
    minRole?: ModelRole;
  }
}

/**
 * The tenant guard for plain HTTP routes: the same rules as the tRPC middleware (access.service), answering
 * 400 for a malformed slug, 401 anonymous, 403 cross-tenant, 404 unknown model, in the `{ error }` shape.
 */
export function tenantGuard(services: Services, minRole: ModelRole): preHandlerAsyncHookHandler {
  return async function guard(request: FastifyRequest) {
    const slug = ModelSlugSchema.safeParse((request.params as { modelSlug?: unknown }).modelSlug);
    if (!slug.success) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: slug.error.issues[0]?.message ?? 'Malformed model slug',
      });
    }
    request.model = await services.access.authorizeModel(
      request.caller,
      slug.data,
      minRole,
      request.ip,
      `${request.method} ${request.routeOptions.url}`,
    );
  };
}

import type { Model, ModelsRepository } from '@phoenix4ge/db';
import { TRPCError } from '@trpc/server';
import type { MembersRepository } from '../repositories/members.repository';
import type { Caller, ModelRole } from './caller';
import { isAdmin, requireSignedIn, roleAtLeast } from './caller';
import type { SecurityLog } from './security-log';

/** What every request about a model being erased is told. */
export const erasingMessage = (slug: string) =>
  `${slug} is being erased: nothing can be read, added or changed any more`;

export interface AccessDeps {
  models: ModelsRepository;
  members: MembersRepository;
  security: SecurityLog;
}

/**
 * The tenant guard's rules, shared by the tRPC middleware and the plain HTTP routes: resolve the model by slug,
 * then require the caller's role on it. Cross-tenant access is FORBIDDEN (and a security event), never empty.
 */
export function createAccessService(deps: AccessDeps) {
  async function roleOn(caller: Caller, model: Model): Promise<ModelRole | undefined> {
    if (isAdmin(caller)) return 'admin';
    if (caller.kind === 'user') return deps.members.role(model.id, caller.user.id);
    if (caller.kind === 'apiKey') {
      return caller.key.modelId === null || caller.key.modelId === model.id ? caller.key.role : undefined;
    }
    return undefined;
  }

  async function forbidden(caller: Caller, ip: string, details: Record<string, unknown>, message: string) {
    await deps.security.record('forbidden', {
      userId: caller.kind === 'user' ? caller.user.id : null,
      ip,
      details: { ...details, ...(caller.kind === 'apiKey' ? { apiKeyId: caller.key.id } : {}) },
    });
    return new TRPCError({ code: 'FORBIDDEN', message });
  }

  return {
    roleOn,
    requireSignedIn,

    async requireAdmin(caller: Caller, ip: string, action: string): Promise<void> {
      requireSignedIn(caller);
      if (!isAdmin(caller)) throw await forbidden(caller, ip, { action }, 'Only an admin can do this');
    },

    /** The model behind `slug` when the caller holds at least `minimum` on it. */
    async authorizeModel(
      caller: Caller,
      slug: string,
      minimum: ModelRole,
      ip: string,
      action: string,
    ): Promise<Model> {
      requireSignedIn(caller);
      const model = await deps.models.bySlug(slug);
      if (!model) throw new TRPCError({ code: 'NOT_FOUND', message: `No model called "${slug}"` });
      const role = await roleOn(caller, model);
      if (!roleAtLeast(role, minimum)) {
        throw await forbidden(
          caller,
          ip,
          { action, modelSlug: slug, required: minimum, held: role ?? null },
          role ? `This needs the ${minimum} role on ${slug}` : `You have no access to ${slug}`,
        );
      }
      if (model.erasingAt) throw new TRPCError({ code: 'CONFLICT', message: erasingMessage(slug) });
      if (model.archivedAt && !isAdmin(caller)) {
        throw await forbidden(caller, ip, { action, modelSlug: slug, archived: true }, `${slug} is archived`);
      }
      return model;
    },
  };
}

export type AccessService = ReturnType<typeof createAccessService>;

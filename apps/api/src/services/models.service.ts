import type { MediaRepository, Model, ModelsRepository } from '@phoenix4ge/db';
import { isDuplicateKeyError } from '@phoenix4ge/db';
import type { CreateModel, UpdateModel } from '@phoenix4ge/shared';
import { ModelSettingsSchema } from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';
import type { PublicCacheRepository } from '../repositories/public-cache.repository';
import type { AccessService } from './access.service';
import type { Caller } from './caller';
import { isAdmin, requireSignedIn } from './caller';

/** What the api returns for a model: settings always complete (defaults filled in for older rows). */
export function presentModel(model: Model, role?: string) {
  return {
    id: model.id,
    slug: model.slug,
    displayName: model.displayName,
    settings: ModelSettingsSchema.parse(model.settings),
    archivedAt: model.archivedAt,
    /** Set while the model's public delivery is paused (an incident response). */
    publicPausedAt: model.publicPausedAt,
    /** When the model's consent (model release) ends; null: open-ended. */
    consentExpiresAt: model.consentExpiresAt,
    createdAt: model.createdAt,
    updatedAt: model.updatedAt,
    role: role ?? null,
  };
}

export function createModelsService(deps: {
  models: ModelsRepository;
  media: MediaRepository;
  access: AccessService;
  /** Archiving changes the public output without a media event (its image URLs die with it). */
  publicCache: Pick<PublicCacheRepository, 'bump'>;
}) {
  return {
    byId: (id: number) => deps.models.byId(id),
    bySlug: (slug: string) => deps.models.bySlug(slug),

    /** One model as the caller sees it: settings complete, with the caller's role on it. */
    async describe(caller: Caller, model: Model) {
      return presentModel(model, await deps.access.roleOn(caller, model));
    },

    /** The models the caller can see, each with the caller's role on it. */
    async list(caller: Caller, includeArchived: boolean) {
      requireSignedIn(caller);
      const admin = isAdmin(caller);
      const found = await deps.models.list({
        includeArchived: includeArchived && admin,
        ...(caller.kind === 'user' && !admin ? { memberUserId: caller.user.id } : {}),
        ...(caller.kind === 'apiKey' && caller.key.modelId !== null ? { modelId: caller.key.modelId } : {}),
      });
      return Promise.all(
        found.map(async (model) => presentModel(model, await deps.access.roleOn(caller, model))),
      );
    },

    async create(input: CreateModel) {
      try {
        const id = await deps.models.create({
          slug: input.slug,
          displayName: input.displayName,
          settings: ModelSettingsSchema.parse({}),
        });
        const created = await deps.models.byId(id);
        if (!created) throw new Error('model vanished after insert');
        return presentModel(created, 'admin');
      } catch (error) {
        if (isDuplicateKeyError(error)) {
          throw new TRPCError({ code: 'CONFLICT', message: `The slug "${input.slug}" is taken` });
        }
        throw error;
      }
    },

    async update(model: Model, input: UpdateModel) {
      const logoId = input.settings?.watermark.imageMediaId;
      if (logoId) {
        if (!(await deps.media.logoOf(model.id, logoId))) {
          throw new TRPCError({
            code: 'BAD_REQUEST',
            message: `The watermark picture must be an item of this model's library (media ${logoId} is not)`,
          });
        }
      }
      await deps.models.update(model.id, {
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        ...(input.settings !== undefined ? { settings: input.settings } : {}),
      });
      // The public categories answer names the model.
      if (input.displayName !== undefined && input.displayName !== model.displayName) {
        await deps.publicCache.bump(model.id);
      }
      const updated = await deps.models.byId(model.id);
      if (!updated) throw new TRPCError({ code: 'NOT_FOUND', message: 'The model is gone' });
      return presentModel(updated, 'admin');
    },

    /** Sets the consent expiry: URLs of items it ends die now, and the cached public gallery is stale. */
    async setConsent(model: Model, consentExpiresAt: Date | null) {
      await deps.models.update(model.id, { consentExpiresAt });
      await deps.publicCache.bump(model.id);
      const updated = await deps.models.byId(model.id);
      if (!updated) throw new TRPCError({ code: 'NOT_FOUND', message: 'The model is gone' });
      return presentModel(updated, 'admin');
    },

    /**
     * Pauses or resumes the model's public delivery: while paused its gallery, portfolio and image URLs answer 404
     * (the URLs are revoked, and purged when a purge webhook is set; resuming hands out new ones). Idempotent.
     */
    async setPublicPaused(model: Model, paused: boolean) {
      if (paused !== (model.publicPausedAt !== null)) {
        await deps.models.update(model.id, { publicPausedAt: paused ? new Date() : null });
        await deps.publicCache.bump(model.id);
      }
      const updated = await deps.models.byId(model.id);
      if (!updated) throw new TRPCError({ code: 'NOT_FOUND', message: 'The model is gone' });
      return presentModel(updated, 'admin');
    },

    async setArchived(model: Model, archived: boolean) {
      await deps.models.update(model.id, { archivedAt: archived ? new Date() : null });
      await deps.publicCache.bump(model.id);
      const updated = await deps.models.byId(model.id);
      if (!updated) throw new TRPCError({ code: 'NOT_FOUND', message: 'The model is gone' });
      return presentModel(updated, 'admin');
    },
  };
}

export type ModelsService = ReturnType<typeof createModelsService>;

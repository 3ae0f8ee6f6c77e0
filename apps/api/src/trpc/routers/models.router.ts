import {
  CreateModelSchema,
  EraseModelSchema,
  EventName,
  ModelSlugSchema,
  SetConsentSchema,
  UpdateModelSchema,
} from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { tracked } from '@trpc/server';
import { z } from 'zod';
import { presentModel } from '../../services/models.service';
import { adminProcedure, signedInProcedure, tenantProcedure } from '../trpc';

export const modelsRouter = {
  list: signedInProcedure
    .input(z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false }))
    .query(({ ctx, input }) => ctx.services.models.list(ctx.caller, input.includeArchived)),

  byId: tenantProcedure('viewer').query(async ({ ctx }) =>
    presentModel(ctx.model, await ctx.services.access.roleOn(ctx.caller, ctx.model)),
  ),

  create: adminProcedure.input(CreateModelSchema).mutation(async ({ ctx, input }) => {
    const model = await ctx.services.models.create(input);
    Object.assign(ctx.audit, { modelId: model.id, targetType: 'model', targetId: model.id });
    return model;
  }),

  update: tenantProcedure('admin')
    .input(UpdateModelSchema)
    .mutation(({ ctx, input }) => ctx.services.models.update(ctx.model, input)),

  /**
   * When the model's consent (model release) ends (null: open-ended): nothing of theirs is public after it. Admins
   * only (there is no owner role on a model; its admins are the ones who hold the release).
   */
  setConsent: tenantProcedure('admin')
    .input(SetConsentSchema)
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: 'model', targetId: ctx.model.id });
      return ctx.services.models.setConsent(ctx.model, input.consentExpiresAt);
    }),

  archive: tenantProcedure('admin')
    .input(z.object({ archived: z.boolean() }))
    .mutation(({ ctx, input }) => ctx.services.models.setArchived(ctx.model, input.archived)),

  // GDPR: admins only (an admin user or an unscoped admin key), never a model's own editors.

  /** Starts a GDPR export of the model (a `model.export` job); answers its download link (valid once ready). */
  export: adminProcedure.input(z.object({ modelSlug: ModelSlugSchema })).mutation(async ({ ctx, input }) => {
    const model = await ctx.services.modelData.model(input.modelSlug);
    const requested = await ctx.services.modelData.requestExport(model, ctx.caller);
    Object.assign(ctx.audit, { modelId: model.id, targetType: 'export', targetId: requested.export.id });
    return requested;
  }),

  /** The model's recent exports (status, size, expiry), newest first. */
  exports: adminProcedure
    .input(z.object({ modelSlug: ModelSlugSchema }))
    .query(async ({ ctx, input }) =>
      ctx.services.modelData.listExports(await ctx.services.modelData.model(input.modelSlug)),
    ),

  /**
   * Erases the model and everything of it (a `model.erase` job); `confirm` is its slug typed again. Callable again
   * for a model already being erased (finishes an interrupted erasure). The audit entry of the request keeps only
   * the model's id: the slug is personal data the erasure removes.
   */
  erase: adminProcedure
    .input(z.object({ modelSlug: ModelSlugSchema }).extend(EraseModelSchema.shape))
    .mutation(async ({ ctx, input }) => {
      const model = await ctx.services.modelData.model(input.modelSlug, { erasing: 'allow' });
      Object.assign(ctx.audit, {
        targetType: 'model',
        details: { modelSlug: '[erased]', confirm: '[erased]', modelId: model.id },
      });
      return ctx.services.modelData.erase(model, input.confirm, ctx.caller, ctx.ip);
    }),

  /** Live progress of the model's exports and erasure. */
  onData: adminProcedure.input(z.object({ modelSlug: ModelSlugSchema })).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    const model = await ctx.services.modelData.model(input.modelSlug, { erasing: 'allow' });
    for await (const event of ctx.services.events.events(signal)) {
      if (event.name !== EventName.ModelDataProgress || event.payload.modelId !== model.id) continue;
      yield tracked(`${event.at}-${Math.random().toString(36).slice(2, 8)}`, event.payload);
    }
  }),
} satisfies TRPCRouterRecord;

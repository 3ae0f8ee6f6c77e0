import { CreateModelSchema, SetConsentSchema, UpdateModelSchema } from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
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
} satisfies TRPCRouterRecord;

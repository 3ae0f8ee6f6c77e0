import {
  CreateCategorySchema,
  IdSchema,
  ReorderCategoriesSchema,
  UpdateCategorySchema,
} from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { tenantProcedure } from '../trpc';

export const categoriesRouter = {
  /** The model's categories in their order, with item counts. */
  list: tenantProcedure('viewer').query(({ ctx }) => ctx.services.categories.list(ctx.model)),

  create: tenantProcedure('editor')
    .input(CreateCategorySchema)
    .mutation(async ({ ctx, input }) => {
      const created = await ctx.services.categories.create(ctx.model, input);
      Object.assign(ctx.audit, { targetType: 'category', targetId: created.id });
      return created;
    }),

  /** Rename and/or recolour. */
  update: tenantProcedure('editor')
    .input(UpdateCategorySchema)
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: 'category', targetId: input.id });
      return ctx.services.categories.update(ctx.model, input);
    }),

  reorder: tenantProcedure('editor')
    .input(ReorderCategoriesSchema)
    .mutation(({ ctx, input }) => ctx.services.categories.reorder(ctx.model, input.ids)),

  /** Its items become uncategorised, never deleted. */
  delete: tenantProcedure('editor')
    .input(z.object({ id: IdSchema }))
    .mutation(({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: 'category', targetId: input.id });
      return ctx.services.categories.delete(ctx.model, input.id);
    }),
} satisfies TRPCRouterRecord;

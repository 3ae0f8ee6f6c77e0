import { IdSchema, MediaListInputSchema } from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { tenantProcedure } from '../trpc';

export const mediaRouter = {
  list: tenantProcedure('viewer')
    .input(MediaListInputSchema)
    .query(({ ctx, input }) => ctx.services.media.list(ctx.model, input)),

  byId: tenantProcedure('viewer')
    .input(z.object({ id: IdSchema }))
    .query(({ ctx, input }) => ctx.services.media.byId(ctx.model, input.id)),
} satisfies TRPCRouterRecord;

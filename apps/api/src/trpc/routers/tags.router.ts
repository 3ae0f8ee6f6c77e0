import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { tenantProcedure } from '../trpc';

export const tagsRouter = {
  /** The model's tags starting with `prefix`, most used first (autocomplete). */
  suggest: tenantProcedure('viewer')
    .input(
      z.object({
        prefix: z.string().trim().max(64).default(''),
        limit: z.number().int().min(1).max(50).default(10),
      }),
    )
    .query(({ ctx, input }) => ctx.services.library.suggestTags(ctx.model, input.prefix, input.limit)),
} satisfies TRPCRouterRecord;

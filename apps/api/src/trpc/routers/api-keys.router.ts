import { CreateApiKeySchema, IdSchema } from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { adminProcedure } from '../trpc';

export const apiKeysRouter = {
  list: adminProcedure.query(({ ctx }) => ctx.services.apiKeys.list()),

  /** The returned `key` is shown once; only its hash is stored. */
  create: adminProcedure.input(CreateApiKeySchema).mutation(async ({ ctx, input }) => {
    const created = await ctx.services.apiKeys.create(
      input,
      ctx.caller.kind === 'user' ? ctx.caller.user.id : null,
    );
    Object.assign(ctx.audit, {
      targetType: 'api_key',
      targetId: created.id,
      details: { prefix: created.prefix },
    });
    return created;
  }),

  revoke: adminProcedure.input(z.object({ id: IdSchema })).mutation(async ({ ctx, input }) => {
    Object.assign(ctx.audit, { targetType: 'api_key', targetId: input.id });
    return ctx.services.apiKeys.revoke(input.id);
  }),
} satisfies TRPCRouterRecord;

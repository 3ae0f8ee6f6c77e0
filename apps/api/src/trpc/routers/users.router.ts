import { CreateUserSchema, UpdateUserSchema } from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { adminProcedure } from '../trpc';

export const usersRouter = {
  list: adminProcedure.query(({ ctx }) => ctx.services.users.list()),

  create: adminProcedure.input(CreateUserSchema).mutation(async ({ ctx, input }) => {
    const user = await ctx.services.users.create(input);
    Object.assign(ctx.audit, { targetType: 'user', targetId: user.id });
    return user;
  }),

  update: adminProcedure.input(UpdateUserSchema).mutation(async ({ ctx, input }) => {
    Object.assign(ctx.audit, { targetType: 'user', targetId: input.id });
    return ctx.services.users.update(input, ctx.caller.kind === 'user' ? ctx.caller.user.id : null);
  }),
} satisfies TRPCRouterRecord;

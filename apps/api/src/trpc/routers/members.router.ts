import { AddMemberSchema, RemoveMemberSchema, UpdateMemberSchema } from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { tenantProcedure } from '../trpc';

export const membersRouter = {
  list: tenantProcedure('viewer').query(({ ctx }) => ctx.services.members.list(ctx.model)),

  add: tenantProcedure('admin')
    .input(AddMemberSchema)
    .mutation(async ({ ctx, input }) => {
      const member = await ctx.services.members.add(ctx.model, input);
      Object.assign(ctx.audit, {
        targetType: 'user',
        targetId: member.userId,
        details: { userCreated: member.userCreated },
      });
      return member;
    }),

  setRole: tenantProcedure('admin')
    .input(UpdateMemberSchema)
    .mutation(async ({ ctx, input }) => {
      const changed = await ctx.services.members.setRole(ctx.model, input.userId, input.role);
      Object.assign(ctx.audit, {
        targetType: 'user',
        targetId: input.userId,
        details: { previousRole: changed.previousRole },
      });
      return changed;
    }),

  remove: tenantProcedure('admin')
    .input(RemoveMemberSchema)
    .mutation(async ({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: 'user', targetId: input.userId });
      return ctx.services.members.remove(ctx.model, input.userId);
    }),
} satisfies TRPCRouterRecord;

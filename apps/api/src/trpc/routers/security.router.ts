import { SecurityFilterSchema } from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { adminProcedure } from '../trpc';

export const securityRouter = {
  list: adminProcedure
    .input(SecurityFilterSchema)
    .query(({ ctx, input }) => ctx.services.audit.listSecurityEvents(input)),
} satisfies TRPCRouterRecord;

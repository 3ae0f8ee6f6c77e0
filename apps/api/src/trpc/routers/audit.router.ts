import { AuditFilterSchema } from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { adminProcedure } from '../trpc';

export const auditRouter = {
  list: adminProcedure.input(AuditFilterSchema).query(({ ctx, input }) => ctx.services.audit.list(input)),
} satisfies TRPCRouterRecord;

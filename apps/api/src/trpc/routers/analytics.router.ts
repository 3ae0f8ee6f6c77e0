import { AnalyticsRangeSchema, IdSchema } from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { adminProcedure, tenantProcedure } from '../trpc';

export const analyticsRouter = {
  /** One model: views, downloads and edits per day, the top items, per-category totals. */
  overview: tenantProcedure('viewer')
    .input(AnalyticsRangeSchema)
    .query(({ ctx, input }) => ctx.services.analytics.overview(ctx.model, input)),

  /** One item's per-day series and all-time totals (the detail panel's sparkline). */
  media: tenantProcedure('viewer')
    .input(AnalyticsRangeSchema.extend({ mediaId: IdSchema }))
    .query(({ ctx, input }) => ctx.services.analytics.series(ctx.model, input.mediaId, input)),

  /** The model's per-item, per-day rows as CSV (a query: it changes nothing). */
  exportCsv: tenantProcedure('viewer')
    .input(AnalyticsRangeSchema)
    .query(({ ctx, input }) => ctx.services.analytics.csv(ctx.model, input)),

  /** Every model's totals (admins). */
  models: adminProcedure
    .input(AnalyticsRangeSchema)
    .query(({ ctx, input }) => ctx.services.analytics.models(input)),
} satisfies TRPCRouterRecord;

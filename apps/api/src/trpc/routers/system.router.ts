import { EventName } from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { tracked } from '@trpc/server';
import { publicProcedure, signedInProcedure } from '../trpc';
import { nextTickOrEvent } from './live';

/** How often the live status is re-sent when nothing else happens. */
const STATUS_INTERVAL_MS = 2_000;

export const systemRouter = {
  status: publicProcedure.query(({ ctx }) => ctx.services.system.status()),

  ping: signedInProcedure.mutation(({ ctx }) => ctx.services.system.ping(ctx.ip)),

  onStatus: publicProcedure.subscription(async function* ({ ctx, signal }) {
    while (!signal?.aborted) {
      const report = await ctx.services.system.status();
      yield tracked(report.timestamp, report);
      await nextTickOrEvent(ctx.services.events, EventName.WorkerHeartbeat, STATUS_INTERVAL_MS, signal);
    }
  }),
} satisfies TRPCRouterRecord;

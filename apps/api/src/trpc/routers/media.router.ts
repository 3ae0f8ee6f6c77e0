import { EventName, IdSchema, MediaListInputSchema, SimilarMediaInputSchema } from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { tracked } from '@trpc/server';
import { z } from 'zod';
import { tenantProcedure } from '../trpc';

export const mediaRouter = {
  list: tenantProcedure('viewer')
    .input(MediaListInputSchema)
    .query(({ ctx, input }) => ctx.services.media.list(ctx.model, input)),

  byId: tenantProcedure('viewer')
    .input(z.object({ id: IdSchema }))
    .query(({ ctx, input }) => ctx.services.media.detail(ctx.model, input.id)),

  retry: tenantProcedure('editor')
    .input(z.object({ id: IdSchema }))
    .mutation(async ({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: 'media', targetId: input.id });
      return ctx.services.media.retry(ctx.model, input.id);
    }),

  similar: tenantProcedure('viewer')
    .input(SimilarMediaInputSchema)
    .query(({ ctx, input }) => ctx.services.media.similar(ctx.model, input.id, input.maxDistance)),

  /** Live changes of the model's media (created, processing, ready, failed, …) from every worker and api. */
  onChange: tenantProcedure('viewer').subscription(async function* ({ ctx, signal }) {
    for await (const event of ctx.services.events.events(signal)) {
      if (event.name !== EventName.MediaChanged || event.payload.modelId !== ctx.model.id) continue;
      yield tracked(`${event.payload.mediaId}-${event.at}`, {
        mediaId: event.payload.mediaId,
        change: event.payload.change,
      });
    }
  }),
} satisfies TRPCRouterRecord;

import {
  EventName,
  IdSchema,
  ModerationDecideInputSchema,
  ModerationQueueInputSchema,
} from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { tracked } from '@trpc/server';
import { z } from 'zod';
import { adminProcedure, tenantProcedure } from '../trpc';

const queueInput = ModerationQueueInputSchema.omit({ modelSlug: true });

export const moderationRouter = {
  /** The model's pending and flagged items (oldest first) with the provider's scores and labels. */
  queue: tenantProcedure('editor')
    .input(queueInput)
    .query(({ ctx, input }) => ctx.services.moderation.queue(ctx.model, input)),

  /** Every model's queue (admins). */
  queueAll: adminProcedure
    .input(queueInput)
    .query(({ ctx, input }) => ctx.services.moderation.queue(undefined, input)),

  /** Every provider request for one media, newest first. */
  history: tenantProcedure('editor')
    .input(z.object({ id: IdSchema }))
    .query(({ ctx, input }) => ctx.services.moderation.history(ctx.model, input.id)),

  /** Approve, reject or flag one or more items; final (a provider never overrides a person) and audited. */
  decide: tenantProcedure('editor')
    .input(ModerationDecideInputSchema)
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.services.moderation.decide(ctx.model, ctx.caller, input);
      Object.assign(ctx.audit, {
        targetType: 'media',
        // One item is the target; several are listed in the details (the input's ids), not squeezed into the column.
        targetId: result.ids.length === 1 ? result.ids[0] : undefined,
        details: {
          decision: input.decision,
          moderationStatus: result.moderationStatus,
          reason: result.reason,
        },
      });
      return result;
    }),

  /** Live moderation changes of every model (admins; a model's own queue follows `media.onChange`). */
  onChange: adminProcedure.subscription(async function* ({ ctx, signal }) {
    for await (const event of ctx.services.events.events(signal)) {
      if (event.name !== EventName.MediaChanged) continue;
      yield tracked(`${event.payload.mediaId}-${event.at}`, {
        modelId: event.payload.modelId,
        mediaId: event.payload.mediaId,
        change: event.payload.change,
      });
    }
  }),
} satisfies TRPCRouterRecord;

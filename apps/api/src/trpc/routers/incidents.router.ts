import {
  EndSessionsSchema,
  EventName,
  IdSchema,
  IncidentFilterSchema,
  IncidentNoteSchema,
  LockUserSchema,
  PauseModelSchema,
  RevokeApiKeyResponseSchema,
} from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { tracked } from '@trpc/server';
import { z } from 'zod';
import type { SignedInCaller } from '../../services/caller';
import { adminProcedure } from '../trpc';

const userIdOf = (caller: SignedInCaller) => (caller.kind === 'user' ? caller.user.id : null);

/** Security incidents (admins only): the list, one incident, ack/resolve, and the one-click responses. */
export const incidentsRouter = {
  list: adminProcedure
    .input(IncidentFilterSchema)
    .query(({ ctx, input }) => ctx.services.incidents.list(input)),

  /** Open and acknowledged counts (the navbar's badge). */
  counts: adminProcedure.query(({ ctx }) => ctx.services.incidents.counts()),

  byId: adminProcedure
    .input(z.object({ id: IdSchema }))
    .query(({ ctx, input }) => ctx.services.incidents.byId(input.id)),

  acknowledge: adminProcedure.input(IncidentNoteSchema).mutation(({ ctx, input }) => {
    Object.assign(ctx.audit, { targetType: 'incident', targetId: input.id });
    return ctx.services.incidents.acknowledge(input, userIdOf(ctx.caller));
  }),

  resolve: adminProcedure.input(IncidentNoteSchema).mutation(({ ctx, input }) => {
    Object.assign(ctx.audit, { targetType: 'incident', targetId: input.id });
    return ctx.services.incidents.resolve(input, userIdOf(ctx.caller));
  }),

  lockUser: adminProcedure.input(LockUserSchema).mutation(({ ctx, input }) => {
    Object.assign(ctx.audit, { targetType: 'user', targetId: input.userId });
    return ctx.services.incidents.lockUser(input, userIdOf(ctx.caller));
  }),

  revokeApiKey: adminProcedure.input(RevokeApiKeyResponseSchema).mutation(({ ctx, input }) => {
    Object.assign(ctx.audit, { targetType: 'api_key', targetId: input.apiKeyId });
    return ctx.services.incidents.revokeApiKey(input, userIdOf(ctx.caller));
  }),

  endSessions: adminProcedure.input(EndSessionsSchema).mutation(({ ctx, input }) => {
    Object.assign(ctx.audit, { targetType: 'user', targetId: input.userId });
    return ctx.services.incidents.endSessions(input, userIdOf(ctx.caller));
  }),

  /** Live: an incident opened or changed (the page refetches). */
  onChange: adminProcedure.subscription(async function* ({ ctx, signal }) {
    for await (const event of ctx.services.events.events(signal)) {
      if (event.name !== EventName.IncidentChanged) continue;
      yield tracked(`${event.payload.incidentId}-${event.at}`, event.payload);
    }
  }),

  pauseModel: adminProcedure.input(PauseModelSchema).mutation(async ({ ctx, input }) => {
    const result = await ctx.services.incidents.pauseModel(input, userIdOf(ctx.caller));
    Object.assign(ctx.audit, { modelId: result.modelId, targetType: 'model', targetId: result.modelId });
    return result;
  }),
} satisfies TRPCRouterRecord;

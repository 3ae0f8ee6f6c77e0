import { ChangePasswordSchema, LoginSchema, SetupSchema } from '@phoenix4ge/shared';
import type { TRPCRouterRecord } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { clearSessionCookie, setSessionCookie } from '../../http/session-cookie';
import { publicProcedure, signedInProcedure } from '../trpc';

export const authRouter = {
  /** Who is calling: a user, an API key, or null. */
  me: publicProcedure.query(async ({ ctx }) => {
    const { caller } = ctx;
    if (caller.kind === 'user') return { kind: 'user' as const, user: caller.user };
    if (caller.kind === 'apiKey') return { kind: 'apiKey' as const, key: caller.key };
    return null;
  }),

  setupStatus: publicProcedure.query(async ({ ctx }) => ({
    needsSetup: await ctx.services.auth.needsSetup(),
  })),

  setup: publicProcedure.input(SetupSchema).mutation(async ({ ctx, input }) => {
    const { session, user } = await ctx.services.auth.setup(input, ctx.ip, ctx.req.headers['user-agent']);
    setSessionCookie(ctx.req, ctx.res, session.token, session.expiresAt);
    Object.assign(ctx.audit, { actorUserId: user.id, targetType: 'user', targetId: user.id });
    return { user };
  }),

  login: publicProcedure.input(LoginSchema).mutation(async ({ ctx, input }) => {
    const { session, user } = await ctx.services.auth.login(input, ctx.ip, ctx.req.headers['user-agent']);
    setSessionCookie(ctx.req, ctx.res, session.token, session.expiresAt);
    Object.assign(ctx.audit, { actorUserId: user.id, targetType: 'user', targetId: user.id });
    return { user, expiresAt: session.expiresAt };
  }),

  logout: signedInProcedure.mutation(async ({ ctx }) => {
    if (ctx.caller.kind === 'user') await ctx.services.auth.logout(ctx.caller.sessionId);
    clearSessionCookie(ctx.req, ctx.res);
    return { ok: true };
  }),

  logoutEverywhere: signedInProcedure.mutation(async ({ ctx }) => {
    if (ctx.caller.kind !== 'user')
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'Only people have sessions' });
    const ended = await ctx.services.auth.logoutEverywhere(ctx.caller.user.id, ctx.ip);
    clearSessionCookie(ctx.req, ctx.res);
    return { ended };
  }),

  changePassword: signedInProcedure.input(ChangePasswordSchema).mutation(async ({ ctx, input }) => {
    if (ctx.caller.kind !== 'user')
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'API keys have no password' });
    Object.assign(ctx.audit, { targetType: 'user', targetId: ctx.caller.user.id });
    return ctx.services.auth.changePassword(ctx.caller.user, ctx.caller.sessionId, input, ctx.ip);
  }),
} satisfies TRPCRouterRecord;

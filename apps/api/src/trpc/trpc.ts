/**
 * The only place tRPC is initialised, and the only place access rules are attached to procedures.
 * 1. Every procedure starts from one of the builders below; each sets `meta.access`, which the access test
 *    reads to prove every procedure rejects anonymous and cross-tenant callers.
 * 2. Every successful mutation is written to the audit log by `auditMutations`; procedures add the target
 *    (`ctx.audit.targetType/targetId`) and anything else worth keeping.
 * 3. Do not add routes here: domain routers live in ./routers and are merged in ./root.ts.
 */
import { ModelSlugSchema } from '@phoenix4ge/shared';
import { initTRPC } from '@trpc/server';
import superjson from 'superjson';
import { ZodError, z } from 'zod';
import type { AuditNote } from '../services/audit.service';
import { RateLimitedError } from '../services/auth.service';
import type { ModelRole, SignedInCaller } from '../services/caller';
import { requireSignedIn } from '../services/caller';
import { InvalidFieldError } from '../services/edits.service';
import { StaleEditError } from '../services/library.service';
import type { Context } from './context';

export interface Meta {
  access: 'public' | 'signedIn' | 'admin' | 'tenant';
  /** For `tenant`: the least role on the model the procedure needs. */
  minRole?: ModelRole;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      return {
        ...shape,
        data: {
          ...shape.data,
          zodError:
            error.cause instanceof ZodError
              ? z.flattenError(error.cause)
              : error.cause instanceof InvalidFieldError
                ? { formErrors: [], fieldErrors: { [String(error.cause.path[0])]: [error.cause.message] } }
                : null,
          retryAfterSeconds: error.cause instanceof RateLimitedError ? error.cause.retryAfterSeconds : null,
          /** A CONFLICT from a stale edit carries the item as it is now. */
          current: error.cause instanceof StaleEditError ? error.cause.current : null,
        },
      };
    },
    sse: {
      ping: { enabled: true, intervalMs: 15_000 },
      client: { reconnectAfterInactivityMs: 20_000 },
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const auditMutations = t.middleware(async ({ ctx, type, path, getRawInput, next }) => {
  const audit: AuditNote = {};
  const result = await next({ ctx: { audit } });
  if (type !== 'mutation' || !result.ok) return result;
  await ctx.services.audit.recordMutation({
    action: path,
    caller: ctx.caller,
    ip: ctx.ip,
    note: audit,
    input: await getRawInput(),
  });
  return result;
});

/** Every call's duration and result code (OK or the tRPC error code) in the metrics; the path is bounded. */
const measure = t.middleware(async ({ ctx, type, path, next }) => {
  const started = performance.now();
  const result = await next();
  const code = result.ok ? 'OK' : result.error.code;
  ctx.services.metrics.trpcCall(path, type, code, (performance.now() - started) / 1000);
  return result;
});

const base = t.procedure.use(measure).use(auditMutations);

export const publicProcedure = base.meta({ access: 'public' });

export const signedInProcedure = base.meta({ access: 'signedIn' }).use(({ ctx, next }) => {
  requireSignedIn(ctx.caller);
  return next({ ctx: { caller: ctx.caller as SignedInCaller } });
});

export const adminProcedure = base.meta({ access: 'admin' }).use(async ({ ctx, path, next }) => {
  await ctx.services.access.requireAdmin(ctx.caller, ctx.ip, path);
  return next({ ctx: { caller: ctx.caller as SignedInCaller } });
});

/**
 * The tenant guard: resolves `modelSlug` and requires `minRole` on that model before the procedure's own input
 * is even parsed. Add the procedure's input with `.input(...)`; it is merged with `{ modelSlug }`.
 */
export function tenantProcedure(minRole: ModelRole) {
  return base
    .meta({ access: 'tenant', minRole })
    .input(z.object({ modelSlug: ModelSlugSchema }))
    .use(async ({ ctx, input, path, next }) => {
      const model = await ctx.services.access.authorizeModel(
        ctx.caller,
        input.modelSlug,
        minRole,
        ctx.ip,
        path,
      );
      ctx.audit.modelId = model.id;
      return next({ ctx: { model, caller: ctx.caller as SignedInCaller } });
    });
}

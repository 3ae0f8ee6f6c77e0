import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { Services } from '../services';

/**
 * Per-request context: the services, the caller (resolved by the auth hook before tRPC runs, see
 * http/auth.hooks.ts) and the request itself.
 */
export function contextFactory(services: Services) {
  return ({ req, res }: CreateFastifyContextOptions) => ({
    services,
    req,
    res,
    log: req.log,
    ip: req.ip,
    caller: req.caller,
  });
}

export type Context = Awaited<ReturnType<ReturnType<typeof contextFactory>>>;

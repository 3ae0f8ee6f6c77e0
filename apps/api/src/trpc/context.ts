import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { Services } from '../services';

/** Per-request context: the shared services plus the request (auth is resolved here in a later issue). */
export function contextFactory(services: Services) {
  return ({ req, res }: CreateFastifyContextOptions) => ({ services, req, res, log: req.log });
}

export type Context = Awaited<ReturnType<ReturnType<typeof contextFactory>>>;

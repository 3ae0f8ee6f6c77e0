/**
 * The one tRPC client of the SPA.
 * 1. Components never call it directly: wrap each procedure once in `src/api/<router>.ts`.
 * 2. The transformer must match the server's (`apps/api/src/trpc/trpc.ts`).
 */
import type { AppRouter } from '@phoenix4ge/api/router';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, loggerLink, splitLink } from '@trpc/client';
import superjson from 'superjson';

const TRPC_URL = '/trpc';

const subscriptionLink = httpSubscriptionLink({ url: TRPC_URL, transformer: superjson });
const requestLink = httpBatchLink({ url: TRPC_URL, transformer: superjson });

// Console logging in dev only (the production build drops it). A live subscription emits every few
// seconds, so only its start and its errors are logged.
export const trpc = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: import.meta.env.DEV
        ? [
            loggerLink({ enabled: (opts) => opts.direction === 'up' || opts.result instanceof Error }),
            subscriptionLink,
          ]
        : subscriptionLink,
      false: import.meta.env.DEV ? [loggerLink(), requestLink] : requestLink,
    }),
  ],
});

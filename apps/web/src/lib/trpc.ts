/**
 * The one tRPC client of the SPA.
 * 1. Components never call it directly: wrap each procedure once in `src/api/<router>.ts`.
 * 2. The transformer must match the server's (`apps/api/src/trpc/trpc.ts`).
 * 3. Every request carries the CSRF header the api requires on state-changing requests (harmless on GETs);
 *    the session is the api's httpOnly cookie, sent by the browser on these same-origin requests.
 */
import type { AppRouter } from '@phoenix4ge/api/router';
import { CSRF_HEADER } from '@phoenix4ge/shared';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, loggerLink, splitLink } from '@trpc/client';
import superjson from 'superjson';

const TRPC_URL = '/trpc';

const subscriptionLink = httpSubscriptionLink({ url: TRPC_URL, transformer: superjson });
const requestLink = httpBatchLink({
  url: TRPC_URL,
  transformer: superjson,
  headers: { [CSRF_HEADER]: '1' },
});

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

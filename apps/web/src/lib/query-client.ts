/**
 * The one QueryClient. Its caches also hold the app's single rule for ended sessions: any UNAUTHORIZED answer
 * to a query or mutation while the app thought someone was signed in marks the session as gone (`auth.me`
 * becomes null), and the signed-in layout then sends the user to `/login?next=<where they were>`.
 */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/solid-query';
import type { Me } from '../api/auth';
import { authKeys, signedOut } from '../api/auth';
import { setSignOutNotice } from '../stores/session';
import { describeError, errorCode } from './errors';

function onApiError(error: unknown, meta: Record<string, unknown> | undefined) {
  if (meta?.sessionErrorsHandledHere || errorCode(error) !== 'UNAUTHORIZED') return;
  sessionEnded(describeError(error));
}

/**
 * The api said the session is gone (UNAUTHORIZED on tRPC, 401 on a plain route such as uploads): sign-in
 * again, coming back to this page. Only a session the app believed in can end; anonymous visitors are already
 * on their way to sign in.
 */
export function sessionEnded(message: string) {
  if (!queryClient.getQueryData<Me>(authKeys.me)) return;
  setSignOutNotice({ message, tone: 'warning', returnHere: true });
  signedOut(queryClient);
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onApiError(error, query.meta) }),
  mutationCache: new MutationCache({
    onError: (error, _variables, _context, mutation) => onApiError(error, mutation.meta),
  }),
  defaultOptions: {
    queries: {
      // One retry for failures that may pass (an unreachable api should still show its alert within seconds);
      // none for answers that will not change: signed out, not allowed, not there, bad input.
      retry: (failureCount, error) => failureCount < 1 && !isFinalAnswer(error),
      staleTime: 5_000,
      refetchOnWindowFocus: false,
    },
    mutations: { retry: false },
  },
});

const finalCodes = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST', 'TOO_MANY_REQUESTS']);

function isFinalAnswer(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && finalCodes.has(code);
}

/**
 * A query's data without suspending: solid-query reads `data` through a resource, so reading it while the first
 * answer is on its way suspends the nearest `<Suspense>` (the whole page). Parts of a page that have their own
 * loading state (counts, suggestions, a panel) read it through this instead.
 */
export function latest<T>(query: { isSuccess: boolean; data: T | undefined }): T | undefined {
  return query.isSuccess ? query.data : undefined;
}

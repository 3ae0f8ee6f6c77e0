/**
 * Every `auth.*` procedure, wrapped once. `auth.me` is the app's idea of who is signed in: the guards read
 * it, sign-in and setup write it, and an UNAUTHORIZED answer anywhere sets it to null (see lib/query-client.ts).
 */
import type { RouterOutputs } from '@phoenix4ge/api/router';
import type { ChangePassword, Login, Setup } from '@phoenix4ge/shared';
import type { QueryClient } from '@tanstack/solid-query';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import type { Accessor } from 'solid-js';
import { trpc } from '../lib/trpc';
import { setSignOutNotice } from '../stores/session';
import { clearToasts } from '../stores/toasts';

export type Me = RouterOutputs['auth']['me'];
export type SignedInUser = Extract<NonNullable<Me>, { kind: 'user' }>['user'];

export const authKeys = {
  all: ['auth'] as const,
  me: ['auth', 'me', null] as const,
  setupStatus: ['auth', 'setupStatus', null] as const,
};

/** Query roots that survive a change of user; everything else belongs to the user who loaded it. */
const userIndependent = new Set(['auth', 'system']);

/** Drops every cached answer that belonged to the previous user (models, members, audit …). */
export function forgetUserData(queryClient: QueryClient) {
  queryClient.removeQueries({
    predicate: (query) => !userIndependent.has(String(query.queryKey[0])),
  });
}

/** The app's state after a sign-in or setup: a clean cache and the new user in `auth.me`. */
function signedIn(queryClient: QueryClient, user: SignedInUser) {
  setSignOutNotice(undefined);
  clearToasts();
  forgetUserData(queryClient);
  const me: Me = { kind: 'user', user };
  queryClient.setQueryData<Me>(authKeys.me, me);
  queryClient.setQueryData(authKeys.setupStatus, { needsSetup: false });
}

/**
 * The app's state after signing out, or after the api said the session is gone: nobody in `auth.me`. The
 * previous user's cached answers are dropped at the next sign-in (see `signedIn`), not here: a page whose
 * request just failed may still be rendering inside a route transition, waiting on those queries to settle.
 */
export function signedOut(queryClient: QueryClient) {
  queryClient.setQueryData<Me>(authKeys.me, null);
}

export function useMe() {
  return useQuery(() => ({
    queryKey: authKeys.me,
    queryFn: (): Promise<Me> => trpc.auth.me.query(),
    staleTime: 5 * 60_000,
  }));
}

/** The signed-in person, when there is one (a browser never signs in with an API key). */
export function userOf(me: Me | undefined): SignedInUser | undefined {
  return me?.kind === 'user' ? me.user : undefined;
}

/** The signed-in person for pages inside the signed-in layout (which only renders them when there is one). */
export function useCurrentUser(): Accessor<SignedInUser | undefined> {
  const me = useMe();
  return () => userOf(me.data);
}

export function useSetupStatus() {
  return useQuery(() => ({
    queryKey: authKeys.setupStatus,
    queryFn: () => trpc.auth.setupStatus.query(),
    // Setup happens once; after that the answer never changes back.
    staleTime: Number.POSITIVE_INFINITY,
  }));
}

export function useSetup() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['auth', 'setup', null] as const,
    mutationFn: (input: Setup) => trpc.auth.setup.mutate(input),
    onSuccess: (result) => signedIn(queryClient, result.user),
    // Someone else may have finished setup first: ask again, and the page gives way to sign-in.
    onError: () => queryClient.invalidateQueries({ queryKey: authKeys.setupStatus }),
  }));
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['auth', 'login', null] as const,
    mutationFn: (input: Login) => trpc.auth.login.mutate(input),
    // Wrong credentials are UNAUTHORIZED too; that is the form's business, not a session that ended.
    meta: { sessionErrorsHandledHere: true },
    onSuccess: (result) => signedIn(queryClient, result.user),
  }));
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['auth', 'logout', null] as const,
    mutationFn: () => trpc.auth.logout.mutate(),
    meta: { sessionErrorsHandledHere: true },
    // Signed out either way: a failed call most likely means the session had already ended.
    onSettled: () => {
      setSignOutNotice({ message: 'You have signed out.', tone: 'info', returnHere: false });
      signedOut(queryClient);
    },
  }));
}

export function useLogoutEverywhere() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['auth', 'logoutEverywhere', null] as const,
    mutationFn: () => trpc.auth.logoutEverywhere.mutate(),
    meta: { sessionErrorsHandledHere: true },
    onSuccess: (result) => {
      const sessions = result.ended === 1 ? '1 session' : `${result.ended} sessions`;
      setSignOutNotice({
        message: `You have signed out everywhere: ${sessions} ended, including this one.`,
        tone: 'info',
        returnHere: false,
      });
      signedOut(queryClient);
    },
  }));
}

export function useChangePassword() {
  return useMutation(() => ({
    mutationKey: ['auth', 'changePassword', null] as const,
    mutationFn: (input: ChangePassword) => trpc.auth.changePassword.mutate(input),
  }));
}

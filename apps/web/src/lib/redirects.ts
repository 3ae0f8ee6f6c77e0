/** Where to go around sign-in: the login URL for a page, and the `next` target once signed in. */

/** `/login?next=<path>`; without a path, plain `/login`. */
export function loginHref(next?: string): string {
  if (!next || next === '/' || !isSafeNext(next)) return '/login';
  return `/login?next=${encodeURIComponent(next)}`;
}

/** Only paths inside the app: no other origins (`//evil`, `https:`), no loops back to sign-in or setup. */
export function isSafeNext(next: string): boolean {
  return (
    next.startsWith('/') &&
    !next.startsWith('//') &&
    !next.startsWith('/\\') &&
    !/^\/(login|setup)(\/|\?|$)/.test(next)
  );
}

/** The page to open after signing in. */
export function afterSignIn(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  return value && isSafeNext(value) ? value : '/';
}

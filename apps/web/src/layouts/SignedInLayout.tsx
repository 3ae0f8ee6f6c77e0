import type { RouteSectionProps } from '@solidjs/router';
import { Navigate, useIsRouting } from '@solidjs/router';
import type { Component } from 'solid-js';
import { Match, Suspense, Switch } from 'solid-js';
import { useMe, userOf } from '../api/auth';
import { ErrorAlert } from '../components/ErrorAlert';
import { LoadingSpinner } from '../components/LoadingSpinner';
import { Navbar } from '../components/Navbar';
import { PageErrorBoundary } from '../components/PageErrorBoundary';
import { describeError } from '../lib/errors';
import { loginHref } from '../lib/redirects';
import { signOutNotice } from '../stores/session';

/**
 * Every page that needs a signed-in user: the navbar and the page, or the way to the sign-in page. This is
 * also where an ended session lands: the query client sets `auth.me` to null on an UNAUTHORIZED answer, and
 * this layout then sends the user to `/login?next=<the page they were on>`.
 */
const SignedInLayout: Component<RouteSectionProps> = (props) => {
  const me = useMe();
  const here = () => `${props.location.pathname}${props.location.search}`;
  // A session that ends on the way to another page is noticed while that navigation is still pending; wait for
  // it to land so `next` is the page the user was going to, not the one they were leaving.
  const routing = useIsRouting();

  return (
    <Switch>
      <Match when={me.isError && me.data === undefined}>
        <div class="container py-5">
          <ErrorAlert title="Could not check your session" message={describeError(me.error)}>
            <button type="button" class="btn btn-outline-danger btn-sm" onClick={() => void me.refetch()}>
              Try again
            </button>
          </ErrorAlert>
        </div>
      </Match>
      <Match when={userOf(me.data)}>
        {(user) => (
          <>
            <Navbar user={user()} />
            <main class="pb-5">
              <PageErrorBoundary>
                <Suspense
                  fallback={
                    <div class="container py-4">
                      <LoadingSpinner label="Loading…" />
                    </div>
                  }
                >
                  {props.children}
                </Suspense>
              </PageErrorBoundary>
            </main>
          </>
        )}
      </Match>
      <Match when={me.data !== undefined && !routing()}>
        <Navigate href={loginHref(signOutNotice()?.returnHere === false ? undefined : here())} />
      </Match>
    </Switch>
  );
};

export default SignedInLayout;

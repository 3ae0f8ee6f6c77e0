import type { RouteSectionProps } from '@solidjs/router';
import { Navigate } from '@solidjs/router';
import type { Component } from 'solid-js';
import { Match, Suspense, Switch } from 'solid-js';
import { useSetupStatus } from './api/auth';
import { ErrorAlert } from './components/ErrorAlert';
import { LoadingSpinner } from './components/LoadingSpinner';
import { PageErrorBoundary } from './components/PageErrorBoundary';
import { Toasts } from './components/Toasts';
import { describeError, isUnreachable } from './lib/errors';

const pageSpinner = (
  <div class="container py-4">
    <LoadingSpinner label="Loading…" />
  </div>
);

/**
 * The root of every route. Until the first admin exists every URL leads to `/setup`; after that the routes
 * decide (the signed-in pages sit inside layouts/SignedInLayout.tsx, which adds the navbar and the sign-in
 * guard). Toasts live here so they outlast the navigation that often follows them.
 */
export const App: Component<RouteSectionProps> = (props) => {
  const setup = useSetupStatus();

  return (
    <>
      <PageErrorBoundary>
        <Suspense fallback={pageSpinner}>
          <Switch>
            <Match when={setup.isError && setup.data === undefined}>
              <div class="container py-5">
                <ErrorAlert
                  title={isUnreachable(setup.error) ? 'The api is unreachable' : 'The app could not start'}
                  message={describeError(setup.error)}
                  testId="api-unreachable"
                >
                  <button
                    type="button"
                    class="btn btn-outline-danger btn-sm"
                    disabled={setup.isFetching}
                    onClick={() => void setup.refetch()}
                  >
                    Try again
                  </button>
                </ErrorAlert>
              </div>
            </Match>
            <Match when={setup.data?.needsSetup && props.location.pathname !== '/setup'}>
              <Navigate href="/setup" />
            </Match>
            <Match when={setup.data}>{props.children}</Match>
          </Switch>
        </Suspense>
      </PageErrorBoundary>
      <Toasts />
    </>
  );
};

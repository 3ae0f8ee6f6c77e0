import { useLocation } from '@solidjs/router';
import type { Component, ParentComponent } from 'solid-js';
import { createEffect, ErrorBoundary, on } from 'solid-js';
import { describeError } from '../lib/errors';
import { ErrorAlert } from './ErrorAlert';

/**
 * A page that throws while rendering (or whose code fails to download) shows what went wrong instead of a
 * spinner that never ends; following any link, or "Try again", renders it afresh.
 */
export const PageErrorBoundary: ParentComponent = (props) => (
  <ErrorBoundary fallback={(error, reset) => <PageFailed error={error} reset={reset} />}>
    {props.children}
  </ErrorBoundary>
);

const PageFailed: Component<{ error: unknown; reset: () => void }> = (props) => {
  const location = useLocation();
  createEffect(
    on(
      () => location.pathname,
      () => props.reset(),
      { defer: true },
    ),
  );

  return (
    <div class="container py-5">
      <ErrorAlert title="This page failed" message={describeError(props.error)} testId="page-failed">
        <p class="small mb-2">This is a bug in the app; reloading may help.</p>
        <button type="button" class="btn btn-outline-danger btn-sm" onClick={() => props.reset()}>
          Try again
        </button>
      </ErrorAlert>
    </div>
  );
};

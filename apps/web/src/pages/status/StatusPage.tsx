import type { Component } from 'solid-js';
import { Match, Show, Switch } from 'solid-js';
import { useLiveSystemStatus, useSystemStatus } from '../../api/system';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LiveIndicator } from '../../components/LiveIndicator';
import { LoadingSpinner } from '../../components/LoadingSpinner';
import { describeError, isUnreachable } from '../../lib/errors';
import { formatTime } from '../../lib/format';
import { OverallBanner } from './OverallBanner';
import { PingWorker } from './PingWorker';
import { ServiceGrid } from './ServiceGrid';

/**
 * Live health of the api's dependencies. The `system.status` query paints first; the `system.onStatus`
 * subscription then keeps that query's cache current, and the query polls only while the subscription is down.
 */
const StatusPage: Component = () => {
  const live = useLiveSystemStatus();
  const status = useSystemStatus(() => live() !== 'live');
  const errorTitle = () =>
    isUnreachable(status.error) ? 'The api is unreachable' : 'Could not load the system status';

  return (
    <div class="container py-4">
      <div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
        <h1 class="h3 mb-0">System status</h1>
        <LiveIndicator connection={live()} />
      </div>
      <Switch>
        <Match when={status.data}>
          {(report) => (
            <div class="vstack gap-3">
              <Show when={status.isError && live() !== 'live'}>
                <div class="alert alert-warning mb-0" role="alert" data-testid="stale-warning">
                  Showing the report from {formatTime(report().timestamp)}: {describeError(status.error)}
                </div>
              </Show>
              <OverallBanner report={report()} />
              <ServiceGrid report={report()} />
              <PingWorker />
            </div>
          )}
        </Match>
        <Match when={status.isError}>
          <ErrorAlert
            title={errorTitle()}
            message={`Requests to the api fail: ${status.error?.message ?? 'no answer'}.`}
            testId="api-unreachable"
          >
            <p class="small mb-2">
              The status page retries every few seconds and updates by itself once the api answers.
            </p>
            <button
              type="button"
              class="btn btn-outline-danger btn-sm"
              disabled={status.isFetching}
              onClick={() => void status.refetch()}
            >
              Retry now
            </button>
          </ErrorAlert>
        </Match>
        <Match when={status.isPending}>
          <LoadingSpinner label="Loading system status…" />
        </Match>
      </Switch>
    </div>
  );
};

export default StatusPage;

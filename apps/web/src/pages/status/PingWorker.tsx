import type { Component } from 'solid-js';
import { Match, Show, Switch } from 'solid-js';
import { usePingWorker } from '../../api/system';
import { describeError } from '../../lib/errors';

/** Sends a real job through the queue and reports which worker answered, and how fast. */
export const PingWorker: Component = () => {
  const ping = usePingWorker();

  return (
    <section class="card shadow-sm" aria-labelledby="ping-worker-title">
      <div class="card-body d-flex flex-wrap align-items-center gap-3">
        <div class="me-auto">
          <h2 class="h6 mb-1" id="ping-worker-title">
            Worker round trip
          </h2>
          <p class="small text-body-secondary mb-0">
            Queues a <code>system.ping</code> job and waits for a worker to answer it.
          </p>
        </div>
        <div
          class="small"
          role="status"
          aria-live="polite"
          data-testid="ping-result"
          data-state={ping.status}
        >
          <Switch>
            <Match when={ping.isPending}>
              <span class="text-body-secondary">Waiting for a worker…</span>
            </Match>
            <Match when={ping.data}>
              {(result) => (
                <span class="text-success-emphasis">
                  Worker <code>{result().workerId}</code> answered in {Math.round(result().roundTripMs)} ms
                </span>
              )}
            </Match>
            <Match when={ping.error}>
              {(error) => <span class="text-danger">{describeError(error())}</span>}
            </Match>
          </Switch>
        </div>
        <button
          type="button"
          class="btn btn-primary"
          data-testid="ping-button"
          disabled={ping.isPending}
          onClick={() => ping.mutate()}
        >
          <Show when={ping.isPending}>
            <span class="spinner-border spinner-border-sm me-2" aria-hidden="true" />
          </Show>
          Ping worker
        </button>
      </div>
    </section>
  );
};

import type { Component } from 'solid-js';
import { Match, Switch } from 'solid-js';
import type { LiveConnection } from '../api/system';

/** Whether pushed updates are flowing; announced politely to screen readers when it changes. */
export const LiveIndicator: Component<{ connection: LiveConnection }> = (props) => (
  <span
    class="badge rounded-pill bg-body-tertiary text-body border d-inline-flex align-items-center gap-2 fw-normal"
    role="status"
    aria-live="polite"
    data-testid="live-indicator"
    data-state={props.connection}
  >
    <Switch>
      <Match when={props.connection === 'live'}>
        <span class="d-inline-block p-1 rounded-circle bg-success" aria-hidden="true" />
        Live
      </Match>
      <Match when={props.connection === 'connecting'}>
        <span class="spinner-border spinner-border-sm text-secondary" aria-hidden="true" />
        Connecting…
      </Match>
      <Match when={props.connection === 'reconnecting'}>
        <span class="spinner-grow spinner-grow-sm text-warning" aria-hidden="true" />
        Reconnecting…
      </Match>
    </Switch>
  </span>
);

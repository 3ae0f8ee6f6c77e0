import type { Accessor } from 'solid-js';
import { createSignal, onCleanup, onMount } from 'solid-js';
import type { LiveConnection } from '../api/system';

/** Pause before subscribing again after the subscription ended (an error the link does not retry). */
const RESUBSCRIBE_AFTER_MS = 5_000;

/** What a tRPC `.subscribe(input, …)` call needs besides `onData`. */
export interface LiveHandlers {
  onConnectionStateChange(state: { state: string; error: unknown }): void;
  onError(): void;
  onComplete(): void;
}

/**
 * Keeps one tRPC subscription open for as long as the calling component lives: it resubscribes after an error or
 * an end, and reports `connecting`, `live` or `reconnecting`. `open` starts the subscription (call `markLive` from
 * its `onData`); `onReconnected` runs when it is live again after a drop, since changes may have been missed.
 */
export function createLiveSubscription(options: {
  open(handlers: LiveHandlers, markLive: () => void): { unsubscribe(): void };
  onReconnected(): void;
}): Accessor<LiveConnection> {
  const [connection, setConnection] = createSignal<LiveConnection>('connecting');
  let subscription: { unsubscribe(): void } | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  let wasDown = false;

  const markLive = () => {
    if (connection() === 'live') return;
    setConnection('live');
    if (wasDown) options.onReconnected();
  };
  const markDown = () => {
    wasDown = true;
    setConnection('reconnecting');
  };
  const retryLater = () => {
    subscription?.unsubscribe();
    if (disposed) return;
    markDown();
    clearTimeout(retryTimer);
    retryTimer = setTimeout(subscribe, RESUBSCRIBE_AFTER_MS);
  };
  const handlers: LiveHandlers = {
    onConnectionStateChange: (state) => {
      if (state.state === 'pending') markLive();
      else if (state.state === 'connecting' && state.error) markDown();
    },
    onError: retryLater,
    onComplete: () => {
      if (!disposed) retryLater();
    },
  };

  function subscribe() {
    subscription = options.open(handlers, markLive);
  }

  onMount(subscribe);
  onCleanup(() => {
    disposed = true;
    clearTimeout(retryTimer);
    subscription?.unsubscribe();
  });
  return connection;
}

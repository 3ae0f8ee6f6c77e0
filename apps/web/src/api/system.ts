/**
 * Every `system.*` procedure, wrapped once. Query keys are `[router, procedure, input]`;
 * mutations invalidate by the `['system']` prefix.
 */
import type { HealthReport } from '@phoenix4ge/shared';
import type { QueryClient } from '@tanstack/solid-query';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import type { Accessor } from 'solid-js';
import { createSignal, onCleanup, onMount } from 'solid-js';
import { trpc } from '../lib/trpc';

export const systemKeys = {
  all: ['system'] as const,
  status: ['system', 'status', null] as const,
};

/** How often the status query polls while the live subscription is not delivering. */
const FALLBACK_POLL_MS = 5_000;
/** The server sends a report every ~2 s; this long without one counts as a dropped connection. */
const SILENCE_MEANS_DROPPED_MS = 8_000;
/** Pause before subscribing again after the subscription ended for good (an error the link does not retry). */
const RESUBSCRIBE_AFTER_MS = 5_000;

const systemStatusQuery = {
  queryKey: systemKeys.status,
  queryFn: (): Promise<HealthReport> => trpc.system.status.query(),
};

/** Starts loading `system.status` before the page that shows it has loaded (route preload). */
export function prefetchSystemStatus(queryClient: QueryClient) {
  return queryClient.prefetchQuery(systemStatusQuery);
}

/** `system.status`: the first paint, and the fallback (polling while `poll()` is true) when live updates stop. */
export function useSystemStatus(poll: Accessor<boolean>) {
  return useQuery(() => ({
    ...systemStatusQuery,
    refetchInterval: poll() ? FALLBACK_POLL_MS : false,
  }));
}

/** `system.ping`: a round trip through the queue to a worker. */
export function usePingWorker() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['system', 'ping', null] as const,
    mutationFn: () => trpc.system.ping.mutate(),
    onSettled: () => queryClient.invalidateQueries({ queryKey: systemKeys.all }),
  }));
}

/** `connecting`: first attempt; `live`: events flowing; `reconnecting`: dropped, retrying. */
export type LiveConnection = 'connecting' | 'live' | 'reconnecting';

/**
 * `system.onStatus`: writes every report into the `system.status` query cache, so readers of
 * `useSystemStatus` see live data. Lives as long as the calling component; returns the connection state.
 */
export function useLiveSystemStatus(): Accessor<LiveConnection> {
  const queryClient = useQueryClient();
  const [connection, setConnection] = createSignal<LiveConnection>('connecting');
  let subscription: { unsubscribe(): void } | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let silenceTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  // A connection can stay open while the api behind it stops answering (shutting down, stuck, a proxy
  // holding the socket); the link only notices after its inactivity timeout, so watch for silence here.
  const watchForSilence = () => {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => setConnection('reconnecting'), SILENCE_MEANS_DROPPED_MS);
  };

  const retryLater = () => {
    subscription?.unsubscribe();
    if (disposed) return;
    setConnection('reconnecting');
    clearTimeout(retryTimer);
    retryTimer = setTimeout(subscribe, RESUBSCRIBE_AFTER_MS);
  };

  function subscribe() {
    subscription = trpc.system.onStatus.subscribe(undefined, {
      // The server yields `tracked(id, report)`, which arrives here as `{ id, data }`.
      onData: (event) => {
        queryClient.setQueryData<HealthReport>(systemKeys.status, event.data);
        setConnection('live');
        watchForSilence();
      },
      onConnectionStateChange: (state) => {
        if (state.state === 'pending') {
          setConnection('live');
          watchForSilence();
        } else if (state.state === 'connecting' && state.error) setConnection('reconnecting');
      },
      onError: retryLater,
      // The server never ends this stream on its own; completion means it went away.
      onComplete: () => {
        if (connection() === 'live') retryLater();
      },
    });
  }

  // Subscribe once mounted, not while rendering: a page rendered inside a router transition that wrote this
  // signal before the transition committed kept showing the old state (seen when "/" redirects to /status).
  onMount(subscribe);
  onCleanup(() => {
    disposed = true;
    clearTimeout(retryTimer);
    clearTimeout(silenceTimer);
    subscription?.unsubscribe();
  });
  return connection;
}

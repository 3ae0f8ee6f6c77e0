/**
 * Every `incidents.*` procedure (admin only), wrapped once. The incidents page follows `incidents.onChange`; the
 * navbar's counts refetch every 15 s instead (one subscription per page, not per tab everywhere); mutations
 * invalidate the `['incidents']` prefix.
 */
import type { RouterInputs, RouterOutputs } from '@phoenix4ge/api/router';
import type { IncidentState } from '@phoenix4ge/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import type { Accessor } from 'solid-js';
import { coalesce } from '../lib/coalesce';
import { createLiveSubscription } from '../lib/live-subscription';
import { trpc } from '../lib/trpc';

export type Incident = RouterOutputs['incidents']['list']['items'][number];
export type IncidentDetail = RouterOutputs['incidents']['byId'];
type Inputs = RouterInputs['incidents'];

const REFRESH_MS = 15_000;

export const incidentsKeys = {
  all: ['incidents'] as const,
  list: (state: IncidentState | undefined) => ['incidents', 'list', { state }] as const,
  counts: ['incidents', 'counts', null] as const,
  byId: (id: number) => ['incidents', 'byId', { id }] as const,
};

export function useIncidents(state: Accessor<IncidentState | undefined>) {
  return useQuery(() => ({
    queryKey: incidentsKeys.list(state()),
    queryFn: () => trpc.incidents.list.query({ state: state(), limit: 200 }),
  }));
}

/** Open and acknowledged counts (the navbar's badge); only fetched for admins. */
export function useIncidentCounts(enabled: Accessor<boolean>) {
  return useQuery(() => ({
    queryKey: incidentsKeys.counts,
    queryFn: () => trpc.incidents.counts.query(),
    enabled: enabled(),
    refetchInterval: REFRESH_MS,
  }));
}

export function useIncident(id: Accessor<number | undefined>) {
  return useQuery(() => ({
    queryKey: incidentsKeys.byId(id() ?? 0),
    queryFn: () => trpc.incidents.byId.query({ id: id() ?? 0 }),
    enabled: id() !== undefined,
  }));
}

/** A burst of changes (several rules firing in one run, a response and its audit) is read back with one refetch. */
const REFETCH_DELAY_MS = 300;

/** Live updates while the incidents page is open: every incident query refetches when one opens or changes. */
export function useIncidentsLive() {
  const queryClient = useQueryClient();
  const refetch = coalesce(
    () => void queryClient.invalidateQueries({ queryKey: incidentsKeys.all }),
    REFETCH_DELAY_MS,
  );
  return createLiveSubscription({
    onReconnected: refetch,
    open: (handlers, markLive) =>
      trpc.incidents.onChange.subscribe(undefined, {
        ...handlers,
        onData: () => {
          markLive();
          refetch();
        },
      }),
  });
}

/** One mutation hook per response; each refreshes every incident query when it succeeds. */
function useIncidentMutation<I, O>(name: string, run: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['incidents', name, null] as const,
    mutationFn: run,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: incidentsKeys.all }),
  }));
}

export const useAcknowledgeIncident = () =>
  useIncidentMutation('acknowledge', (input: Inputs['acknowledge']) =>
    trpc.incidents.acknowledge.mutate(input),
  );
export const useResolveIncident = () =>
  useIncidentMutation('resolve', (input: Inputs['resolve']) => trpc.incidents.resolve.mutate(input));
export const useLockUser = () =>
  useIncidentMutation('lockUser', (input: Inputs['lockUser']) => trpc.incidents.lockUser.mutate(input));
export const useRevokeIncidentKey = () =>
  useIncidentMutation('revokeApiKey', (input: Inputs['revokeApiKey']) =>
    trpc.incidents.revokeApiKey.mutate(input),
  );
export const useEndSessions = () =>
  useIncidentMutation('endSessions', (input: Inputs['endSessions']) =>
    trpc.incidents.endSessions.mutate(input),
  );
export const usePauseModel = () =>
  useIncidentMutation('pauseModel', (input: Inputs['pauseModel']) => trpc.incidents.pauseModel.mutate(input));

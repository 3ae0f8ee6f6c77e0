/**
 * Every `jobs.*` procedure (the job dashboard, admins only), wrapped once. Query keys are `[router, procedure,
 * input]`; mutations invalidate by the `['jobs']` prefix. `useLiveJobs` keeps the queue snapshot current and
 * refetches the open lists and job whenever a job moved.
 */
import type { RouterInputs, RouterOutputs } from '@phoenix4ge/api/router';
import type { JobsSnapshot, QueueName } from '@phoenix4ge/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import type { Accessor } from 'solid-js';
import { createLiveSubscription } from '../lib/live-subscription';
import { trpc } from '../lib/trpc';
import type { LiveConnection } from './system';

export type JobListInput = RouterInputs['jobs']['list'];
export type JobRef = RouterInputs['jobs']['get'];
export type JobPage = RouterOutputs['jobs']['list'];
export type JobRow = JobPage['items'][number];
export type JobDetail = RouterOutputs['jobs']['get'];
export type CleanInput = RouterInputs['jobs']['clean'];

export const jobKeys = {
  all: ['jobs'] as const,
  queues: ['jobs', 'queues', null] as const,
  list: (input: JobListInput) => ['jobs', 'list', input] as const,
  get: (ref: JobRef) => ['jobs', 'get', ref] as const,
  forMedia: (mediaId: number) => ['jobs', 'forMedia', { mediaId }] as const,
};

/** How often the queues poll while the live subscription is not delivering. */
const FALLBACK_POLL_MS = 5_000;

export function useJobQueues(poll: Accessor<boolean>) {
  return useQuery(() => ({
    queryKey: jobKeys.queues,
    queryFn: (): Promise<JobsSnapshot> => trpc.jobs.queues.query(),
    refetchInterval: poll() ? FALLBACK_POLL_MS : false,
  }));
}

export function useJobList(input: Accessor<JobListInput | undefined>) {
  return useQuery(() => {
    const current = input();
    return {
      queryKey: jobKeys.list(current ?? { queue: 'media', state: 'failed' }),
      queryFn: () => trpc.jobs.list.query(current as JobListInput),
      enabled: current !== undefined,
      placeholderData: (previous: JobPage | undefined) => previous,
    };
  });
}

export function useJob(ref: Accessor<JobRef | undefined>) {
  return useQuery(() => {
    const current = ref();
    return {
      queryKey: jobKeys.get(current ?? { queue: 'media', jobId: '' }),
      queryFn: () => trpc.jobs.get.query(current as JobRef),
      enabled: current !== undefined,
    };
  });
}

/** A media's jobs, for its detail panel (admins); polls while shown, as the panel has no job stream of its own. */
export function useMediaJobs(mediaId: Accessor<number>, enabled: Accessor<boolean>) {
  return useQuery(() => ({
    queryKey: jobKeys.forMedia(mediaId()),
    queryFn: () => trpc.jobs.forMedia.query({ mediaId: mediaId() }),
    enabled: enabled(),
    refetchInterval: FALLBACK_POLL_MS,
  }));
}

/** Everything that changes when a job moves: counts, finished-per-minute totals, paused. */
function signatureOf(snapshot: JobsSnapshot): string {
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return snapshot.queues
    .map(
      (queue) =>
        `${queue.name}:${Object.values(queue.counts).join(',')}:${sum(queue.throughput.completed)}:${sum(queue.throughput.failed)}:${queue.paused}`,
    )
    .join('|');
}

/** `jobs.onProgress`: the queue snapshot into the cache; open lists, jobs and media panels refetched on change. */
export function useLiveJobs(): Accessor<LiveConnection> {
  const queryClient = useQueryClient();
  let last = '';
  const refetchJobs = () =>
    Promise.all(
      (['list', 'get', 'forMedia'] as const).map((procedure) =>
        queryClient.invalidateQueries({ queryKey: ['jobs', procedure] }),
      ),
    );
  return createLiveSubscription({
    open: (handlers, markLive) =>
      trpc.jobs.onProgress.subscribe(undefined, {
        ...handlers,
        onData: (event) => {
          markLive();
          queryClient.setQueryData<JobsSnapshot>(jobKeys.queues, event.data);
          const signature = signatureOf(event.data);
          if (last !== '' && signature !== last) void refetchJobs();
          last = signature;
        },
      }),
    onReconnected: () => void queryClient.invalidateQueries({ queryKey: jobKeys.all }),
  });
}

/** The dashboard's changes; each refetches every `jobs.*` query when it settles. */
export function useJobActions() {
  const queryClient = useQueryClient();
  const settle = () => queryClient.invalidateQueries({ queryKey: jobKeys.all });
  const action = <I, O>(name: string, run: (input: I) => Promise<O>) =>
    useMutation(() => ({ mutationKey: ['jobs', name] as const, mutationFn: run, onSettled: settle }));
  return {
    retry: action('retry', (ref: JobRef) => trpc.jobs.retry.mutate(ref)),
    retryAll: action('retryAll', (queue: QueueName) => trpc.jobs.retryAll.mutate({ queue })),
    clean: action('clean', (input: CleanInput) => trpc.jobs.clean.mutate(input)),
    promote: action('promote', (ref: JobRef) => trpc.jobs.promote.mutate(ref)),
    promoteAll: action('promoteAll', (queue: QueueName) => trpc.jobs.promoteAll.mutate({ queue })),
    pause: action('pause', (queue: QueueName) => trpc.jobs.pause.mutate({ queue })),
    resume: action('resume', (queue: QueueName) => trpc.jobs.resume.mutate({ queue })),
  };
}

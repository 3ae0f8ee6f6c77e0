/**
 * Every `moderation.*` procedure, wrapped once, plus the live updates that keep the queue current.
 * Keys: `['moderation', 'queue', { modelSlug, statuses }]` (modelSlug null: every model, admins),
 * `['moderation', 'history', { modelSlug, id }]`. A decision takes the decided items out of every cached queue at
 * once and then invalidates the `['moderation']` prefix (and `['media']`, whose library badges changed).
 */
import type { RouterOutputs } from '@phoenix4ge/api/router';
import type { ModerationDecision, ModerationStatus } from '@phoenix4ge/shared';
import type { InfiniteData, QueryClient } from '@tanstack/solid-query';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import type { Accessor } from 'solid-js';
import { coalesce } from '../lib/coalesce';
import { createLiveSubscription } from '../lib/live-subscription';
import { uniqueItems } from '../lib/pages';
import { trpc } from '../lib/trpc';
import { mediaKeys } from './media';
import type { LiveConnection } from './system';

export type ModerationQueuePage = RouterOutputs['moderation']['queue'];
/** One item of the queue: a MediaSummary with its model, large preview and the provider's latest request. */
export type QueueItem = ModerationQueuePage['items'][number];
export type ModerationRequest = NonNullable<QueueItem['request']>;
export type ModerationHistory = RouterOutputs['moderation']['history'];
export type ModerationQueueData = InfiniteData<ModerationQueuePage, number | null>;

/** Which queue: one model's (`modelSlug`), or every model's (`null`, admins). */
export type QueueScope = { modelSlug: string } | { modelSlug: null };

export const MODERATION_PAGE_SIZE = 50;
/** Changes announced for media that can move an item into or out of the queue. */
const queueChanges = new Set(['created', 'ready', 'moderated', 'deleted', 'updated']);
/** Bursts of changes (a bulk decision, a folder upload) are read back with one refetch. */
const REFETCH_DELAY_MS = 250;

export const moderationKeys = {
  all: ['moderation'] as const,
  queues: ['moderation', 'queue'] as const,
  queue: (modelSlug: string | null, statuses: readonly ModerationStatus[]) =>
    ['moderation', 'queue', { modelSlug, statuses: [...statuses] }] as const,
  history: (modelSlug: string, id: number) => ['moderation', 'history', { modelSlug, id }] as const,
};

/** The queue, oldest first, in pages of 50 ("Load more"). */
export function useModerationQueue(scope: Accessor<QueueScope>, statuses: Accessor<ModerationStatus[]>) {
  return useInfiniteQuery(() => ({
    queryKey: moderationKeys.queue(scope().modelSlug, statuses()),
    queryFn: ({ pageParam }) => {
      const input = {
        statuses: statuses(),
        limit: MODERATION_PAGE_SIZE,
        cursor: pageParam ?? undefined,
      };
      const { modelSlug } = scope();
      return modelSlug === null
        ? trpc.moderation.queueAll.query(input)
        : trpc.moderation.queue.query({ ...input, modelSlug });
    },
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.nextCursor,
  }));
}

/** Every provider request of one media, newest first; loaded only while `enabled()`. */
export function useModerationHistory(
  modelSlug: Accessor<string>,
  id: Accessor<number>,
  enabled: Accessor<boolean>,
) {
  return useQuery(() => ({
    queryKey: moderationKeys.history(modelSlug(), id()),
    queryFn: () => trpc.moderation.history.query({ modelSlug: modelSlug(), id: id() }),
    enabled: enabled(),
  }));
}

/** The loaded pages as one list, each id once. */
export const queueItems = (data: { pages: readonly ModerationQueuePage[] } | undefined): QueueItem[] =>
  uniqueItems(data);

export interface DecideInput {
  /** One call of `moderation.decide` per model (the all-models view groups the ids). */
  groups: { modelSlug: string; ids: number[] }[];
  decision: ModerationDecision;
  reason?: string;
}

export interface DecideResult {
  decision: ModerationDecision;
  /** Ids the api decided. */
  decided: number[];
  /** Groups the api refused, with why (the items stay in the queue). */
  failed: { modelSlug: string; ids: number[]; error: unknown }[];
}

/** Takes decided items out of every cached queue, so they leave the list without waiting for a refetch. */
function removeFromQueues(queryClient: QueryClient, ids: ReadonlySet<number>) {
  if (ids.size === 0) return;
  queryClient.setQueriesData<ModerationQueueData>({ queryKey: moderationKeys.queues }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.filter((item) => !ids.has(item.id)),
          })),
        }
      : data,
  );
}

/**
 * `moderation.decide` for one or more models at once. Resolves with what was decided and what failed; rejects only
 * when every group failed (then nothing changed).
 */
export function useDecideModeration() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['moderation', 'decide', null] as const,
    mutationFn: async (input: DecideInput): Promise<DecideResult> => {
      const reason = input.reason?.trim() || undefined;
      const results = await Promise.allSettled(
        input.groups.map((group) =>
          trpc.moderation.decide.mutate({
            modelSlug: group.modelSlug,
            ids: group.ids,
            decision: input.decision,
            reason,
          }),
        ),
      );
      const decided: number[] = [];
      const failed: DecideResult['failed'] = [];
      results.forEach((result, index) => {
        const group = input.groups[index];
        if (!group) return;
        if (result.status === 'fulfilled') decided.push(...result.value.ids);
        else failed.push({ ...group, error: result.reason });
      });
      if (decided.length === 0 && failed[0]) throw failed[0].error;
      return { decision: input.decision, decided, failed };
    },
    // Not awaited: the decided items are already out of the list, and the page announces the decision at once.
    onSuccess: (result) => {
      removeFromQueues(queryClient, new Set(result.decided));
      void queryClient.invalidateQueries({ queryKey: mediaKeys.all });
      void queryClient.invalidateQueries({ queryKey: moderationKeys.all });
    },
  }));
}

/**
 * Live changes that move items into or out of the queue: `media.onChange` for one model, `moderation.onChange`
 * (admins) for every model. Each relevant change refetches the scope's queues (a burst once); after a reconnect they
 * are refetched too, since changes may have been missed. Lives as long as the calling component.
 */
export function useLiveModerationQueue(scope: Accessor<QueueScope>): Accessor<LiveConnection> {
  const queryClient = useQueryClient();
  const refetchQueues = coalesce(() => {
    const { modelSlug } = scope();
    void queryClient.invalidateQueries({
      queryKey: moderationKeys.queues,
      // A model's change also concerns the all-models queue, if one is cached.
      predicate: (query) => {
        const key = query.queryKey[2] as { modelSlug?: string | null } | undefined;
        return modelSlug === null || key?.modelSlug === modelSlug || key?.modelSlug === null;
      },
    });
  }, REFETCH_DELAY_MS);

  return createLiveSubscription({
    onReconnected: refetchQueues,
    open: (handlers, markLive) => {
      // The server yields `tracked(id, change)`, which arrives here as `{ id, data }`.
      const onData = (event: { data: { change: string } }) => {
        markLive();
        if (queueChanges.has(event.data.change)) refetchQueues();
      };
      const { modelSlug } = scope();
      return modelSlug === null
        ? trpc.moderation.onChange.subscribe(undefined, { ...handlers, onData })
        : trpc.media.onChange.subscribe({ modelSlug }, { ...handlers, onData });
    },
  });
}

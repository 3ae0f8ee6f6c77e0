/**
 * `media.*` reads wrapped once, plus the cache edits uploads, edits and live updates make:
 * - `media.list` is one infinite query per view (filter + sort), keyed `['media', 'list', { modelSlug, view }]`;
 * - uploads put the media they created into every cached view it surely belongs to (`upsertMediaInList`);
 * - `media.onChange` (`useLiveMediaChanges`) re-reads each item the server says changed and puts it in the
 *   views (or takes it out); many at once (a bulk action, categories) refetch the model's views, facets and
 *   categories; a bulk job's progress goes to stores/bulk-jobs.ts, a saved edit's to stores/edit-progress.ts;
 *   the near-duplicates the worker found for a processed item go to stores/near-duplicates.ts (the upload list)
 *   and make every cached `media.similar` of the model stale (the new item may look like an open one);
 * - while that subscription is down, items whose processing is not final are re-read every few seconds
 *   (`useProcessingRefresh`) until they are ready or failed.
 * Keys: `['media', 'list' | 'facets' | 'count' | 'byId' | 'similar', { modelSlug, … }]`; mutations invalidate by
 * the `['media', kind, { modelSlug }]` prefix (objects in keys match partially).
 */
import type { RouterOutputs } from '@phoenix4ge/api/router';
import type { LibraryItem, MediaSummary, ProcessingStatus } from '@phoenix4ge/shared';
import type { InfiniteData, QueryClient } from '@tanstack/solid-query';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/solid-query';
import type { Accessor } from 'solid-js';
import { onCleanup, onMount } from 'solid-js';
import { coalesce } from '../lib/coalesce';
import { errorCode } from '../lib/errors';
import { createLiveSubscription } from '../lib/live-subscription';
import { uniqueItems } from '../lib/pages';
import { trpc } from '../lib/trpc';
import { updateBulkJob } from '../stores/bulk-jobs';
import { settleEditProgress, updateEditProgress } from '../stores/edit-progress';
import { noteNearDuplicates } from '../stores/near-duplicates';
import { currentVersionOf, editKeys } from './edits';
import type { ListView } from './media-list-cache';
import { placeItem, removeItems } from './media-list-cache';
import type { LiveConnection } from './system';

export type { ListView } from './media-list-cache';
export type MediaPage = RouterOutputs['media']['list'];
/** An item of the library list (a LibraryItem: summary, category, tags). */
export type Media = MediaPage['items'][number];
/** One item with its variants and metadata. */
export type MediaDetail = RouterOutputs['media']['byId'];
export type MediaListData = InfiniteData<MediaPage, string | null>;
export type SimilarMedia = RouterOutputs['media']['similar'];

/** The first page of a view: enough to fill a large screen, quick to answer. */
export const MEDIA_FIRST_PAGE_SIZE = 60;
/** Each further page (the api's largest): fewer requests while scrolling through thousands. */
export const MEDIA_PAGE_SIZE = 200;
/** How often items still being processed are re-read. */
export const PROCESSING_REFRESH_MS = 3_000;
/** Facet counts are read again this long after the first of a burst of live changes. */
const FACETS_REFRESH_MS = 1_000;
const unfinished: ProcessingStatus[] = ['uploaded', 'processing'];

export const mediaKeys = {
  all: ['media'] as const,
  /** Every cached view of a model (prefix). */
  lists: (modelSlug: string) => ['media', 'list', { modelSlug }] as const,
  list: (modelSlug: string, view: ListView) => ['media', 'list', { modelSlug, view }] as const,
  facets: (modelSlug: string, filter?: ListView['filter']) =>
    filter === undefined
      ? (['media', 'facets', { modelSlug }] as const)
      : (['media', 'facets', { modelSlug, filter }] as const),
  counts: (modelSlug: string) => ['media', 'count', { modelSlug }] as const,
  byId: (modelSlug: string, id: number) => ['media', 'byId', { modelSlug, id }] as const,
  similar: (modelSlug: string, id?: number) =>
    id === undefined
      ? (['media', 'similar', { modelSlug }] as const)
      : (['media', 'similar', { modelSlug, id }] as const),
};

export function isProcessingFinal(status: ProcessingStatus): boolean {
  return status === 'ready' || status === 'failed';
}

/** One view of the model's library (or trash): keyset pages (60, then 200 each) for infinite scrolling. */
export function useMediaList(modelSlug: Accessor<string>, view: Accessor<ListView>) {
  return useInfiniteQuery(() => ({
    queryKey: mediaKeys.list(modelSlug(), view()),
    queryFn: ({ pageParam }) =>
      trpc.media.list.query({
        modelSlug: modelSlug(),
        ...view().filter,
        sort: view().sort,
        direction: view().direction,
        limit: pageParam ? MEDIA_PAGE_SIZE : MEDIA_FIRST_PAGE_SIZE,
        cursor: pageParam ?? undefined,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // Another filter keeps the last view's items on screen (dimmed) until its own arrive: no flash of a spinner
    // on every search keystroke.
    placeholderData: keepPreviousData,
  }));
}

export function useMediaItem(modelSlug: Accessor<string>, id: Accessor<number>) {
  return useQuery(() => ({
    queryKey: mediaKeys.byId(modelSlug(), id()),
    queryFn: () => trpc.media.byId.query({ modelSlug: modelSlug(), id: id() }),
  }));
}

/** `media.similar`: likely near-duplicates (perceptual hash); `ready` is false until the item is processed. */
export function useSimilarMedia(modelSlug: Accessor<string>, id: Accessor<number>) {
  return useQuery(() => ({
    queryKey: mediaKeys.similar(modelSlug(), id()),
    queryFn: () => trpc.media.similar.query({ modelSlug: modelSlug(), id: id() }),
  }));
}

/** `media.retry`: re-queues a failed item (editors and admins); the lists show it as uploaded again at once. */
export function useRetryMedia(modelSlug: Accessor<string>) {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['media', 'retry', { modelSlug: modelSlug() }] as const,
    mutationFn: (id: number) => trpc.media.retry.mutate({ modelSlug: modelSlug(), id }),
    onSuccess: (result) => {
      const cached = findCachedItem(queryClient, modelSlug(), result.id);
      if (cached) {
        upsertMediaInList(queryClient, modelSlug(), {
          ...cached,
          processingStatus: result.processingStatus,
          processingError: null,
        });
      }
    },
    onSettled: (_result, _error, id) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: mediaKeys.byId(modelSlug(), id) }),
        queryClient.invalidateQueries({ queryKey: mediaKeys.similar(modelSlug(), id) }),
      ]),
  }));
}

/** Re-reads one item and puts it where the caches show it (or takes it out of the views it left). */
export async function refreshMediaItem(queryClient: QueryClient, modelSlug: string, id: number) {
  try {
    const detail = await trpc.media.byId.query({ modelSlug, id });
    queryClient.setQueryData(mediaKeys.byId(modelSlug, id), detail);
    upsertMediaInList(queryClient, modelSlug, summaryOf(detail));
    settleEditProgress(modelSlug, id, currentVersionOf(detail));
    void queryClient.invalidateQueries({ queryKey: editKeys.history(modelSlug, id) });
    if (isProcessingFinal(detail.processingStatus)) {
      void queryClient.invalidateQueries({ queryKey: mediaKeys.similar(modelSlug, id) });
    }
  } catch (error) {
    if (errorCode(error) === 'NOT_FOUND') removeMediaFromLists(queryClient, modelSlug, new Set([id]));
  }
}

/** After many items changed at once: every view, count and the categories of the model are read again. */
export function invalidateLibrary(queryClient: QueryClient, modelSlug: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: mediaKeys.lists(modelSlug) }),
    queryClient.invalidateQueries({ queryKey: mediaKeys.facets(modelSlug) }),
    queryClient.invalidateQueries({ queryKey: mediaKeys.counts(modelSlug) }),
    queryClient.invalidateQueries({ queryKey: ['categories', 'list', { modelSlug }] }),
    queryClient.invalidateQueries({ queryKey: ['media', 'publicOrder', { modelSlug }] }),
  ]);
}

/**
 * `media.onChange`: every change the server announces for the model's media is read back with `media.byId`
 * and written into the views and detail caches; many at once refetch the views; bulk jobs report progress.
 * Lives as long as the calling component; returns the connection state (the grid polls while it is not
 * `live`). After a reconnect the views are refetched, since changes may have been missed meanwhile.
 */
export function useLiveMediaChanges(modelSlug: Accessor<string>): Accessor<LiveConnection> {
  const queryClient = useQueryClient();
  // At most once a second while changes stream in (an upload batch), and never starved by them; every model
  // that changed meanwhile is refreshed (the editor may have switched models within that second).
  const facetsToRefresh = new Set<string>();
  const refreshFacetsSoon = coalesce(() => {
    for (const slug of facetsToRefresh) {
      void queryClient.invalidateQueries({ queryKey: mediaKeys.facets(slug) });
      void queryClient.invalidateQueries({ queryKey: ['categories', 'list', { modelSlug: slug }] });
    }
    facetsToRefresh.clear();
  }, FACETS_REFRESH_MS);

  return createLiveSubscription({
    onReconnected: () => void invalidateLibrary(queryClient, modelSlug()),
    open: (handlers, markLive) => {
      const slug = modelSlug();
      return trpc.media.onChange.subscribe(
        { modelSlug: slug },
        {
          ...handlers,
          // The server yields `tracked(id, change)`, which arrives here as `{ id, data }`.
          onData: (event) => {
            markLive();
            const change = event.data;
            if (change.kind === 'edit') {
              const { mediaId, version, percent } = change;
              updateEditProgress(slug, { mediaId, version, percent, state: change.change });
              // Switched in or failed: the item (its thumbnail, its version) and its history are read again.
              if (change.change !== 'rendering') void refreshMediaItem(queryClient, slug, mediaId);
              return;
            }
            if (change.kind === 'nearDuplicates') {
              noteNearDuplicates(slug, change.mediaId, change.items);
              void queryClient.invalidateQueries({ queryKey: mediaKeys.similar(slug) });
              return;
            }
            if (change.kind === 'bulk') {
              updateBulkJob(slug, change);
              if (change.finished) void invalidateLibrary(queryClient, slug);
              return;
            }
            if (change.kind === 'library') {
              void invalidateLibrary(queryClient, slug);
              return;
            }
            if (change.change === 'deleted') {
              removeMediaFromLists(queryClient, slug, new Set([change.mediaId]));
            } else void refreshMediaItem(queryClient, slug, change.mediaId);
            facetsToRefresh.add(slug);
            refreshFacetsSoon();
          },
        },
      );
    },
  });
}

/** The list's fields of a detail (the list cache holds library items only). */
export function summaryOf(detail: MediaDetail): Media {
  const { originalUrl, variants, metadata, ...summary } = detail;
  return summary;
}

/** The loaded pages as one list, each id once (an upload may have put an item in before its page loaded). */
export const mediaItems = (data: { pages: readonly MediaPage[] } | undefined): Media[] => uniqueItems(data);

/** The view a cached list's key describes. */
function viewOfKey(key: readonly unknown[]): ListView | undefined {
  return (key[2] as { view?: ListView } | undefined)?.view;
}

/** The model's item as some cached view holds it. */
export function findCachedItem(queryClient: QueryClient, modelSlug: string, id: number): Media | undefined {
  for (const [, data] of queryClient.getQueriesData<MediaListData>({
    queryKey: mediaKeys.lists(modelSlug),
  })) {
    for (const page of data?.pages ?? []) {
      const found = page.items.find((item) => item.id === id);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Puts an item into every cached view of the model: replaced where it is shown, taken out of the views it no
 * longer matches, inserted into the ones sorted by upload date that it surely matches (an upload shows at once).
 */
export function upsertMediaInList(
  queryClient: QueryClient,
  modelSlug: string,
  summary: MediaSummary | LibraryItem,
): void {
  const item: Media = {
    categoryName: null,
    categoryColor: null,
    tags: [],
    publication: { state: 'not public', reason: 'Still processing' },
    ...summary,
  };
  for (const [key, data] of queryClient.getQueriesData<MediaListData>({
    queryKey: mediaKeys.lists(modelSlug),
  })) {
    const view = viewOfKey(key);
    if (!data || !view) continue;
    const pages = placeItem(data.pages, item, view);
    if (pages !== data.pages) queryClient.setQueryData<MediaListData>(key, { ...data, pages });
  }
}

/** Takes items out of every cached view of the model (deleted for good). */
export function removeMediaFromLists(queryClient: QueryClient, modelSlug: string, gone: ReadonlySet<number>) {
  if (gone.size === 0) return;
  for (const [key, data] of queryClient.getQueriesData<MediaListData>({
    queryKey: mediaKeys.lists(modelSlug),
  })) {
    if (!data) continue;
    const pages = removeItems(data.pages, gone);
    if (pages !== data.pages) queryClient.setQueryData<MediaListData>(key, { ...data, pages });
  }
}

/**
 * Re-reads the listed items whose processing is not final, every few seconds, while there are any and
 * `enabled()` (the fallback while live updates are down). One
 * `media.list` filtered to unfinished items says which are still going; the ones that dropped out of it are
 * read with `media.byId` (batched into one request by the tRPC link) to learn how they ended.
 */
export function useProcessingRefresh(
  modelSlug: Accessor<string>,
  items: Accessor<readonly Media[]>,
  enabled: Accessor<boolean> = () => true,
) {
  const queryClient = useQueryClient();
  let busy = false;

  const refresh = async () => {
    const slug = modelSlug();
    const pending = items().filter((item) => !isProcessingFinal(item.processingStatus));
    if (busy || !enabled() || pending.length === 0 || document.visibilityState === 'hidden') return;
    busy = true;
    try {
      const still = await trpc.media.list.query({ modelSlug: slug, processing: unfinished, limit: 200 });
      const fresh = new Map(still.items.map((item) => [item.id, item]));
      // A full answer only covers ids down to its oldest item; older pending items wait for the next round.
      const oldest = still.items.at(-1)?.id;
      const covered = (id: number) => still.nextCursor === null || (oldest !== undefined && id >= oldest);
      const finished = pending.filter((item) => !fresh.has(item.id) && covered(item.id));
      const gone = new Set<number>();
      const results = await Promise.allSettled(
        finished.map((item) => trpc.media.byId.query({ modelSlug: slug, id: item.id })),
      );
      results.forEach((result, index) => {
        const id = finished[index]?.id;
        if (id === undefined) return;
        if (result.status === 'fulfilled') {
          queryClient.setQueryData(mediaKeys.byId(slug, id), result.value);
          fresh.set(id, summaryOf(result.value));
        } else if (errorCode(result.reason) === 'NOT_FOUND') {
          gone.add(id);
        }
      });
      // Only the items already listed are touched; new ones arrive with uploads or the next list refetch.
      const listed = new Set(items().map((item) => item.id));
      for (const [id, item] of fresh) if (listed.has(id)) upsertMediaInList(queryClient, slug, item);
      removeMediaFromLists(queryClient, slug, gone);
    } catch {
      // A failed round is retried on the next tick; the list's own error state covers a dead api.
    } finally {
      busy = false;
    }
  };

  onMount(() => {
    const timer = setInterval(() => void refresh(), PROCESSING_REFRESH_MS);
    onCleanup(() => clearInterval(timer));
  });
}

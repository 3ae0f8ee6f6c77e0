/**
 * `media.list` and `media.byId`, wrapped once, plus the cache edits uploads and polling make:
 * - uploads put the media they created straight into the list (`upsertMediaInList`), so it shows at once;
 * - `media.onChange` (`useLiveMediaChanges`) re-reads each item the server says changed and puts it in the list;
 * - while that subscription is down, items whose processing is not final are re-read every few seconds
 *   (`useProcessingRefresh`) until they are ready or failed.
 * Keys: `['media', 'list', { modelSlug, trash }]`, `['media', 'byId', { modelSlug, id }]`,
 * `['media', 'similar', { modelSlug, id }]`; `media.retry` invalidates by the `['media']` prefix.
 */
import type { RouterOutputs } from '@phoenix4ge/api/router';
import type { MediaSummary, ProcessingStatus } from '@phoenix4ge/shared';
import type { InfiniteData, QueryClient } from '@tanstack/solid-query';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import type { Accessor } from 'solid-js';
import { onCleanup, onMount } from 'solid-js';
import { errorCode } from '../lib/errors';
import { createLiveSubscription } from '../lib/live-subscription';
import { uniqueItems } from '../lib/pages';
import { trpc } from '../lib/trpc';
import type { LiveConnection } from './system';

export type MediaPage = RouterOutputs['media']['list'];
/** An item of the library list (a MediaSummary). */
export type Media = MediaPage['items'][number];
/** One item with its variants and metadata. */
export type MediaDetail = RouterOutputs['media']['byId'];
export type MediaListData = InfiniteData<MediaPage, number | null>;
export type SimilarMedia = RouterOutputs['media']['similar'];

export const MEDIA_PAGE_SIZE = 60;
/** How often items still being processed are re-read. */
export const PROCESSING_REFRESH_MS = 3_000;
const unfinished: ProcessingStatus[] = ['uploaded', 'processing'];

export const mediaKeys = {
  all: ['media'] as const,
  list: (modelSlug: string, trash = false) => ['media', 'list', { modelSlug, trash }] as const,
  byId: (modelSlug: string, id: number) => ['media', 'byId', { modelSlug, id }] as const,
  similar: (modelSlug: string, id: number) => ['media', 'similar', { modelSlug, id }] as const,
};

export function isProcessingFinal(status: ProcessingStatus): boolean {
  return status === 'ready' || status === 'failed';
}

/** The model's library, newest first, in pages of 60 ("Load more" / infinite scroll). */
export function useMediaList(modelSlug: Accessor<string>) {
  return useInfiniteQuery(() => ({
    queryKey: mediaKeys.list(modelSlug()),
    queryFn: ({ pageParam }) =>
      trpc.media.list.query({
        modelSlug: modelSlug(),
        limit: MEDIA_PAGE_SIZE,
        cursor: pageParam ?? undefined,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
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

/** `media.retry`: re-queues a failed item (editors and admins); the list shows it as uploaded again at once. */
export function useRetryMedia(modelSlug: Accessor<string>) {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['media', 'retry', { modelSlug: modelSlug() }] as const,
    mutationFn: (id: number) => trpc.media.retry.mutate({ modelSlug: modelSlug(), id }),
    onSuccess: (result) => {
      queryClient.setQueryData<MediaListData>(mediaKeys.list(modelSlug()), (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                items: page.items.map((item) =>
                  item.id === result.id
                    ? { ...item, processingStatus: result.processingStatus, processingError: null }
                    : item,
                ),
              })),
            }
          : data,
      );
    },
    onSettled: (_result, _error, id) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: mediaKeys.byId(modelSlug(), id) }),
        queryClient.invalidateQueries({ queryKey: mediaKeys.similar(modelSlug(), id) }),
      ]),
  }));
}

/** Re-reads one item and puts it where the caches show it (or takes it out when it is gone or trashed). */
export async function refreshMediaItem(queryClient: QueryClient, modelSlug: string, id: number) {
  try {
    const detail = await trpc.media.byId.query({ modelSlug, id });
    queryClient.setQueryData(mediaKeys.byId(modelSlug, id), detail);
    if (detail.deletedAt) patchMediaInList(queryClient, modelSlug, new Map(), new Set([id]));
    else upsertMediaInList(queryClient, modelSlug, summaryOf(detail));
    if (isProcessingFinal(detail.processingStatus)) {
      void queryClient.invalidateQueries({ queryKey: mediaKeys.similar(modelSlug, id) });
    }
  } catch (error) {
    if (errorCode(error) === 'NOT_FOUND') patchMediaInList(queryClient, modelSlug, new Map(), new Set([id]));
  }
}

/**
 * `media.onChange`: every change the server announces for the model's media is read back with `media.byId`
 * and written into the list and detail caches. Lives as long as the calling component; returns the
 * connection state (the grid polls while it is not `live`). After a reconnect the list is refetched, since
 * changes may have been missed meanwhile.
 */
export function useLiveMediaChanges(modelSlug: Accessor<string>): Accessor<LiveConnection> {
  const queryClient = useQueryClient();
  return createLiveSubscription({
    onReconnected: () => void queryClient.invalidateQueries({ queryKey: mediaKeys.list(modelSlug()) }),
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
            if (change.kind !== 'item') {
              if (change.kind === 'library')
                void queryClient.invalidateQueries({ queryKey: mediaKeys.list(slug) });
              return;
            }
            if (change.change === 'deleted') {
              patchMediaInList(queryClient, slug, new Map(), new Set([change.mediaId]));
            } else void refreshMediaItem(queryClient, slug, change.mediaId);
          },
        },
      );
    },
  });
}

/** The list's fields of a detail (the list cache holds summaries only). */
function summaryOf(detail: MediaDetail): Media {
  const { originalUrl, variants, metadata, ...summary } = detail;
  return summary;
}

/** The loaded pages as one list, each id once (an upload may have put an item in before its page loaded). */
export const mediaItems = (data: { pages: readonly MediaPage[] } | undefined): Media[] => uniqueItems(data);

/**
 * Puts media into the cached list where its id belongs (the list is ordered by id, newest first), or replaces
 * it when it is there. Media older than everything loaded while more pages remain is left for those pages.
 * Returns whether the list now shows it.
 */
export function upsertMediaInList(
  queryClient: QueryClient,
  modelSlug: string,
  summary: MediaSummary,
): boolean {
  const media: Media = { categoryName: null, categoryColor: null, tags: [], ...summary };
  let shown = false;
  queryClient.setQueryData<MediaListData>(mediaKeys.list(modelSlug), (data) => {
    if (!data) return data;
    const pages = data.pages.map((page) => ({ ...page, items: [...page.items] }));
    for (const page of pages) {
      const at = page.items.findIndex((item) => item.id === media.id);
      if (at >= 0) {
        page.items[at] = media;
        shown = true;
        return { ...data, pages };
      }
    }
    const lastPage = pages.at(-1);
    const hasMore = lastPage ? lastPage.nextCursor !== null : false;
    for (const [index, page] of pages.entries()) {
      const oldest = page.items.at(-1);
      const isLast = index === pages.length - 1;
      if ((oldest && oldest.id < media.id) || (isLast && !hasMore)) {
        const at = page.items.findIndex((item) => item.id < media.id);
        page.items.splice(at < 0 ? page.items.length : at, 0, media);
        shown = true;
        return { ...data, pages };
      }
    }
    // No page loaded yet (an empty list has one empty page, handled above).
    return data;
  });
  return shown;
}

/** Replaces cached items with fresher copies and drops the ones that are gone. */
function patchMediaInList(
  queryClient: QueryClient,
  modelSlug: string,
  fresh: ReadonlyMap<number, Media>,
  gone: ReadonlySet<number>,
) {
  if (fresh.size === 0 && gone.size === 0) return;
  queryClient.setQueryData<MediaListData>(mediaKeys.list(modelSlug), (data) => {
    if (!data) return data;
    return {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        items: page.items.filter((item) => !gone.has(item.id)).map((item) => fresh.get(item.id) ?? item),
      })),
    };
  });
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
          // Trashed meanwhile: no longer part of the library.
          queryClient.setQueryData(mediaKeys.byId(slug, id), result.value);
          if (result.value.deletedAt) gone.add(id);
          else fresh.set(id, summaryOf(result.value));
        } else if (errorCode(result.reason) === 'NOT_FOUND') {
          gone.add(id);
        }
      });
      // Only the items already listed are touched; new ones arrive with uploads or the next list refetch.
      const listed = new Set(items().map((item) => item.id));
      for (const id of fresh.keys()) if (!listed.has(id)) fresh.delete(id);
      patchMediaInList(queryClient, slug, fresh, gone);
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

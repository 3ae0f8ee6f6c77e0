import type { Component } from 'solid-js';
import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show } from 'solid-js';
import { mediaItems, useMediaList, useProcessingRefresh, useRetryMedia } from '../../api/media';
import type { LiveConnection } from '../../api/system';
import { EmptyState } from '../../components/EmptyState';
import { LiveIndicator } from '../../components/LiveIndicator';
import { LoadMore } from '../../components/LoadMore';
import { QueryResult } from '../../components/QueryResult';
import { describeError } from '../../lib/errors';
import { mediaCardId, mediaFocusRequest } from '../../stores/media-focus';
import { showToast } from '../../stores/toasts';
import { MediaCard } from './MediaCard';
import { MediaDetail } from './MediaDetail';

const HIGHLIGHT_MS = 3_000;
/** How many more pages a "show me" request may load looking for an older item. */
const REVEAL_PAGE_LIMIT = 20;

/**
 * The model's media, newest first: pages of 60 loaded as the foot of the grid scrolls into view (or with
 * "Load more"). Live updates (`live`) keep the cards current; while they are down, items still being
 * processed are re-read every few seconds until they are ready or failed. A card opens the detail panel.
 */
export const MediaGrid: Component<{
  modelSlug: string;
  canUpload: boolean;
  live: LiveConnection;
  onChooseFiles: () => void;
}> = (props) => {
  const list = useMediaList(() => props.modelSlug);
  const items = createMemo(() => mediaItems(list.data));
  // Cards are keyed by id, so a fresher copy of an item updates its card instead of replacing it.
  const ids = createMemo(() => items().map((media) => media.id));
  const byId = createMemo(() => new Map(items().map((media) => [media.id, media])));
  useProcessingRefresh(
    () => props.modelSlug,
    items,
    () => props.live !== 'live',
  );
  const retry = useRetryMedia(() => props.modelSlug);
  const onRetry = (id: number) =>
    retry.mutate(id, {
      onError: (error) => showToast(`Could not retry: ${describeError(error)}`, 'danger'),
    });

  // The detail panel: the open item's id; ← and → walk the loaded list.
  const [openId, setOpenId] = createSignal<number>();
  const openIndex = createMemo(() => items().findIndex((media) => media.id === openId()));
  const moveBy = (step: number) => {
    const next = items()[openIndex() + step];
    if (next) setOpenId(next.id);
    // Near the end of what is loaded: fetch the next page so → keeps going.
    if (step > 0 && openIndex() >= items().length - 2) loadMore();
  };

  const loadMore = () => {
    if (list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  };

  // Infinite scroll: the sentinel below the grid loads the next page when it comes near the viewport.
  let sentinel: HTMLDivElement | undefined;
  onMount(() => {
    if (typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) loadMore();
      },
      { rootMargin: '600px 0px' },
    );
    createEffect(() => {
      // Re-observe once the sentinel exists (it renders with the first page).
      observer.disconnect();
      if (list.data && sentinel) observer.observe(sentinel);
    });
    onCleanup(() => observer.disconnect());
  });

  // "Show me this item" from an upload row: scroll to the card, loading older pages while it is not shown.
  const [highlighted, setHighlighted] = createSignal<number>();
  let highlightTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(highlightTimer));
  createEffect(
    on(mediaFocusRequest, (request) => {
      if (!request || request.modelSlug !== props.modelSlug) return;
      void reveal(request.mediaId);
    }),
  );

  async function reveal(mediaId: number) {
    for (let pages = 0; pages <= REVEAL_PAGE_LIMIT; pages += 1) {
      const card = document.getElementById(mediaCardId(mediaId));
      if (card) {
        card.scrollIntoView({ behavior: 'smooth', block: 'center' });
        card.focus({ preventScroll: true });
        setHighlighted(mediaId);
        clearTimeout(highlightTimer);
        highlightTimer = setTimeout(() => setHighlighted(undefined), HIGHLIGHT_MS);
        return;
      }
      if (!list.hasNextPage) break;
      await list.fetchNextPage();
      // Let the new cards render.
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    showToast('That item is not in the library list (it may be in the trash).', 'info');
  }

  return (
    <section aria-labelledby="library-grid-title">
      <div class="d-flex align-items-baseline justify-content-between mb-2">
        <h2 class="h5 mb-0" id="library-grid-title">
          Media
        </h2>
        <div class="d-flex align-items-center gap-2">
          <Show when={list.isFetching && !list.isFetchingNextPage && list.data}>
            <span class="small text-body-secondary" role="status">
              <span class="spinner-border spinner-border-sm me-1" aria-hidden="true" />
              Refreshing…
            </span>
          </Show>
          <LiveIndicator connection={props.live} />
        </div>
      </div>
      <QueryResult
        query={list}
        loading="Loading the library…"
        errorTitle="Could not load the library"
        testId="media-grid"
      >
        {() => (
          <Show
            when={items().length > 0}
            fallback={
              <EmptyState
                title={props.canUpload ? 'No media yet — drop files here to upload' : 'No media yet'}
                hint={
                  props.canUpload
                    ? 'Drop photos or whole folders anywhere on this page, paste an image, or choose files.'
                    : 'Editors of this model upload its photos; they will show here.'
                }
                testId="media-empty"
              >
                <Show when={props.canUpload}>
                  <button
                    type="button"
                    class="btn btn-primary btn-sm mt-3"
                    onClick={() => props.onChooseFiles()}
                  >
                    Choose files
                  </button>
                </Show>
              </EmptyState>
            }
          >
            <div
              class="row row-cols-2 row-cols-sm-3 row-cols-lg-4 row-cols-xl-5 g-3"
              data-testid="media-grid"
              aria-busy={list.isFetchingNextPage}
            >
              <For each={ids()}>
                {(id) => (
                  <Show when={byId().get(id)}>
                    {(media) => (
                      <div class="col">
                        <MediaCard
                          media={media()}
                          highlighted={highlighted() === id}
                          canRetry={props.canUpload}
                          retrying={retry.isPending && retry.variables === id}
                          onOpen={() => setOpenId(id)}
                          onRetry={() => onRetry(id)}
                        />
                      </div>
                    )}
                  </Show>
                )}
              </For>
            </div>
            <LoadMore
              hasMore={list.hasNextPage}
              loading={list.isFetchingNextPage}
              onLoad={loadMore}
              shown={items().length}
            />
            <Show when={list.isFetchNextPageError}>
              <div class="alert alert-warning py-2 mt-2 small" role="alert">
                Could not load more media.{' '}
                <button type="button" class="btn btn-link btn-sm p-0 align-baseline" onClick={loadMore}>
                  Try again
                </button>
              </div>
            </Show>
          </Show>
        )}
      </QueryResult>
      <div ref={sentinel} aria-hidden="true" />
      <Show when={openId()}>
        {(id) => (
          <MediaDetail
            modelSlug={props.modelSlug}
            mediaId={id()}
            summary={items()[openIndex()]}
            hasPrevious={openIndex() > 0}
            hasNext={openIndex() >= 0 && (openIndex() < items().length - 1 || Boolean(list.hasNextPage))}
            onPrevious={() => moveBy(-1)}
            onNext={() => moveBy(1)}
            onSelect={setOpenId}
            onClose={() => setOpenId(undefined)}
          />
        )}
      </Show>
    </section>
  );
};

import { createWindowVirtualizer, defaultRangeExtractor } from '@tanstack/solid-virtual';
import type { Component } from 'solid-js';
import {
  createEffect,
  createMemo,
  createSignal,
  For,
  Match,
  on,
  onCleanup,
  onMount,
  Show,
  Switch,
} from 'solid-js';
import { useProcessingRefresh, useRetryMedia } from '../../api/media';
import type { LiveConnection } from '../../api/system';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingSpinner } from '../../components/LoadingSpinner';
import { LoadMore } from '../../components/LoadMore';
import { describeError, isUnreachable } from '../../lib/errors';
import { isTypingTarget } from '../../lib/file-drop';
import { editProgressOf } from '../../stores/edit-progress';
import { mediaCardId, mediaFocusRequest } from '../../stores/media-focus';
import { showToast } from '../../stores/toasts';
import { EmptyView } from './LibraryEmpty';
import type { Library, ThumbSize } from './library.controller';
import { activeFilterCount } from './library-url';
import { MediaCard } from './MediaCard';
import { isEmpty, isSelected } from './selection';

/** Space between cards, in px (Bootstrap's `g-3`). */
const GAP = 16;
/** The narrowest a card may get for each size; the columns are as many as fit. */
const MIN_TILE: Record<ThumbSize, number> = { s: 128, m: 184, l: 272 };
/** The card's text below the square image: two lines for small cards, three otherwise, plus borders. */
const BODY_HEIGHT: Record<ThumbSize, number> = { s: 48 + 3, m: 68 + 3, l: 68 + 3 };
/** Rows rendered beyond the screen, above and below. */
const OVERSCAN_ROWS = 2;
/** Start loading the next page this many rows before the end of what is loaded. */
const LOAD_AHEAD_ROWS = 6;
const HIGHLIGHT_MS = 3_000;
/** How many more pages a "show me" request may load looking for an older item. */
const REVEAL_PAGE_LIMIT = 20;

/**
 * The view's items as a grid virtualised by rows (TanStack Virtual on the window's scroll): only the rows near
 * the screen are in the DOM, so ten thousand items scroll like ten. Pages load ahead of the scroll. Keyboard:
 * arrows move between cards, Space ticks the focused one, Enter opens it, E opens it in the photo editor.
 */
export const LibraryGrid: Component<{
  library: Library;
  live: LiveConnection;
  /** Top of the screen covered by the sticky toolbar, in px (scrolling to a card keeps it below). */
  coveredTop: number;
  onOpen: (id: number) => void;
  /** Opens the photo editor (E on a card, or its button). */
  onEdit: (id: number) => void;
  onChooseFiles: () => void;
}> = (props) => {
  const lib = () => props.library;
  const size = () => lib().thumbSize.get();
  useProcessingRefresh(
    () => lib().slug(),
    () => lib().items(),
    () => props.live !== 'live',
  );
  const retry = useRetryMedia(() => lib().slug());
  const onRetry = (id: number) =>
    retry.mutate(id, {
      onError: (error) => showToast(`Could not retry: ${describeError(error)}`, 'danger'),
    });

  // ---- Geometry: columns from the width, rows of fixed height ----
  let container: HTMLDivElement | undefined;
  const [width, setWidth] = createSignal(0);
  const [scrollMargin, setScrollMargin] = createSignal(0);
  const columns = createMemo(() => Math.max(1, Math.floor((width() + GAP) / (MIN_TILE[size()] + GAP))));
  const rowHeight = createMemo(() => {
    const tile = (width() - GAP * (columns() - 1)) / columns();
    return Math.round(tile + BODY_HEIGHT[size()]) + GAP;
  });
  // No rows until the width is known: rows counted for one column would look like the end of what is loaded.
  const rowCount = () => (width() > 0 ? Math.ceil(lib().items().length / columns()) : 0);
  const measureGeometry = () => {
    if (!container) return;
    setWidth(container.clientWidth);
    const top = Math.round(container.getBoundingClientRect().top + window.scrollY);
    if (top !== scrollMargin()) setScrollMargin(top);
  };

  // The row of the card that has the keyboard stays rendered when it scrolls away (its focus would be lost).
  const [focusedRow, setFocusedRow] = createSignal<number>();
  const virtualizer = createWindowVirtualizer({
    get count() {
      return rowCount();
    },
    rangeExtractor: (range) => {
      const rows = defaultRangeExtractor(range);
      const kept = focusedRow();
      if (kept === undefined || kept >= range.count || rows.includes(kept)) return rows;
      return [...rows, kept].sort((a, b) => a - b);
    },
    estimateSize: () => rowHeight(),
    overscan: OVERSCAN_ROWS,
    get scrollMargin() {
      return scrollMargin();
    },
    get scrollPaddingStart() {
      return props.coveredTop + 8;
    },
    scrollPaddingEnd: 96,
  });
  createEffect(on(rowHeight, () => virtualizer.measure(), { defer: true }));

  // The grid's width, and where it starts on the page (what is above it grows and shrinks: uploads, filters).
  let observer: ResizeObserver | undefined;
  onMount(() => {
    observer = new ResizeObserver(measureGeometry);
    observer.observe(document.body);
    if (container) observer.observe(container);
    measureGeometry();
  });
  onCleanup(() => observer?.disconnect());
  /** The grid element comes and goes with the empty state. */
  const attach = (element: HTMLDivElement) => {
    if (container) observer?.unobserve(container);
    container = element;
    observer?.observe(element);
    queueMicrotask(measureGeometry);
  };

  const rowIds = (row: number) =>
    lib()
      .order()
      .slice(row * columns(), (row + 1) * columns());

  // Load ahead: the next page starts once the rendered rows come near the end of what is loaded.
  createEffect(() => {
    const last = virtualizer.getVirtualItems().at(-1);
    if (last && last.index >= rowCount() - LOAD_AHEAD_ROWS) lib().loadMore();
  });

  // ---- Keyboard ----
  const [highlighted, setHighlighted] = createSignal<number>();

  /** Scrolls item `index` into view and focuses its card once it is rendered. */
  async function focusIndex(index: number, highlight = false) {
    const id = lib().order()[index];
    if (id === undefined) return false;
    virtualizer.scrollToIndex(Math.floor(index / columns()), { align: highlight ? 'center' : 'auto' });
    for (let frame = 0; frame < 30; frame += 1) {
      const card = document.getElementById(mediaCardId(id));
      if (card) {
        card.focus({ preventScroll: !highlight });
        if (highlight) {
          card.scrollIntoView({ block: 'center' });
          setHighlighted(id);
          clearTimeout(highlightTimer);
          highlightTimer = setTimeout(() => setHighlighted(undefined), HIGHLIGHT_MS);
        }
        return true;
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    return false;
  }

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (isTypingTarget(target) || event.altKey || event.ctrlKey || event.metaKey) return;
    const card = target.closest<HTMLElement>('[data-testid="media-card"]');
    if (!card) return;
    const id = Number(card.dataset.mediaId);
    const index = lib().order().indexOf(id);
    if (index < 0) return;
    const step: Record<string, number> = {
      ArrowLeft: -1,
      ArrowRight: 1,
      ArrowUp: -columns(),
      ArrowDown: columns(),
      Home: -index,
      End: lib().items().length - 1 - index,
    };
    if (event.key in step) {
      event.preventDefault();
      const next = Math.max(0, Math.min(lib().items().length - 1, index + (step[event.key] ?? 0)));
      if (next >= lib().items().length - columns() * LOAD_AHEAD_ROWS) lib().loadMore();
      if (event.shiftKey && next !== index) lib().pick(lib().order()[next] ?? id, event);
      void focusIndex(next);
    } else if (event.key === ' ') {
      event.preventDefault();
      lib().pick(id, event);
    } else if (
      (event.key === 'e' || event.key === 'E') &&
      !event.shiftKey &&
      lib().canEdit() &&
      !lib().view().trash
    ) {
      event.preventDefault();
      props.onEdit(id);
    }
  };

  // "Show me this item" from an upload row: scroll to the card, loading older pages while it is not loaded.
  let highlightTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(highlightTimer));
  createEffect(
    on(mediaFocusRequest, (request) => {
      if (!request || request.modelSlug !== lib().slug()) return;
      void reveal(request.mediaId);
    }),
  );
  async function reveal(mediaId: number) {
    for (let pages = 0; pages <= REVEAL_PAGE_LIMIT; pages += 1) {
      const index = lib().order().indexOf(mediaId);
      if (index >= 0) {
        await focusIndex(index, true);
        return;
      }
      if (!lib().list.hasNextPage) break;
      await lib().list.fetchNextPage();
    }
    showToast('That item is not in this view (it may be filtered out or in the trash).', 'info');
  }

  const filtered = () => activeFilterCount(lib().view()) > 0 || lib().view().q.trim() !== '';

  return (
    <section aria-label={lib().view().trash ? 'Items in the trash' : 'Library items'}>
      {/* Its own states, not QueryResult's: reading a view's data before it arrives would suspend the whole page. */}
      <Switch
        fallback={
          <LoadingSpinner label={lib().view().trash ? 'Loading the trash…' : 'Loading the library…'} />
        }
      >
        <Match when={lib().list.isError && !lib().list.isSuccess}>
          <ErrorAlert
            title={
              isUnreachable(lib().list.error)
                ? 'The api is unreachable'
                : lib().view().trash
                  ? 'Could not load the trash'
                  : 'Could not load the library'
            }
            message={describeError(lib().list.error)}
            testId="media-grid-error"
          >
            <button
              type="button"
              class="btn btn-outline-danger btn-sm"
              disabled={lib().list.isFetching}
              onClick={() => void lib().list.refetch()}
            >
              Try again
            </button>
          </ErrorAlert>
        </Match>
        <Match when={lib().list.isSuccess}>
          <Show
            when={lib().items().length > 0}
            fallback={<EmptyView library={lib()} filtered={filtered()} onChooseFiles={props.onChooseFiles} />}
          >
            {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move between the cards inside */}
            <div
              ref={attach}
              class="library-grid position-relative"
              classList={{
                'is-selecting': !isEmpty(lib().selection()),
                'opacity-50': lib().list.isPlaceholderData,
              }}
              style={{ height: `${virtualizer.getTotalSize()}px` }}
              data-testid="media-grid"
              data-columns={columns()}
              data-total={lib().items().length}
              aria-busy={lib().list.isFetchingNextPage}
              onKeyDown={onKeyDown}
              onFocusIn={(event) => {
                const card = (event.target as HTMLElement).closest<HTMLElement>('[data-testid="media-card"]');
                const index = card ? lib().order().indexOf(Number(card.dataset.mediaId)) : -1;
                setFocusedRow(index >= 0 ? Math.floor(index / columns()) : undefined);
              }}
              onFocusOut={(event) => {
                if (!event.currentTarget.contains(event.relatedTarget as Node | null))
                  setFocusedRow(undefined);
              }}
            >
              <For each={virtualizer.getVirtualItems()}>
                {(row) => (
                  <div
                    class="position-absolute top-0 start-0 w-100 d-grid"
                    style={{
                      height: `${rowHeight() - GAP}px`,
                      transform: `translateY(${row.start - scrollMargin()}px)`,
                      'grid-template-columns': `repeat(${columns()}, minmax(0, 1fr))`,
                      gap: `${GAP}px`,
                    }}
                    data-row={row.index}
                  >
                    <For each={rowIds(row.index)}>
                      {(id) => (
                        <Show when={lib().byId().get(id)}>
                          {(media) => (
                            <MediaCard
                              media={media()}
                              size={size()}
                              selected={isSelected(lib().selection(), id)}
                              selecting={!isEmpty(lib().selection())}
                              highlighted={highlighted() === id}
                              canRetry={lib().canEdit()}
                              canEdit={lib().canEdit() && !lib().view().trash}
                              editProgress={editProgressOf(lib().slug(), id)}
                              canDrag={lib().canEdit() && !lib().view().trash}
                              retrying={retry.isPending && retry.variables === id}
                              onOpen={() => props.onOpen(id)}
                              onPick={(gesture) => lib().pick(id, gesture)}
                              onRetry={() => onRetry(id)}
                              onEdit={() => props.onEdit(id)}
                              onDragStart={() => lib().startDrag(id)}
                              onDragEnd={() => lib().endDrag()}
                            />
                          )}
                        </Show>
                      )}
                    </For>
                  </div>
                )}
              </For>
            </div>
            <LoadMore
              hasMore={lib().list.hasNextPage}
              loading={lib().list.isFetchingNextPage}
              onLoad={() => lib().loadMore()}
              shown={lib().items().length}
            />
            <Show when={lib().list.isFetchNextPageError}>
              <div class="alert alert-warning py-2 mt-2 small" role="alert">
                Could not load more items.{' '}
                <button
                  type="button"
                  class="btn btn-link btn-sm p-0 align-baseline"
                  onClick={() => void lib().list.fetchNextPage()}
                >
                  Try again
                </button>
              </div>
            </Show>
          </Show>
        </Match>
      </Switch>
    </section>
  );
};

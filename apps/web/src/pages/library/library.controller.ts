/**
 * The library page's state and actions, apart from how they look: the view (read from and written to the URL),
 * the pages of that view, its facet counts, the selection, bulk actions with their counts, and the item dragged
 * onto a category. The components under pages/library render it; nothing here touches the DOM.
 */
import type { BulkAction } from '@phoenix4ge/shared';
import { useSearchParams } from '@solidjs/router';
import type { Accessor } from 'solid-js';
import { createEffect, createMemo, createSignal, on } from 'solid-js';
import { unwrap } from 'solid-js/store';
import type { BulkResult, SelectionInput } from '../../api/library';
import { useBulkAction, useCategories, useFacets, useSelectionCount } from '../../api/library';
import type { ListView, Media } from '../../api/media';
import { mediaItems, useMediaList } from '../../api/media';
import type { ModelRole } from '../../api/models';
import { describeError } from '../../lib/errors';
import { latest } from '../../lib/query-client';
import { showToast } from '../../stores/toasts';
import type { LibraryView, ViewParams } from './library-url';
import { parseView, sameFilter, viewFilter, viewParams } from './library-url';
import type { Selection } from './selection';
import {
  emptySelection,
  isEmpty,
  isOverLimit,
  MAX_PICKED,
  only,
  selectAllMatching,
  selectedCount,
  selectionRequest,
  selectRange,
  toggle,
} from './selection';

export type ThumbSize = 's' | 'm' | 'l';
/** Bulk actions that ask first: trash everything matching, delete for good, empty the trash. */
export type ConfirmKind = 'trash' | 'delete' | 'empty';
const THUMB_SIZE_KEY = 'p4g-library-thumb-size';

function storedThumbSize(): ThumbSize {
  try {
    const value = localStorage.getItem(THUMB_SIZE_KEY);
    return value === 's' || value === 'l' ? value : 'm';
  } catch {
    return 'm';
  }
}

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString()} ${count === 1 ? one : many}`;

export const itemsWord = (count: number) => plural(count, 'item');

/** How a click on a card was made. */
export interface PickGesture {
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

export function createLibrary(options: {
  modelSlug: Accessor<string>;
  role: Accessor<ModelRole | undefined>;
}) {
  const slug = options.modelSlug;
  const canEdit = () => options.role() === 'admin' || options.role() === 'editor';
  const isAdmin = () => options.role() === 'admin';

  // ---- The view, in the URL ----
  const [params, setParams] = useSearchParams();
  const urlView = stableMemo<LibraryView>(() =>
    parseView(
      Object.fromEntries(
        Object.entries(params).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]),
      ) as ViewParams,
    ),
  );
  // Followed by an effect, not read directly: the router changes the URL inside a transition, and the grid's
  // rows (a store the virtualiser keeps outside it) must not see the new items before the transition ends.
  const [view, setViewSignal] = createSignal<LibraryView>(urlView());
  createEffect(() => setViewSignal(urlView()));
  const listView = stableMemo<ListView>(() => ({
    filter: viewFilter(view()),
    sort: view().sort,
    direction: view().direction,
  }));
  const filter = () => listView().filter;

  /** A new view: a history entry of its own (Back returns to this one), or in its place (`replace`). */
  function setView(patch: Partial<LibraryView>, replace = false) {
    setParams(viewParams({ ...view(), ...patch }), { replace, scroll: false });
  }

  // ---- Pages, counts, categories ----
  const list = useMediaList(slug, listView);
  // Raw objects, not the query store's proxies: walking ten thousand items through proxies on every page would
  // subscribe to each of their fields. Every answer is a new `data`, so this still follows each change.
  const items = createMemo(() => mediaItems(unwrap(latest(list))));
  const order = createMemo(() => items().map((item) => item.id));
  const byId = createMemo(() => new Map(items().map((item) => [item.id, item])));
  const facets = useFacets(slug, filter);
  const categories = useCategories(slug);
  // Read without suspending the page: each part shows its own loading state.
  const facetsData = () => latest(facets);
  const categoriesData = () => latest(categories);
  const matching = () => facetsData()?.total;

  function loadMore() {
    // The last view's pages, shown while this one loads, are not this view's to continue.
    if (list.isPlaceholderData) return;
    if (list.hasNextPage && !list.isFetchingNextPage && !list.isFetchNextPageError) void list.fetchNextPage();
  }

  // ---- Selection ----
  const [selection, setSelection] = createSignal<Selection>(emptySelection);
  // Another filter means other items: what was selected is no longer in view.
  createEffect(on(filter, () => setSelection(emptySelection), { defer: true }));

  const request = createMemo<SelectionInput | undefined>(() =>
    isEmpty(selection()) || isOverLimit(selection())
      ? undefined
      : (selectionRequest(selection(), filter()) as SelectionInput),
  );
  const count = useSelectionCount(slug, request);
  /** How many items an action on the selection touches: the api's count, or the local one until it answers. */
  const selected = () => latest(count) ?? selectedCount(selection(), matching());

  /** A click on a card: Shift extends from the anchor, Ctrl/Cmd toggles, a plain click toggles while picking. */
  function pick(id: number, gesture: PickGesture) {
    const current = selection();
    if (gesture.shiftKey) setSelection(selectRange(current, order(), id));
    else setSelection(toggle(current, id));
    if (isOverLimit(selection())) {
      showToast(
        `Up to ${MAX_PICKED.toLocaleString()} items can be picked one by one; use "Select all matching" for more.`,
        'info',
      );
    }
  }

  // ---- Bulk actions ----
  const bulk = useBulkAction(slug);

  /**
   * Runs an action on the selection (or on `target`); says what happened in a toast, or shows the queued job's
   * progress. Resolves with the answer, or undefined when it failed (the toast says why).
   */
  async function runBulk(
    action: BulkAction,
    label: string,
    target: SelectionInput | undefined = request(),
    options: { quiet?: boolean } = {},
  ): Promise<BulkResult | undefined> {
    if (!target) return undefined;
    try {
      const result = await bulk.mutateAsync({ selection: target, action, label });
      if (target === request()) setSelection(emptySelection);
      if (result.status === 'done' && !options.quiet) showToast(`${label}: ${itemsWord(result.count)}.`);
      else showToast(`${label}: ${itemsWord(result.count)} — running in the background.`, 'info');
      return result;
    } catch (error) {
      showToast(`${label} failed: ${describeError(error)}`, 'danger');
      return undefined;
    }
  }

  /** To the trash; for picked ids, the toast offers to restore them. */
  async function trashSelection() {
    const target = request();
    if (!target) return;
    const result = await runBulk({ type: 'trash' }, 'Moved to the trash', target, { quiet: true });
    if (result?.status !== 'done') return;
    if ('ids' in target) {
      showToast(`${itemsWord(result.count)} moved to the trash.`, 'success', {
        label: 'Undo',
        run: () => void runBulk({ type: 'restore' }, 'Restored', target),
      });
    }
  }

  /** A bulk action waiting for the user's yes (the dialog is the bulk bar's). */
  const [confirming, setConfirming] = createSignal<ConfirmKind>();

  /** `Delete` or the trash button: picked items go at once (with Undo); "all matching" asks first. */
  function requestTrash() {
    if (!canEdit() || view().trash || !request()) return;
    if (selection().kind === 'ids') void trashSelection();
    else setConfirming('trash');
  }

  // ---- Dragging cards onto a category ----
  /** What a card drag carries: the selection when the card is in it, else the card alone. */
  const [dragged, setDragged] = createSignal<SelectionInput>();
  function startDrag(id: number) {
    const current = selection();
    const inSelection = current.kind === 'all' ? !current.except.has(id) : current.ids.has(id);
    setDragged(inSelection && request() ? request() : { ids: [id] });
  }
  function dropOnCategory(categoryId: number | null, name: string) {
    const target = dragged();
    setDragged(undefined);
    if (!target || !canEdit()) return;
    void runBulk({ type: 'move', categoryId }, `Moved to ${name}`, target);
  }

  return {
    slug,
    canEdit,
    isAdmin,
    view,
    listView,
    filter,
    setView,
    /** Filters changed to something else than what the list shows (the sort may differ). */
    isSameFilter: (other: LibraryView) => sameFilter(view(), other),
    list,
    items,
    order,
    byId,
    loadMore,
    facets,
    facetsData,
    categories,
    categoriesData,
    matching,
    selection,
    setSelection,
    selectAll: () => setSelection(selectAllMatching()),
    selectOnly: (id: number) => setSelection(only(id)),
    clearSelection: () => setSelection(emptySelection),
    toggle: (id: number) => setSelection(toggle(selection(), id)),
    pick,
    request,
    selected,
    bulk,
    runBulk,
    trashSelection,
    requestTrash,
    confirming,
    askConfirm: (kind: ConfirmKind | undefined) => setConfirming(kind),
    dragged,
    startDrag,
    endDrag: () => setDragged(undefined),
    dropOnCategory,
    thumbSize: createThumbSize(),
  };
}

/** A memo that keeps its previous value while the new one is equal in content (no refetch, no reset). */
function stableMemo<T>(compute: () => T): Accessor<T> {
  return createMemo<T | undefined>((previous) => {
    const next = compute();
    return previous !== undefined && JSON.stringify(previous) === JSON.stringify(next) ? previous : next;
  }) as Accessor<T>;
}

function createThumbSize() {
  const [size, setSize] = createSignal<ThumbSize>(storedThumbSize());
  return {
    get: size,
    set(next: ThumbSize) {
      setSize(next);
      try {
        localStorage.setItem(THUMB_SIZE_KEY, next);
      } catch {
        // No storage: the size lasts for this page.
      }
    },
  };
}

export type Library = ReturnType<typeof createLibrary>;
export type { Media };

import type { PublicItem } from '@phoenix4ge/shared';
import { pictureOf, placeholderFrame } from './picture';
import type { PublicApi } from './public-api';
import type { ViewTracker } from './view-tracker';

/**
 * The grid of one category (or all): pages read with the API's cursor, appended as the visitor scrolls near the
 * end (or presses "Load more"). Each tile is a button that opens the lightbox.
 */
export function createGallery(options: {
  api: PublicApi;
  grid: HTMLElement;
  more: HTMLButtonElement;
  status: HTMLElement;
  views: ViewTracker;
  open(index: number): void;
}) {
  const { api, grid, more, status, views } = options;
  let items: PublicItem[] = [];
  let category: number | undefined;
  let cursor: string | null = null;
  let hasMore = false;
  let loading: Promise<void> | undefined;
  /** Bumped when the category changes: an answer for the previous one is dropped. */
  let generation = 0;

  function tileOf(item: PublicItem, index: number): HTMLLIElement {
    const tile = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'tile';
    button.dataset.mediaId = String(item.id);
    button.dataset.testid = 'portfolio-item';
    button.setAttribute('aria-label', item.alt || item.caption || `Photo ${index + 1}`);
    button.append(pictureOf(item, { sizes: item.sizes, lazy: true }));
    placeholderFrame(button, item, () => views.observe(button));
    button.addEventListener('click', () => options.open(index));
    tile.append(button);
    return tile;
  }

  async function loadPage(): Promise<void> {
    const asked = generation;
    more.disabled = true;
    status.textContent = items.length === 0 ? 'Loading…' : '';
    try {
      const page = await api.gallery(category, cursor);
      if (asked !== generation) return;
      const start = items.length;
      items = items.concat(page.items);
      grid.append(...page.items.map((item, offset) => tileOf(item, start + offset)));
      cursor = page.nextCursor;
      hasMore = cursor !== null;
      status.textContent = items.length === 0 ? 'No photos here yet.' : '';
    } catch (error) {
      if (asked !== generation) return;
      status.textContent = 'The photos could not be loaded. Please try again.';
      console.error(error);
    } finally {
      if (asked === generation) {
        more.hidden = !hasMore;
        more.disabled = false;
        // Observing again reports at once whether the button is still near the screen (a short page).
        nearEnd.unobserve(more);
        nearEnd.observe(more);
      }
    }
  }

  function load(): Promise<void> {
    const promise = loadPage().finally(() => {
      if (loading === promise) loading = undefined;
    });
    loading = promise;
    return promise;
  }

  function loadMore(): Promise<void> {
    if (loading) return loading;
    return hasMore ? load() : Promise.resolve();
  }

  // Infinite scroll: the next page is read while the "Load more" button is still a screen away.
  const nearEnd = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void loadMore();
    },
    { rootMargin: '0px 0px 100% 0px' },
  );
  more.addEventListener('click', () => void loadMore());

  return {
    /** Replaces the grid with the first page of `next` (a category id, or undefined for all). */
    show(next: number | undefined): Promise<void> {
      generation += 1;
      category = next;
      items = [];
      cursor = null;
      hasMore = false;
      views.reset();
      grid.replaceChildren();
      more.hidden = true;
      return load();
    },
    loadMore,
    items: (): readonly PublicItem[] => items,
    hasMore: () => hasMore,
    tile: (item: PublicItem) =>
      grid.querySelector<HTMLElement>(`.tile[data-media-id="${item.id}"]`) ?? undefined,
  };
}

export type Gallery = ReturnType<typeof createGallery>;

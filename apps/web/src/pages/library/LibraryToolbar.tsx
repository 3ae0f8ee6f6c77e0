import type { MediaSortField } from '@phoenix4ge/shared';
import { mediaSortFields } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js';
import type { LiveConnection } from '../../api/system';
import { Dropdown } from '../../components/Dropdown';
import { LiveIndicator } from '../../components/LiveIndicator';
import { FilterPanel } from './FilterPanel';
import type { Library, ThumbSize } from './library.controller';
import { itemsWord } from './library.controller';
import { activeFilterCount } from './library-url';
import { PublicOrderDialog } from './PublicOrderDialog';

/** Typing pauses this long before the search runs. */
export const SEARCH_DEBOUNCE_MS = 300;

export const sortLabels: Record<MediaSortField, string> = {
  uploadDate: 'Upload date',
  takenAt: 'Date taken',
  filename: 'File name',
  bytes: 'File size',
  width: 'Width',
};

/** What ascending and descending mean for each sort, in words. */
const directionLabels: Record<MediaSortField, { asc: string; desc: string }> = {
  uploadDate: { desc: 'Newest first', asc: 'Oldest first' },
  takenAt: { desc: 'Newest first', asc: 'Oldest first' },
  filename: { asc: 'A → Z', desc: 'Z → A' },
  bytes: { desc: 'Largest first', asc: 'Smallest first' },
  width: { desc: 'Widest first', asc: 'Narrowest first' },
};

const sizes: { value: ThumbSize; label: string; title: string }[] = [
  { value: 's', label: 'S', title: 'Small thumbnails' },
  { value: 'm', label: 'M', title: 'Medium thumbnails' },
  { value: 'l', label: 'L', title: 'Large thumbnails' },
];

/**
 * The bar above the grid, sticky while it scrolls: search (debounced; `/` focuses it), filters, sort, thumbnail
 * size, how many items match, and live status. Every change is a new URL, so Back returns to the last view; the
 * words typed in one go make one history entry.
 */
export const LibraryToolbar: Component<{
  library: Library;
  live: LiveConnection;
  registerSearch: (input: HTMLInputElement) => void;
  onBrowse: () => void;
}> = (props) => {
  const lib = () => props.library;
  const [text, setText] = createSignal(lib().view().q);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // One history entry per search session: the first commit since the box got focus pushes, later ones replace.
  let pushedThisSession = false;
  onCleanup(() => clearTimeout(timer));

  const commit = () => {
    clearTimeout(timer);
    const q = text().trim();
    if (q === lib().view().q) return;
    lib().setView({ q }, pushedThisSession);
    pushedThisSession = true;
  };
  // Back/Forward (or a link) changed the search: the box shows it.
  createEffect(
    on(
      () => lib().view().q,
      (q) => {
        if (q !== text().trim()) setText(q);
      },
    ),
  );

  /** The one category the library is filtered to (not the trash): its public order can be arranged. */
  const orderedCategory = () => {
    const { category, trash } = lib().view();
    if (trash || typeof category !== 'number') return undefined;
    return lib()
      .categoriesData()
      ?.find((candidate) => candidate.id === category);
  };
  const [ordering, setOrdering] = createSignal(false);

  const sortLabel = () => sortLabels[lib().view().sort];
  const directionLabel = () => directionLabels[lib().view().sort][lib().view().direction];
  const filterCount = () => activeFilterCount(lib().view());

  return (
    <div class="library-toolbar bg-body-tertiary border-bottom py-2 mb-3" data-testid="library-toolbar">
      <div class="d-flex flex-wrap align-items-center gap-2">
        <button
          type="button"
          class="btn btn-outline-secondary btn-sm d-lg-none"
          onClick={() => props.onBrowse()}
          data-testid="library-browse"
        >
          Browse
        </button>
        {/* biome-ignore lint/a11y/useSemanticElements: <search> is not in Solid's JSX types yet */}
        <form
          role="search"
          class="flex-grow-1"
          style={{ 'min-width': '12rem', 'max-width': '32rem' }}
          onSubmit={(event) => {
            event.preventDefault();
            commit();
          }}
        >
          <label class="visually-hidden" for="library-search">
            Search
          </label>
          <div class="input-group input-group-sm">
            <span class="input-group-text bg-body text-body-secondary" aria-hidden="true">
              <svg
                width="14"
                height="14"
                viewBox="0 0 16 16"
                fill="none"
                stroke="currentColor"
                stroke-width="1.8"
                aria-hidden="true"
              >
                <circle cx="6.75" cy="6.75" r="5" />
                <path d="M10.5 10.5 14.5 14.5" stroke-linecap="round" />
              </svg>
            </span>
            <input
              ref={(input) => props.registerSearch(input)}
              id="library-search"
              type="search"
              class="form-control"
              placeholder={lib().view().trash ? 'Search the trash' : 'Search names, alt text, captions, tags'}
              autocomplete="off"
              maxLength={200}
              value={text()}
              onFocus={() => {
                pushedThisSession = false;
              }}
              onInput={(event) => {
                setText(event.currentTarget.value);
                clearTimeout(timer);
                timer = setTimeout(commit, SEARCH_DEBOUNCE_MS);
              }}
              onKeyDown={(event) => {
                if (event.key === 'Escape') {
                  event.preventDefault();
                  event.currentTarget.blur();
                }
              }}
              data-testid="library-search"
            />
            <span
              class="input-group-text bg-body d-none d-md-inline small text-body-secondary"
              title="Press / to search"
            >
              <kbd class="small">/</kbd>
            </span>
          </div>
        </form>

        <Dropdown
          label={
            <>
              Filters
              <Show when={filterCount() > 0}>
                <span class="badge text-bg-primary ms-1" data-testid="filter-count">
                  {filterCount()}
                </span>
              </Show>
            </>
          }
          toggleClass="btn btn-outline-secondary btn-sm"
          menuClass="p-3 dropdown-menu-lg-end library-filter-menu"
          testId="filter-menu"
        >
          <li>
            <FilterPanel library={lib()} />
          </li>
        </Dropdown>

        <Dropdown
          label={
            <>
              <span class="text-body-secondary d-none d-sm-inline">Sort: </span>
              {sortLabel()} · {directionLabel()}
            </>
          }
          toggleClass="btn btn-outline-secondary btn-sm"
          testId="sort-menu"
        >
          <li>
            <h6 class="dropdown-header">Sort by</h6>
          </li>
          <For each={mediaSortFields}>
            {(field) => (
              <li>
                <button
                  type="button"
                  class="dropdown-item"
                  classList={{ active: lib().view().sort === field }}
                  aria-pressed={lib().view().sort === field}
                  onClick={() =>
                    lib().setView({ sort: field, direction: field === 'filename' ? 'asc' : 'desc' })
                  }
                  data-testid={`sort-${field}`}
                >
                  {sortLabels[field]}
                </button>
              </li>
            )}
          </For>
          <li>
            <hr class="dropdown-divider" />
          </li>
          <For each={['desc', 'asc'] as const}>
            {(direction) => (
              <li>
                <button
                  type="button"
                  class="dropdown-item"
                  classList={{ active: lib().view().direction === direction }}
                  aria-pressed={lib().view().direction === direction}
                  onClick={() => lib().setView({ direction })}
                  data-testid={`sort-direction-${direction}`}
                >
                  {directionLabels[lib().view().sort][direction]}
                </button>
              </li>
            )}
          </For>
        </Dropdown>

        <fieldset class="btn-group btn-group-sm" aria-label="Thumbnail size">
          <For each={sizes}>
            {(size) => (
              <button
                type="button"
                class="btn btn-outline-secondary"
                classList={{ active: lib().thumbSize.get() === size.value }}
                aria-pressed={lib().thumbSize.get() === size.value}
                title={size.title}
                onClick={() => lib().thumbSize.set(size.value)}
                data-testid={`thumb-size-${size.value}`}
              >
                {size.label}
              </button>
            )}
          </For>
        </fieldset>

        <Show when={orderedCategory()}>
          <button
            type="button"
            class="btn btn-outline-secondary btn-sm"
            onClick={() => setOrdering(true)}
            title="Arrange this category's order on the public site"
            data-testid="public-order-open"
          >
            Public order
          </button>
        </Show>
        <Show when={ordering() && orderedCategory()}>
          {(category) => (
            <PublicOrderDialog
              modelSlug={lib().slug()}
              categoryId={category().id}
              categoryName={category().name}
              canEdit={lib().canEdit()}
              onClose={() => setOrdering(false)}
            />
          )}
        </Show>

        <div class="ms-auto d-flex align-items-center gap-2 small text-body-secondary">
          <span data-testid="matching-count" aria-live="polite">
            <Show
              when={lib().matching() !== undefined}
              fallback={<span class="placeholder col-6 rounded" style={{ width: '4rem' }} />}
            >
              {itemsWord(lib().matching() ?? 0)}
            </Show>
          </span>
          <Show when={lib().list.isFetching && !lib().list.isFetchingNextPage && lib().list.isSuccess}>
            <span class="spinner-border spinner-border-sm" role="status">
              <span class="visually-hidden">Refreshing</span>
            </span>
          </Show>
          <LiveIndicator connection={props.live} />
        </div>
      </div>
    </div>
  );
};

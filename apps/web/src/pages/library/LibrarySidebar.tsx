import type { ModerationStatus } from '@phoenix4ge/shared';
import { moderationStatuses } from '@phoenix4ge/shared';
import type { Component, JSX } from 'solid-js';
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import type { Category } from '../../api/library';
import { moderationLabel } from './labels';
import type { Library } from './library.controller';
import { activeFilterCount, withoutFilters } from './library-url';

const statusDot: Record<ModerationStatus, string> = {
  pending: 'bg-secondary',
  approved: 'bg-success',
  rejected: 'bg-danger',
  flagged: 'bg-warning',
};

/**
 * The library's left column: the library or the trash, moderation status and categories with their counts for
 * the current filter (read apart from the grid, so it never waits for them). A category is a filter and a drop
 * target: photos dragged onto it move there.
 */
export const LibrarySidebar: Component<{
  library: Library;
  onManageCategories: () => void;
  /** A section was chosen (the phone's panel closes). */
  onChoose?: () => void;
}> = (props) => {
  const lib = () => props.library;
  const view = () => lib().view();
  const facetCount = (categoryId: number | null) =>
    lib()
      .facetsData()
      ?.categories.find((entry) => entry.categoryId === categoryId)?.count ?? 0;
  // The count for the current filter once the facets arrive; the category's own count until then.
  const countOf = (category: Category) => (lib().facetsData() ? facetCount(category.id) : category.count);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: only notices that a button inside was used (keys click buttons too)
    <nav
      class="library-sidebar small pb-3"
      aria-label="Library sections"
      data-testid="library-sidebar"
      onClick={(event) => (event.target as HTMLElement).closest('button') && props.onChoose?.()}
    >
      <ul class="nav nav-pills flex-column gap-1 mb-3">
        <li class="nav-item">
          <SidebarLink
            active={!view().trash && activeFilterCount(view()) === 0 && !view().q}
            onClick={() => lib().setView({ ...withoutFilters(view()), q: '', trash: false })}
            count={!view().trash ? lib().matching() : undefined}
            testId="sidebar-all"
          >
            All items
          </SidebarLink>
        </li>
        <li class="nav-item">
          <SidebarLink
            active={view().trash}
            onClick={() => lib().setView({ ...withoutFilters(view()), q: '', trash: true })}
            count={view().trash ? lib().matching() : undefined}
            testId="sidebar-trash"
          >
            Trash
          </SidebarLink>
        </li>
      </ul>

      <h2 class="h6 text-body-secondary text-uppercase small fw-semibold mb-2 px-2">Moderation</h2>
      <ul class="nav nav-pills flex-column gap-1 mb-3">
        <For each={moderationStatuses}>
          {(status) => (
            <li class="nav-item">
              <SidebarLink
                active={view().moderation.length === 1 && view().moderation[0] === status}
                onClick={() =>
                  lib().setView({
                    moderation:
                      view().moderation.length === 1 && view().moderation[0] === status ? [] : [status],
                  })
                }
                count={lib().facetsData()?.moderation[status]}
                testId={`sidebar-status-${status}`}
              >
                <span class={`color-dot ${statusDot[status]}`} aria-hidden="true" />
                {moderationLabel[status]}
              </SidebarLink>
            </li>
          )}
        </For>
      </ul>

      <div class="d-flex align-items-center justify-content-between mb-2 px-2">
        <h2 class="h6 text-body-secondary text-uppercase small fw-semibold mb-0">Categories</h2>
        <Show when={lib().canEdit()}>
          <button
            type="button"
            class="btn btn-link btn-sm p-0"
            onClick={() => props.onManageCategories()}
            data-testid="manage-categories"
          >
            Manage
          </button>
        </Show>
      </div>
      <Switch>
        <Match when={lib().categories.isError}>
          <div class="text-danger px-2" role="alert">
            Could not load the categories.{' '}
            <button
              type="button"
              class="btn btn-link btn-sm p-0 align-baseline"
              onClick={() => void lib().categories.refetch()}
            >
              Try again
            </button>
          </div>
        </Match>
        <Match when={lib().categoriesData()}>
          {(categories) => (
            <ul class="nav nav-pills flex-column gap-1" data-testid="category-list">
              <li class="nav-item">
                <CategoryLink
                  library={lib()}
                  id={null}
                  name="Uncategorised"
                  color={undefined}
                  count={lib().facetsData() ? facetCount(null) : undefined}
                  active={view().category === 'none'}
                  onClick={() => lib().setView({ category: view().category === 'none' ? undefined : 'none' })}
                />
              </li>
              <For each={categories()}>
                {(category) => (
                  <li class="nav-item">
                    <CategoryLink
                      library={lib()}
                      id={category.id}
                      name={category.name}
                      color={category.color}
                      count={countOf(category)}
                      active={view().category === category.id}
                      onClick={() =>
                        lib().setView({ category: view().category === category.id ? undefined : category.id })
                      }
                    />
                  </li>
                )}
              </For>
              <Show when={categories().length === 0}>
                <li class="text-body-secondary px-2 py-1" data-testid="categories-empty">
                  No categories yet.
                  <Show when={lib().canEdit()}>
                    {' '}
                    <button
                      type="button"
                      class="btn btn-link btn-sm p-0 align-baseline"
                      onClick={() => props.onManageCategories()}
                    >
                      Create one
                    </button>
                  </Show>
                </li>
              </Show>
            </ul>
          )}
        </Match>
        <Match when={true}>
          <div class="px-2 text-body-secondary" role="status">
            <span class="spinner-border spinner-border-sm me-2" aria-hidden="true" />
            Loading categories…
          </div>
        </Match>
      </Switch>
    </nav>
  );
};

const SidebarLink: Component<{
  active: boolean;
  onClick: () => void;
  count: number | undefined;
  testId: string;
  children: JSX.Element;
}> = (props) => (
  <button
    type="button"
    class="nav-link w-100 d-flex align-items-center gap-2 py-1 px-2 text-start"
    classList={{ active: props.active, 'link-body-emphasis': !props.active }}
    aria-current={props.active ? 'page' : undefined}
    onClick={() => props.onClick()}
    data-testid={props.testId}
  >
    {props.children}
    <Show when={props.count !== undefined}>
      <span class="ms-auto opacity-75" data-testid="sidebar-count">
        {props.count?.toLocaleString()}
      </span>
    </Show>
  </button>
);

/** A category: a filter when clicked, a place to move photos when they are dropped on it. */
const CategoryLink: Component<{
  library: Library;
  id: number | null;
  name: string;
  color: string | undefined;
  count: number | undefined;
  active: boolean;
  onClick: () => void;
}> = (props) => {
  const [over, setOver] = createSignal(false);
  const accepts = () => props.library.dragged() !== undefined && !props.library.view().trash;
  return (
    <button
      type="button"
      class="nav-link category-link w-100 d-flex align-items-center gap-2 py-1 px-2 text-start"
      classList={{ active: props.active, 'link-body-emphasis': !props.active, 'is-drop-target': over() }}
      aria-current={props.active ? 'page' : undefined}
      onClick={() => props.onClick()}
      onDragEnter={(event) => {
        if (!accepts()) return;
        event.preventDefault();
        setOver(true);
      }}
      onDragOver={(event) => {
        if (!accepts()) return;
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        props.library.dropOnCategory(props.id, props.name);
      }}
      data-testid="category-link"
      data-category-id={props.id ?? 'none'}
    >
      <Show when={props.color} fallback={<span class="color-dot border" aria-hidden="true" />}>
        {(color) => <span class="color-dot" style={{ 'background-color': color() }} aria-hidden="true" />}
      </Show>
      <span class="text-truncate">{props.name}</span>
      <Show when={props.count !== undefined}>
        <span class="ms-auto opacity-75" data-testid="category-count">
          {props.count?.toLocaleString()}
        </span>
      </Show>
    </button>
  );
};

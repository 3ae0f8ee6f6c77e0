import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import { tagName } from '../../stores/tag-names';
import { moderationLabel, processingLabel } from './labels';
import type { Library } from './library.controller';
import { itemsWord } from './library.controller';
import type { LibraryView } from './library-url';
import { activeFilterCount, defaultView, withoutFilters } from './library-url';

interface Chip {
  key: string;
  label: string;
  /** The view without this filter. */
  without: Partial<LibraryView>;
}

const range = (from: string | undefined, to: string | undefined) =>
  from && to ? `${from} – ${to}` : from ? `from ${from}` : `until ${to}`;

/**
 * The filters in force as chips (× removes one, "Clear all" every one), and the way to select everything the
 * view matches — not only what is loaded.
 */
export const ActiveFilters: Component<{ library: Library }> = (props) => {
  const lib = () => props.library;
  const categoryName = (id: number | 'none') =>
    id === 'none'
      ? 'Uncategorised'
      : (lib()
          .categoriesData()
          ?.find((category) => category.id === id)?.name ?? `#${id}`);

  const chips = (): Chip[] => {
    const view = lib().view();
    const list: Chip[] = [];
    if (view.q) list.push({ key: 'q', label: `“${view.q}”`, without: { q: '' } });
    if (view.category !== undefined)
      list.push({ key: 'category', label: categoryName(view.category), without: { category: undefined } });
    for (const status of view.moderation)
      list.push({
        key: `moderation-${status}`,
        label: moderationLabel[status],
        without: { moderation: view.moderation.filter((other) => other !== status) },
      });
    for (const status of view.processing)
      list.push({
        key: `processing-${status}`,
        label: processingLabel[status],
        without: { processing: view.processing.filter((other) => other !== status) },
      });
    for (const id of view.tags)
      list.push({
        key: `tag-${id}`,
        label: `#${tagName(id).replace(/^#/, '')}`,
        without: { tags: view.tags.filter((tag) => tag !== id) },
      });
    if (view.uploadedFrom || view.uploadedTo)
      list.push({
        key: 'uploaded',
        label: `Uploaded ${range(view.uploadedFrom, view.uploadedTo)}`,
        without: { uploadedFrom: undefined, uploadedTo: undefined },
      });
    if (view.takenFrom || view.takenTo)
      list.push({
        key: 'taken',
        label: `Taken ${range(view.takenFrom, view.takenTo)}`,
        without: { takenFrom: undefined, takenTo: undefined },
      });
    if (view.orientation)
      list.push({ key: 'orientation', label: view.orientation, without: { orientation: undefined } });
    if (view.hasGps !== undefined)
      list.push({
        key: 'gps',
        label: view.hasGps ? 'With GPS' : 'Without GPS',
        without: { hasGps: undefined },
      });
    if (view.cameraMake)
      list.push({ key: 'make', label: view.cameraMake, without: { cameraMake: undefined } });
    if (view.cameraModel)
      list.push({ key: 'model', label: view.cameraModel, without: { cameraModel: undefined } });
    if (view.format.length > 0)
      list.push({
        key: 'format',
        label: view.format.map((format) => format.toUpperCase()).join(' / '),
        without: { format: [] },
      });
    if (view.minWidth !== undefined)
      list.push({ key: 'width', label: `≥ ${view.minWidth} px wide`, without: { minWidth: undefined } });
    return list;
  };

  // Everyone may select (viewers download); what the selection can do depends on the role.
  const canSelect = () => (lib().matching() ?? 0) > 0;

  return (
    <Show when={chips().length > 0 || canSelect()}>
      <div class="d-flex flex-wrap align-items-center gap-2 mb-3 small" data-testid="active-filters">
        <For each={chips()}>
          {(chip) => (
            <span
              class="badge rounded-pill bg-primary-subtle text-primary-emphasis border border-primary-subtle d-inline-flex align-items-center gap-1 fw-normal py-1"
              data-testid="filter-chip"
              data-filter={chip.key}
            >
              {chip.label}
              <button
                type="button"
                class="btn-close"
                style={{ 'font-size': '0.55rem' }}
                aria-label={`Remove the filter ${chip.label}`}
                onClick={() => lib().setView(chip.without)}
              />
            </span>
          )}
        </For>
        <Show when={activeFilterCount(lib().view()) + (lib().view().q ? 1 : 0) > 1}>
          <button
            type="button"
            class="btn btn-link btn-sm p-0"
            onClick={() => lib().setView({ ...withoutFilters(lib().view()), q: defaultView.q })}
            data-testid="clear-filters"
          >
            Clear all
          </button>
        </Show>
        <Show when={canSelect()}>
          <button
            type="button"
            class="btn btn-outline-secondary btn-sm ms-auto py-0"
            onClick={() => lib().selectAll()}
            title="Selects every item this view matches, loaded or not (Ctrl+A)"
            data-testid="select-all"
          >
            {(lib().matching() ?? 0) === 1 ? 'Select it' : `Select all ${itemsWord(lib().matching() ?? 0)}`}
          </button>
        </Show>
      </div>
    </Show>
  );
};

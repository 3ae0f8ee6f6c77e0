import type { Component } from 'solid-js';
import { Show } from 'solid-js';
import { EmptyState } from '../../components/EmptyState';
import type { Library } from './library.controller';
import { withoutFilters } from './library-url';

/** Nothing to show: why (an empty library, an empty trash, or filters that match nothing) and what to do. */
export const EmptyView: Component<{ library: Library; filtered: boolean; onChooseFiles: () => void }> = (
  props,
) => (
  <Show
    when={!props.filtered}
    fallback={
      <EmptyState
        title="Nothing matches these filters"
        hint="Try other words, or clear the filters to see everything."
        testId="media-no-match"
      >
        <button
          type="button"
          class="btn btn-outline-secondary btn-sm mt-3"
          onClick={() => props.library.setView({ ...withoutFilters(props.library.view()), q: '' })}
          data-testid="clear-filters-empty"
        >
          Clear filters
        </button>
      </EmptyState>
    }
  >
    <Show
      when={!props.library.view().trash}
      fallback={
        <EmptyState
          title="The trash is empty"
          hint="Items moved to the trash stay here for 30 days before they are deleted for good."
          testId="trash-empty"
        />
      }
    >
      <EmptyState
        title={props.library.canEdit() ? 'No media yet — drop files here to upload' : 'No media yet'}
        hint={
          props.library.canEdit()
            ? 'Drop photos or whole folders anywhere on this page, paste an image, or choose files.'
            : 'Editors of this model upload its photos; they will show here.'
        }
        testId="media-empty"
      >
        <Show when={props.library.canEdit()}>
          <button type="button" class="btn btn-primary btn-sm mt-3" onClick={() => props.onChooseFiles()}>
            Choose files
          </button>
        </Show>
      </EmptyState>
    </Show>
  </Show>
);

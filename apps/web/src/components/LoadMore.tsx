import type { Component } from 'solid-js';
import { Show } from 'solid-js';
import { SubmitButton } from './SubmitButton';

/** The foot of a paged list: "Load more" while there is a next page, "End of the list" after. */
export const LoadMore: Component<{
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  shown: number;
}> = (props) => (
  <div class="d-flex justify-content-between align-items-center mt-3 small text-body-secondary">
    <span data-testid="shown-count">
      {props.shown.toLocaleString()} shown
      <Show when={!props.hasMore}> · end of the list</Show>
    </span>
    <Show when={props.hasMore}>
      <SubmitButton
        type="button"
        class="btn btn-outline-secondary btn-sm"
        pending={props.loading}
        onClick={() => props.onLoad()}
        testId="load-more"
      >
        Load more
      </SubmitButton>
    </Show>
  </div>
);

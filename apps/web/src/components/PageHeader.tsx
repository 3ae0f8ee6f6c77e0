import type { JSX, ParentComponent } from 'solid-js';
import { Show } from 'solid-js';

/** The page's `<h1>`, a one-line description, and actions (children) on the right. */
export const PageHeader: ParentComponent<{ title: JSX.Element; description?: JSX.Element }> = (props) => (
  <div class="d-flex flex-wrap justify-content-between align-items-start gap-3 mb-4">
    <div>
      <h1 class="h3 mb-1">{props.title}</h1>
      <Show when={props.description}>
        <p class="text-body-secondary mb-0">{props.description}</p>
      </Show>
    </div>
    <Show when={props.children}>
      <div class="d-flex flex-wrap gap-2">{props.children}</div>
    </Show>
  </div>
);

import type { JSX, ParentComponent } from 'solid-js';

/** What an empty list says instead: a short title, a hint and, as children, the action that fills it. */
export const EmptyState: ParentComponent<{ title: JSX.Element; hint?: JSX.Element; testId?: string }> = (
  props,
) => (
  <div class="text-center text-body-secondary border rounded-3 bg-body py-5 px-3" data-testid={props.testId}>
    <p class="h6 text-body mb-1">{props.title}</p>
    <p class="small mb-0">{props.hint}</p>
    {props.children}
  </div>
);

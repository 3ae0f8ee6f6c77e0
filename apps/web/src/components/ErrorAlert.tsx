import type { ParentComponent } from 'solid-js';

/** A blocking error with an optional action (e.g. a retry button) as children. */
export const ErrorAlert: ParentComponent<{ title: string; message: string; testId?: string }> = (props) => (
  <div class="alert alert-danger" role="alert" data-testid={props.testId}>
    <h2 class="h5 alert-heading">{props.title}</h2>
    <p class="mb-2">{props.message}</p>
    {props.children}
  </div>
);

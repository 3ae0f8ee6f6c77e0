import type { JSX, ParentComponent } from 'solid-js';
import { Show, splitProps } from 'solid-js';

type ButtonAttributes = Omit<JSX.ButtonHTMLAttributes<HTMLButtonElement>, 'class'>;

export interface SubmitButtonProps extends ButtonAttributes {
  pending: boolean;
  /** Button classes; `btn btn-primary` unless given. */
  class?: string;
  testId?: string;
}

/** A submit button that shows a spinner and stays disabled while its request runs. */
export const SubmitButton: ParentComponent<SubmitButtonProps> = (props) => {
  const [local, button] = splitProps(props, ['pending', 'class', 'testId', 'children', 'disabled', 'type']);
  return (
    <button
      {...button}
      type={local.type ?? 'submit'}
      class={local.class ?? 'btn btn-primary'}
      disabled={local.pending || local.disabled}
      aria-busy={local.pending}
      data-testid={local.testId}
    >
      <Show when={local.pending}>
        <span class="spinner-border spinner-border-sm me-2" aria-hidden="true" />
      </Show>
      {local.children}
    </button>
  );
};

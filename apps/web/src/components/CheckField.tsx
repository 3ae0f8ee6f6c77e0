import type { Component, JSX } from 'solid-js';
import { createUniqueId, Show } from 'solid-js';

export interface CheckFieldProps {
  label: JSX.Element;
  checked: boolean;
  onValue: (checked: boolean) => void;
  hint?: JSX.Element;
  /** A toggle switch rather than a checkbox. */
  switch?: boolean;
  disabled?: boolean;
  testId?: string;
  class?: string;
}

/** A Bootstrap checkbox or switch with its label and an optional hint below. */
export const CheckField: Component<CheckFieldProps> = (props) => {
  const id = createUniqueId();

  return (
    <div class={`form-check ${props.class ?? 'mb-3'}`} classList={{ 'form-switch': props.switch }}>
      <input
        class="form-check-input"
        type="checkbox"
        role={props.switch ? 'switch' : undefined}
        id={id}
        checked={props.checked}
        disabled={props.disabled}
        onChange={(event) => props.onValue(event.currentTarget.checked)}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        data-testid={props.testId}
      />
      <label class="form-check-label" for={id}>
        {props.label}
      </label>
      <Show when={props.hint}>
        <div class="form-text mt-0" id={`${id}-hint`}>
          {props.hint}
        </div>
      </Show>
    </div>
  );
};

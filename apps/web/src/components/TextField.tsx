import type { Component, JSX } from 'solid-js';
import { createUniqueId, onMount, Show, splitProps } from 'solid-js';
import { focusWhenShown } from '../lib/forms';
import { FieldMessages } from './FieldMessages';

type InputAttributes = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onInput' | 'class'>;

export interface TextFieldProps extends InputAttributes {
  label: JSX.Element;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  hint?: JSX.Element;
  testId?: string;
  /** Focus this field when the form appears (the HTML attribute only works on the first page load). */
  focus?: boolean;
  /** Classes for the wrapper; `mb-3` unless given. */
  class?: string;
  /** Rendered after the input inside an `input-group` (e.g. a copy button). */
  append?: JSX.Element;
}

/** A labelled Bootstrap input with its validation message and hint, wired for screen readers. */
export const TextField: Component<TextFieldProps> = (props) => {
  const [local, input] = splitProps(props, [
    'label',
    'value',
    'onValue',
    'error',
    'hint',
    'testId',
    'focus',
    'class',
    'append',
  ]);
  const id = createUniqueId();
  let element: HTMLInputElement | undefined;
  onMount(() => {
    if (local.focus) focusWhenShown(element);
  });

  const control = () => (
    <input
      {...input}
      ref={element}
      id={id}
      class="form-control"
      classList={{ 'is-invalid': Boolean(local.error) }}
      value={local.value}
      onInput={(event) => local.onValue(event.currentTarget.value)}
      aria-invalid={local.error ? 'true' : undefined}
      aria-describedby={`${id}-feedback ${id}-hint`}
      data-testid={local.testId}
    />
  );

  return (
    <div class={local.class ?? 'mb-3'}>
      <label class="form-label" for={id}>
        {local.label}
      </label>
      <Show when={local.append} fallback={control()}>
        <div class="input-group has-validation">
          {control()}
          {local.append}
        </div>
      </Show>
      <FieldMessages id={id} error={local.error} hint={local.hint} />
    </div>
  );
};

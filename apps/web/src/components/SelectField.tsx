import type { Component, JSX } from 'solid-js';
import { createUniqueId, For, splitProps } from 'solid-js';
import { FieldMessages } from './FieldMessages';

export interface SelectOption {
  value: string;
  label: string;
}

type SelectAttributes = Omit<JSX.SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'class'>;

export interface SelectFieldProps extends SelectAttributes {
  label: JSX.Element;
  value: string;
  options: readonly SelectOption[];
  onValue: (value: string) => void;
  error?: string | undefined;
  hint?: JSX.Element;
  testId?: string;
  class?: string;
}

/** A labelled Bootstrap select with its validation message and hint. */
export const SelectField: Component<SelectFieldProps> = (props) => {
  const [local, select] = splitProps(props, [
    'label',
    'value',
    'options',
    'onValue',
    'error',
    'hint',
    'testId',
    'class',
  ]);
  const id = createUniqueId();

  return (
    <div class={local.class ?? 'mb-3'}>
      <label class="form-label" for={id}>
        {local.label}
      </label>
      <select
        {...select}
        id={id}
        class="form-select"
        classList={{ 'is-invalid': Boolean(local.error) }}
        value={local.value}
        onChange={(event) => local.onValue(event.currentTarget.value)}
        aria-invalid={local.error ? 'true' : undefined}
        aria-describedby={`${id}-feedback ${id}-hint`}
        data-testid={local.testId}
      >
        <For each={local.options}>
          {(option) => (
            <option value={option.value} selected={option.value === local.value}>
              {option.label}
            </option>
          )}
        </For>
      </select>
      <FieldMessages id={id} error={local.error} hint={local.hint} />
    </div>
  );
};

import type { Component, JSX } from 'solid-js';
import { createUniqueId, Show } from 'solid-js';
import { formatScore } from '../../lib/format';

/** A 0–1 threshold as a slider with its percentage. */
export const ScoreField: Component<{
  label: string;
  value: number;
  onValue: (value: number) => void;
  hint: JSX.Element;
  error?: string | undefined;
  testId: string;
}> = (props) => {
  const id = createUniqueId();
  return (
    <div class="mb-3">
      <label class="form-label d-flex justify-content-between" for={id}>
        <span>{props.label}</span>
        <span class="fw-semibold" data-testid={`${props.testId}-value`}>
          {formatScore(props.value)}
        </span>
      </label>
      <input
        type="range"
        class="form-range"
        classList={{ 'is-invalid': Boolean(props.error) }}
        id={id}
        min="0"
        max="1"
        step="0.01"
        value={props.value}
        onInput={(event) => props.onValue(Number(event.currentTarget.value))}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={`${id}-hint`}
        data-testid={props.testId}
      />
      <Show when={props.error}>
        <div class="invalid-feedback d-block">{props.error}</div>
      </Show>
      <div class="form-text mt-0" id={`${id}-hint`}>
        {props.hint}
      </div>
    </div>
  );
};

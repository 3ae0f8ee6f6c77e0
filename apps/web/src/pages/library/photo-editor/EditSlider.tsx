import type { Component } from 'solid-js';

/**
 * A labelled range input with its value. Moving it is a live change (`onInput`); letting go is one undo step
 * (`onCommit`). Double-clicking the label sets it back to its neutral value.
 */
export const EditSlider: Component<{
  id: string;
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  neutral: number;
  format?: (value: number) => string;
  onInput: (value: number) => void;
  onCommit: () => void;
  disabled?: boolean;
}> = (props) => {
  const shown = () => (props.format ? props.format(props.value) : String(props.value));
  return (
    <div class="mb-2">
      <div class="d-flex justify-content-between align-items-baseline">
        <label
          class="form-label small mb-0"
          for={props.id}
          title="Double-click to reset"
          onDblClick={() => {
            props.onInput(props.neutral);
            props.onCommit();
          }}
        >
          {props.label}
        </label>
        <output
          class="small text-body-secondary font-monospace"
          for={props.id}
          data-testid={`${props.id}-value`}
        >
          {shown()}
        </output>
      </div>
      <input
        type="range"
        class="form-range"
        id={props.id}
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        disabled={props.disabled}
        onInput={(event) => props.onInput(Number(event.currentTarget.value))}
        onChange={() => props.onCommit()}
        data-testid={props.id}
      />
    </div>
  );
};

export const signedNumber = (value: number) => (value > 0 ? `+${value}` : String(value));

import type { JSX } from 'solid-js';
import { Show } from 'solid-js';

/** A form field's error and hint, with the ids its control names in `aria-describedby` (`<id>-feedback`, `<id>-hint`). */
export function FieldMessages(props: {
  id: string;
  error?: string | undefined;
  hint?: JSX.Element;
}): JSX.Element {
  return (
    <>
      <Show when={props.error}>
        <div class="invalid-feedback d-block" id={`${props.id}-feedback`}>
          {props.error}
        </div>
      </Show>
      <Show when={props.hint}>
        <div class="form-text" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      </Show>
    </>
  );
}

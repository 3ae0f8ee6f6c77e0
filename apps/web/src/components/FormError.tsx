import type { Component } from 'solid-js';
import { Show } from 'solid-js';
import { describeError } from '../lib/errors';

/**
 * A failed submit that is not about one field (taken, not allowed, api down); field errors show on the fields.
 */
export const FormError: Component<{ error: unknown; hideWhenFieldErrors?: boolean; testId?: string }> = (
  props,
) => (
  <Show when={props.error && !props.hideWhenFieldErrors}>
    <div class="alert alert-danger py-2" role="alert" data-testid={props.testId ?? 'form-error'}>
      {describeError(props.error)}
    </div>
  </Show>
);

import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import { dismissToast, toasts } from '../stores/toasts';

const variantClass = {
  success: 'text-bg-success',
  danger: 'text-bg-danger',
  info: 'text-bg-primary',
} as const;

/** The corner where `showToast` messages appear; polite for screen readers. */
export const Toasts: Component = () => (
  <div class="toast-container position-fixed bottom-0 end-0 p-3" aria-live="polite" aria-atomic="false">
    <For each={toasts}>
      {(toast) => (
        <div
          class={`toast show align-items-center border-0 ${variantClass[toast.variant]}`}
          role="status"
          data-testid="toast"
          data-variant={toast.variant}
        >
          <div class="d-flex">
            <div class="toast-body">{toast.message}</div>
            <Show when={toast.action}>
              {(action) => (
                <button
                  type="button"
                  class="btn btn-sm btn-outline-light my-auto text-nowrap"
                  onClick={() => {
                    dismissToast(toast.id);
                    action().run();
                  }}
                  data-testid="toast-action"
                >
                  {action().label}
                </button>
              )}
            </Show>
            <button
              type="button"
              class="btn-close btn-close-white me-2 m-auto"
              aria-label="Dismiss"
              onClick={() => dismissToast(toast.id)}
            />
          </div>
        </div>
      )}
    </For>
  </div>
);

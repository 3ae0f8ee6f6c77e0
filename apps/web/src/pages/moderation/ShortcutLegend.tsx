import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import { decisionKey } from './labels';
import { shortcutLegend } from './queue-logic';

/** The moderation queue's keyboard shortcuts, always on show. */
export const ShortcutLegend: Component = () => (
  <section
    class="card card-body py-2 px-3 mt-3 small"
    aria-labelledby="shortcut-legend-title"
    data-testid="shortcut-legend"
  >
    <h2 class="h6 mb-2" id="shortcut-legend-title">
      Keyboard
    </h2>
    <dl class="row g-0 mb-1">
      <For each={shortcutLegend}>
        {(entry) => (
          <>
            <dt class="col-5 fw-normal">
              <For each={entry.keys}>
                {(key, index) => (
                  <>
                    <Show when={index() > 0}> / </Show>
                    <kbd>{key}</kbd>
                  </>
                )}
              </For>
            </dt>
            <dd class="col-7 mb-1">{entry.action}</dd>
          </>
        )}
      </For>
    </dl>
    <p class="text-body-secondary mb-0">
      With items selected, <kbd>{decisionKey.approve}</kbd>, <kbd>{decisionKey.reject}</kbd> and{' '}
      <kbd>{decisionKey.flag}</kbd> decide all of them. Shortcuts pause while you type in a field.
    </p>
  </section>
);

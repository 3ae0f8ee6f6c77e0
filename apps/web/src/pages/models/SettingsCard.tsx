import type { Component, JSX } from 'solid-js';
import { createUniqueId, Show } from 'solid-js';

/** One card of the model settings page: a titled section with an optional description. */
export const SettingsCard: Component<{ title: string; description?: JSX.Element; children: JSX.Element }> = (
  props,
) => {
  const id = createUniqueId();
  return (
    <section class="card shadow-sm" aria-labelledby={id}>
      <div class="card-body">
        <h2 class="h5 card-title" id={id}>
          {props.title}
        </h2>
        <Show when={props.description}>
          <p class="small text-body-secondary">{props.description}</p>
        </Show>
        {props.children}
      </div>
    </section>
  );
};

import { A } from '@solidjs/router';
import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import type { Model } from '../api/models';
import type { ModelSection } from '../stores/current-model';
import { modelHref } from '../stores/current-model';
import { Dropdown } from './Dropdown';

interface ModelSwitcherProps {
  models: readonly Model[] | undefined;
  loading: boolean;
  currentSlug: string | undefined;
  /** The section to open in the chosen model (switching models keeps the page). */
  section: ModelSection;
  isAdmin: boolean;
}

/** The navbar dropdown of the models the user can see; choosing one keeps the current section. */
export const ModelSwitcher: Component<ModelSwitcherProps> = (props) => {
  const current = () => props.models?.find((model) => model.slug === props.currentSlug);
  // Settings is admin-only and moderation needs an editor; anyone else switching lands in the library.
  const sectionFor = (model: Model): ModelSection => {
    if (props.section === 'settings' && model.role !== 'admin') return 'library';
    if (props.section === 'moderation' && model.role !== 'admin' && model.role !== 'editor') return 'library';
    return props.section;
  };

  return (
    <Dropdown
      as="li"
      testId="model-switcher"
      label={
        <span class="d-inline-flex align-items-center gap-2">
          <span class="text-body-secondary small">Model</span>
          <span class="fw-semibold" data-testid="current-model">
            <Show
              when={current()}
              fallback={
                <Show
                  when={props.currentSlug}
                  fallback={
                    <Show when={props.loading} fallback="none">
                      …
                    </Show>
                  }
                >
                  {/* A model in the URL that is not in the list (no access, archived, mistyped). */}
                  {(slug) => <code class="text-reset">{slug()}</code>}
                </Show>
              }
            >
              {(model) => model().displayName}
            </Show>
          </span>
        </span>
      }
    >
      <Show
        when={(props.models?.length ?? 0) > 0}
        fallback={
          <li>
            <span class="dropdown-item-text small text-body-secondary">
              <Show when={props.loading} fallback="You have no models yet.">
                Loading models…
              </Show>
            </span>
          </li>
        }
      >
        <li>
          <h2 class="dropdown-header">Switch model</h2>
        </li>
        <For each={props.models}>
          {(model) => (
            <li>
              <A
                href={modelHref(model.slug, sectionFor(model))}
                class="dropdown-item d-flex justify-content-between gap-3"
                classList={{ active: model.slug === props.currentSlug }}
                activeClass=""
                aria-current={model.slug === props.currentSlug ? 'true' : undefined}
                data-testid="model-switcher-item"
                data-slug={model.slug}
              >
                <span>{model.displayName}</span>
                <code class="small text-reset opacity-75">{model.slug}</code>
              </A>
            </li>
          )}
        </For>
      </Show>
      <Show when={props.isAdmin}>
        <li>
          <hr class="dropdown-divider" />
        </li>
        <li>
          <A href="/models" class="dropdown-item" activeClass="">
            Manage models…
          </A>
        </li>
      </Show>
    </Dropdown>
  );
};

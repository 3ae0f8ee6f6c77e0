import type { RouteSectionProps } from '@solidjs/router';
import { A, useLocation } from '@solidjs/router';
import type { Accessor, Component } from 'solid-js';
import { createContext, createEffect, Match, Show, Switch, useContext } from 'solid-js';
import type { ModelDetail, ModelRole } from '../api/models';
import { roleOf, useModel } from '../api/models';
import { ConsentBanner } from '../components/ConsentNotice';
import { LoadingSpinner } from '../components/LoadingSpinner';
import { RoleBadge } from '../components/RoleBadge';
import { describeError, errorCode } from '../lib/errors';
import { modelHref, rememberModel } from '../stores/current-model';

interface CurrentModel {
  model: Accessor<ModelDetail>;
  role: Accessor<ModelRole | undefined>;
}

const ModelContext = createContext<CurrentModel>();

/** The model of the `/m/:modelSlug/...` page being shown, with the caller's role on it. */
export function useCurrentModel(): CurrentModel {
  const context = useContext(ModelContext);
  if (!context) throw new Error('useCurrentModel() outside a /m/:modelSlug route');
  return context;
}

/**
 * Pages of one model (`/m/:modelSlug/...`): loads the model with `models.byId`, which also checks access, so a
 * model the user may not see shows why here, once, instead of on every page. A model that opens is remembered
 * as the current one.
 */
const ModelLayout: Component<RouteSectionProps> = (props) => {
  const slug = () => props.params.modelSlug ?? '';
  const query = useModel(slug);
  // The library uses the whole width (a grid of photos); the header lines up with it there.
  const location = useLocation();
  const wide = () => location.pathname.endsWith('/library');

  createEffect(() => {
    if (query.isSuccess && query.data) rememberModel(query.data.slug);
  });

  return (
    <Switch
      fallback={
        <div class="container py-4">
          <LoadingSpinner label="Loading the model…" />
        </div>
      }
    >
      <Match when={query.isError && query.data === undefined}>
        <ModelUnavailable slug={slug()} error={query.error} />
      </Match>
      <Match when={query.data}>
        {(model) => (
          <ModelContext.Provider value={{ model, role: () => roleOf(model()) }}>
            <div class="bg-body border-bottom">
              <div
                class="py-3 d-flex flex-wrap align-items-center gap-2"
                classList={{ container: !wide(), 'container-fluid px-3 px-lg-4': wide() }}
              >
                <h1 class="h4 mb-0 me-1" data-testid="model-title">
                  {model().displayName}
                </h1>
                <code class="text-body-secondary">{model().slug}</code>
                <Show when={roleOf(model())}>
                  {(role) => <RoleBadge role={role()} testId="model-role" />}
                </Show>
                <Show when={model().archivedAt}>
                  <span class="badge text-bg-warning">archived</span>
                </Show>
                <Show when={roleOf(model()) === 'admin'}>
                  <A
                    href={modelHref(model().slug, 'settings')}
                    class="btn btn-outline-secondary btn-sm ms-auto"
                  >
                    Model settings
                  </A>
                </Show>
              </div>
              <div classList={{ container: !wide(), 'container-fluid px-3 px-lg-4': wide() }}>
                <ConsentBanner consentExpiresAt={model().consentExpiresAt} class="mb-3" />
              </div>
            </div>
            {/* Keyed on the slug: switching models mounts the pages afresh, so no form keeps the last model's values. */}
            <Show when={model().slug} keyed>
              {(_slug) => props.children}
            </Show>
          </ModelContext.Provider>
        )}
      </Match>
    </Switch>
  );
};

/** FORBIDDEN: the user is not a member; NOT_FOUND: no such model; anything else: the error itself. */
const ModelUnavailable: Component<{ slug: string; error: unknown }> = (props) => {
  const code = () => errorCode(props.error);
  return (
    <div class="container py-5">
      <div class="alert alert-warning" role="alert" data-testid="model-unavailable" data-code={code()}>
        <h2 class="h5 alert-heading">
          <Switch fallback="Could not open this model">
            <Match when={code() === 'FORBIDDEN'}>You have no access to this model</Match>
            <Match when={code() === 'NOT_FOUND'}>No such model</Match>
          </Switch>
        </h2>
        <p class="mb-3">
          <Switch fallback={describeError(props.error)}>
            <Match when={code() === 'FORBIDDEN'}>
              {/* The api says why: not a member, or the model is archived. */}
              {describeError(props.error)}. Ask an administrator if you need to work on it.
            </Match>
            <Match when={code() === 'NOT_FOUND'}>
              There is no model called <code>{props.slug}</code>. It may have been renamed, or the link is
              mistyped.
            </Match>
          </Switch>
        </p>
        <A href="/" class="btn btn-outline-secondary btn-sm">
          Go to your models
        </A>
      </div>
    </div>
  );
};

export default ModelLayout;

import { A } from '@solidjs/router';
import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import type { Model } from '../../api/models';
import { useModels } from '../../api/models';
import { AdminOnly } from '../../components/AdminOnly';
import { ConsentBadge } from '../../components/ConsentNotice';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryResult } from '../../components/QueryResult';
import { formatDateTime } from '../../lib/format';
import { modelHref } from '../../stores/current-model';
import { CreateModelForm } from './CreateModelForm';

/** Every model, archived ones included (admin): what each is set to, and a form to add one. */
const ModelsPage: Component = () => (
  <AdminOnly>
    <ModelsList />
  </AdminOnly>
);

const ModelsList: Component = () => {
  const models = useModels(() => true);

  return (
    <div class="container py-4" data-testid="models-page">
      <PageHeader
        title="Models"
        description="Each model is one portfolio with its own media, members and settings."
      />
      <div class="row g-4">
        <div class="col-lg-8">
          <QueryResult query={models} loading="Loading models…" errorTitle="Could not load the models">
            {(list) => (
              <Show
                when={list().length > 0}
                fallback={
                  <EmptyState
                    title="No models yet — create the first one"
                    hint="Give it a display name and a slug; the slug appears in URLs and API calls."
                    testId="models-empty"
                  />
                }
              >
                <ModelsTable models={list()} />
              </Show>
            )}
          </QueryResult>
        </div>
        <div class="col-lg-4">
          <CreateModelForm />
        </div>
      </div>
    </div>
  );
};

const ModelsTable: Component<{ models: readonly Model[] }> = (props) => (
  <div class="card shadow-sm">
    <div class="table-responsive">
      <table class="table align-middle mb-0" data-testid="models-table">
        <thead class="table-light">
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Variants</th>
            <th scope="col">Moderation</th>
            <th scope="col" class="d-none d-xl-table-cell">
              Created
            </th>
            <th scope="col" class="text-end">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.models}>
            {(model) => (
              <tr
                data-testid="model-row"
                data-slug={model.slug}
                classList={{ 'table-secondary': !!model.archivedAt }}
              >
                <td>
                  <A href={modelHref(model.slug)} class="fw-medium text-decoration-none">
                    {model.displayName}
                  </A>
                  <Show when={model.archivedAt}>
                    <span class="badge text-bg-warning ms-2">archived</span>
                  </Show>
                  <Show when={model.publicPausedAt}>
                    <A
                      href="/incidents"
                      class="badge text-bg-danger ms-2 text-decoration-none"
                      title="Public delivery paused from a security incident"
                      data-testid="model-paused"
                    >
                      public paused
                    </A>
                  </Show>
                  <ConsentBadge consentExpiresAt={model.consentExpiresAt} />
                  <div>
                    <code class="small">{model.slug}</code>
                  </div>
                </td>
                <td class="small">
                  {model.settings.variants.formats.join(', ')}
                  <Show when={model.settings.watermark.enabled}>
                    <div class="text-body-secondary">watermarked</div>
                  </Show>
                </td>
                <td class="small">
                  <Show when={model.settings.moderation.autoApprove} fallback="every image reviewed">
                    automatic
                  </Show>
                </td>
                <td class="small text-body-secondary d-none d-xl-table-cell">
                  {formatDateTime(model.createdAt)}
                </td>
                <td class="text-end text-nowrap">
                  <A href={modelHref(model.slug, 'members')} class="btn btn-outline-secondary btn-sm me-1">
                    Members
                  </A>
                  <A
                    href={modelHref(model.slug, 'settings')}
                    class="btn btn-outline-primary btn-sm"
                    data-testid="model-settings-link"
                  >
                    Settings
                  </A>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  </div>
);

export default ModelsPage;

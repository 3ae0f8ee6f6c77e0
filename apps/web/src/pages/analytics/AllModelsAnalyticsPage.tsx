import { A } from '@solidjs/router';
import type { Component } from 'solid-js';
import { createMemo, For, Show, Suspense } from 'solid-js';
import type { ModelTotals } from '../../api/analytics';
import { useAnalyticsModels } from '../../api/analytics';
import { AdminOnly } from '../../components/AdminOnly';
import { EmptyState } from '../../components/EmptyState';
import { LoadingSpinner } from '../../components/LoadingSpinner';
import { PageHeader } from '../../components/PageHeader';
import { QueryResult } from '../../components/QueryResult';
import { modelHref } from '../../stores/current-model';
import { RangePicker } from './RangePicker';
import { useRangeParam } from './range-param';

/** Every model's views, downloads and edits in the range (admins), each linking to its own analytics. */
const AllModelsAnalyticsPage: Component = () => (
  <AdminOnly>
    <AllModelsAnalytics />
  </AdminOnly>
);

const AllModelsAnalytics: Component = () => {
  const range = useRangeParam();
  const models = useAnalyticsModels(range.range);
  return (
    <div class="container py-4" data-testid="analytics-models-page">
      <PageHeader
        title="Analytics of all models"
        description="Views on the portfolio sites, downloads and edits per model, most viewed first (UTC days)."
      >
        <RangePicker days={range.days()} onChange={range.setDays} />
      </PageHeader>
      {/* The header and range stay while the first answer loads (the page would suspend whole). */}
      <Suspense fallback={<LoadingSpinner label="Loading every model's analytics…" />}>
        <QueryResult
          query={models}
          loading="Loading every model's analytics…"
          errorTitle="Could not load the analytics"
          testId="analytics-models"
        >
          {(data) => (
            <Show
              when={data().models.length > 0}
              fallback={
                <EmptyState
                  title="No models yet"
                  hint="Create a model first."
                  testId="analytics-models-empty"
                />
              }
            >
              <ModelsTable models={data().models} />
            </Show>
          )}
        </QueryResult>
      </Suspense>
    </div>
  );
};

const ModelsTable: Component<{ models: readonly ModelTotals[] }> = (props) => {
  const sum = createMemo(() =>
    props.models.reduce(
      (total, model) => ({
        views: total.views + model.views,
        downloads: total.downloads + model.downloads,
        edits: total.edits + model.edits,
      }),
      { views: 0, downloads: 0, edits: 0 },
    ),
  );
  return (
    <div class="card shadow-sm">
      <div class="table-responsive">
        <table class="table table-hover align-middle mb-0" data-testid="analytics-models-table">
          <thead class="table-light">
            <tr>
              <th scope="col">Model</th>
              <th scope="col" class="text-end">
                Views
              </th>
              <th scope="col" class="text-end">
                Downloads
              </th>
              <th scope="col" class="text-end">
                Edits
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.models}>
              {(model) => (
                <tr data-testid="analytics-model-row" data-slug={model.slug}>
                  <td>
                    <A href={modelHref(model.slug, 'analytics')} class="fw-semibold">
                      {model.displayName}
                    </A>{' '}
                    <code class="small text-body-secondary">{model.slug}</code>
                    <Show when={model.archivedAt}>
                      <span class="badge text-bg-warning ms-2">archived</span>
                    </Show>
                  </td>
                  <td class="text-end" data-testid="analytics-model-views">
                    {model.views.toLocaleString()}
                  </td>
                  <td class="text-end" data-testid="analytics-model-downloads">
                    {model.downloads.toLocaleString()}
                  </td>
                  <td class="text-end">{model.edits.toLocaleString()}</td>
                </tr>
              )}
            </For>
          </tbody>
          <tfoot class="table-group-divider fw-semibold">
            <tr>
              <td>All models</td>
              <td class="text-end">{sum().views.toLocaleString()}</td>
              <td class="text-end">{sum().downloads.toLocaleString()}</td>
              <td class="text-end">{sum().edits.toLocaleString()}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
};

export default AllModelsAnalyticsPage;

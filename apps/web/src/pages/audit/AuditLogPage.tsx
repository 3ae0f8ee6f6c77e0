import { A } from '@solidjs/router';
import type { Component } from 'solid-js';
import { createMemo, For, Show } from 'solid-js';
import type { AuditEntry, AuditFilter } from '../../api/audit';
import { useAuditLog } from '../../api/audit';
import { useModels } from '../../api/models';
import { AdminOnly } from '../../components/AdminOnly';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../lib/format';
import { AuditDetails } from './AuditDetails';
import { readableAudit } from './audit-details';
import { createFilterForm, FilterCard, PagedLog } from './FilteredLog';
import { endOfDay, startOfDay, withoutEmpty } from './filters';

/** Every successful change, newest first (admin), filtered by model, action prefix and dates. */
const AuditLogPage: Component = () => (
  <AdminOnly>
    <AuditLog />
  </AdminOnly>
);

interface FilterValues {
  modelSlug: string;
  action: string;
  since: string;
  until: string;
}

const noFilters: FilterValues = { modelSlug: '', action: '', since: '', until: '' };

const AuditLog: Component = () => {
  const models = useModels(() => true);
  const form = createFilterForm(noFilters);
  const filter = createMemo(
    (): AuditFilter =>
      withoutEmpty({
        modelSlug: form.applied().modelSlug,
        action: form.applied().action.trim(),
        since: startOfDay(form.applied().since),
        until: endOfDay(form.applied().until),
      }),
  );
  const log = useAuditLog(filter);
  const { draft, edit } = form;

  return (
    <div class="container-xxl py-4" data-testid="audit-page">
      <PageHeader
        title="Audit log"
        description="Every change made through the app or the API: who, on which model, what, and from where."
      />
      <FilterCard form={form} testId="audit">
        <div class="col-md-3">
          <label class="form-label small" for="audit-model">
            Model
          </label>
          <select
            id="audit-model"
            class="form-select form-select-sm"
            value={draft().modelSlug}
            onChange={(event) => edit('modelSlug', event.currentTarget.value)}
            data-testid="audit-filter-model"
          >
            <option value="">All models</option>
            <For each={models.isSuccess ? models.data : []}>
              {(model) => (
                <option value={model.slug} selected={model.slug === draft().modelSlug}>
                  {model.displayName} ({model.slug})
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="col-md-3">
          <label class="form-label small" for="audit-action">
            Action starts with
          </label>
          <input
            id="audit-action"
            class="form-control form-control-sm"
            placeholder="e.g. members. or auth.login"
            value={draft().action}
            onInput={(event) => edit('action', event.currentTarget.value)}
            data-testid="audit-filter-action"
          />
        </div>
        <div class="col-6 col-md-2">
          <label class="form-label small" for="audit-since">
            From
          </label>
          <input
            id="audit-since"
            type="date"
            class="form-control form-control-sm"
            value={draft().since}
            onInput={(event) => edit('since', event.currentTarget.value)}
          />
        </div>
        <div class="col-6 col-md-2">
          <label class="form-label small" for="audit-until">
            To
          </label>
          <input
            id="audit-until"
            type="date"
            class="form-control form-control-sm"
            value={draft().until}
            onInput={(event) => edit('until', event.currentTarget.value)}
          />
        </div>
      </FilterCard>
      <PagedLog
        query={log}
        loading="Loading the audit log…"
        errorTitle="Could not load the audit log"
        filtered={form.isFiltered()}
        empty={{
          title: 'Nothing recorded yet',
          hint: 'Changes appear here as they happen.',
          filteredTitle: 'No entries match these filters',
          filteredHint: 'Widen the dates or clear a filter.',
          testId: 'audit-empty',
        }}
      >
        {(entries) => <AuditTable entries={entries()} />}
      </PagedLog>
    </div>
  );
};

/** The target as a person reads it: a user by email, anything else by its kind and id. */
function target(entry: AuditEntry): string {
  if (!entry.targetType) return '–';
  if (entry.targetLabel) return entry.targetLabel;
  return entry.targetId ? `${entry.targetType} #${entry.targetId}` : entry.targetType;
}

const AuditTable: Component<{ entries: readonly AuditEntry[] }> = (props) => (
  <div class="card shadow-sm">
    <div class="table-responsive">
      <table class="table table-sm table-hover align-middle small mb-0" data-testid="audit-table">
        <thead class="table-light">
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Model</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Details</th>
            <th scope="col">IP</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.entries}>
            {(entry) => (
              <tr data-testid="audit-row" data-action={entry.action}>
                <td class="text-nowrap">{formatDateTime(entry.createdAt, { seconds: true })}</td>
                <td class="text-nowrap" data-testid="audit-actor">
                  <Show when={entry.actor.kind === 'apiKey'}>
                    <span class="badge bg-body-tertiary text-body border me-1">key</span>
                  </Show>
                  <span class={entry.actor.kind === 'system' ? 'text-body-secondary fst-italic' : undefined}>
                    {entry.actor.label}
                  </span>
                </td>
                <td class="text-nowrap">
                  <Show when={entry.modelSlug} fallback="–">
                    {(slug) => (
                      <A href={`/m/${slug()}/library`} title="Open this model's library">
                        <code>{slug()}</code>
                      </A>
                    )}
                  </Show>
                </td>
                <td>
                  <code class="text-nowrap">{entry.action}</code>
                </td>
                <td class="text-nowrap">{target(entry)}</td>
                <td style={{ 'min-width': '16rem' }}>
                  <AuditDetails details={readableAudit(entry)} modelSlug={entry.modelSlug} />
                </td>
                <td class="text-nowrap">{entry.ip ?? '–'}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  </div>
);

export default AuditLogPage;

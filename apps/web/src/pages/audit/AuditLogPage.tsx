import type { Component } from 'solid-js';
import { createMemo, createSignal, For, Show } from 'solid-js';
import type { AuditEntry, AuditFilter } from '../../api/audit';
import { useAuditLog } from '../../api/audit';
import { useModels } from '../../api/models';
import { AdminOnly } from '../../components/AdminOnly';
import { EmptyState } from '../../components/EmptyState';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { QueryResult } from '../../components/QueryResult';
import { formatDateTime, formatJson, truncate } from '../../lib/format';
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
  // The form's values, and the ones applied (a new list starts only on Apply).
  const [draft, setDraft] = createSignal<FilterValues>(noFilters);
  const [applied, setApplied] = createSignal<FilterValues>(noFilters);
  const filter = createMemo(
    (): AuditFilter =>
      withoutEmpty({
        modelSlug: applied().modelSlug,
        action: applied().action.trim(),
        since: startOfDay(applied().since),
        until: endOfDay(applied().until),
      }),
  );
  const log = useAuditLog(filter);
  const entries = () => log.data?.pages.flatMap((page) => page.items) ?? [];
  const edit = (key: keyof FilterValues, value: string) => setDraft({ ...draft(), [key]: value });
  const isFiltered = () => JSON.stringify(applied()) !== JSON.stringify(noFilters);

  return (
    <div class="container-xxl py-4" data-testid="audit-page">
      <PageHeader
        title="Audit log"
        description="Every change made through the app or the API: who, on which model, what, and from where."
      />
      <form
        class="card card-body shadow-sm mb-4"
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(draft());
        }}
        data-testid="audit-filters"
      >
        <div class="row g-3 align-items-end">
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
          <div class="col-md-2 d-flex gap-2">
            <button type="submit" class="btn btn-primary btn-sm" data-testid="audit-filter-apply">
              Apply
            </button>
            <button
              type="button"
              class="btn btn-outline-secondary btn-sm"
              disabled={!isFiltered() && JSON.stringify(draft()) === JSON.stringify(noFilters)}
              onClick={() => {
                setDraft(noFilters);
                setApplied(noFilters);
              }}
            >
              Reset
            </button>
          </div>
        </div>
      </form>
      <QueryResult query={log} loading="Loading the audit log…" errorTitle="Could not load the audit log">
        {(_data) => (
          <Show
            when={entries().length > 0}
            fallback={
              <EmptyState
                title={isFiltered() ? 'No entries match these filters' : 'Nothing recorded yet'}
                hint={
                  isFiltered() ? 'Widen the dates or clear a filter.' : 'Changes appear here as they happen.'
                }
                testId="audit-empty"
              />
            }
          >
            <AuditTable entries={entries()} />
            <LoadMore
              shown={entries().length}
              hasMore={log.hasNextPage}
              loading={log.isFetchingNextPage}
              onLoad={() => void log.fetchNextPage()}
            />
          </Show>
        )}
      </QueryResult>
    </div>
  );
};

/** Details longer than this are cut in the table; the full JSON is in the cell's tooltip. */
const DETAILS_CHARS = 140;

function target(entry: AuditEntry): string {
  if (!entry.targetType) return '–';
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
                <td class="text-nowrap">
                  <Show
                    when={entry.actorEmail}
                    fallback={
                      <Show
                        when={entry.actorApiKeyName}
                        fallback={<span class="text-body-secondary">–</span>}
                      >
                        {(name) => (
                          <>
                            <span class="badge text-bg-light border me-1">key</span>
                            {name()}
                          </>
                        )}
                      </Show>
                    }
                  >
                    {entry.actorEmail}
                  </Show>
                </td>
                <td class="text-nowrap">
                  <Show when={entry.modelSlug} fallback="–">
                    {(slug) => <code>{slug()}</code>}
                  </Show>
                </td>
                <td>
                  <code class="text-nowrap">{entry.action}</code>
                </td>
                <td class="text-nowrap">{target(entry)}</td>
                <td class="font-monospace text-body-secondary text-break" title={formatJson(entry.details)}>
                  {truncate(formatJson(entry.details), DETAILS_CHARS)}
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

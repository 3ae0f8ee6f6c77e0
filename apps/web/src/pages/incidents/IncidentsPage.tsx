import type { IncidentState } from '@phoenix4ge/shared';
import { useNavigate, useParams } from '@solidjs/router';
import type { Component } from 'solid-js';
import { createMemo, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import type { Incident } from '../../api/incidents';
import { useIncidentCounts, useIncidents, useIncidentsLive } from '../../api/incidents';
import { AdminOnly } from '../../components/AdminOnly';
import { EmptyState } from '../../components/EmptyState';
import { LiveIndicator } from '../../components/LiveIndicator';
import { PageHeader } from '../../components/PageHeader';
import { QueryResult } from '../../components/QueryResult';
import { formatDateTime } from '../../lib/format';
import { IncidentPanel } from './IncidentPanel';
import { ruleLabel, severityBadge, stateBadge, subjectLabels } from './labels';

/** Security incidents the monitoring rules raised (admin): a list by state, and the selected incident's detail. */
const IncidentsPage: Component = () => (
  <AdminOnly>
    <Incidents />
  </AdminOnly>
);

const stateTabs: { value: IncidentState | undefined; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'resolved', label: 'Resolved' },
  { value: undefined, label: 'All' },
];

const Incidents: Component = () => {
  const params = useParams();
  const navigate = useNavigate();
  const [state, setState] = createSignal<IncidentState | undefined>('open');
  const incidents = useIncidents(state);
  const counts = useIncidentCounts(() => true);
  const live = useIncidentsLive();
  const selected = createMemo(() => {
    const id = Number(params.id);
    return Number.isInteger(id) && id > 0 ? id : undefined;
  });
  const open = (id: number) => navigate(`/incidents/${id}`);

  // j / k (or the arrow keys) move through the list, as in the moderation queue.
  const onKey = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, textarea, select, [role="dialog"], [role="alertdialog"]')) return;
    const list = incidents.data?.items ?? [];
    if (list.length === 0) return;
    const at = list.findIndex((incident) => incident.id === selected());
    let next: Incident | undefined;
    if (event.key === 'j' || event.key === 'ArrowDown') next = list[Math.min(list.length - 1, at + 1)];
    else if (event.key === 'k' || event.key === 'ArrowUp') next = list[Math.max(0, at - 1)];
    else return;
    event.preventDefault();
    if (next) open(next.id);
  };
  onMount(() => document.addEventListener('keydown', onKey));
  onCleanup(() => document.removeEventListener('keydown', onKey));

  const countOf = (value: IncidentState | undefined) =>
    value === 'open' ? counts.data?.open : value === 'acknowledged' ? counts.data?.acknowledged : undefined;

  return (
    <div class="container-xxl py-4" data-testid="incidents-page">
      <PageHeader
        title="Security incidents"
        description="Raised by the monitoring rules over the security events; respond, then acknowledge or resolve. Keys: j / k move through the list."
      >
        <LiveIndicator connection={live()} />
      </PageHeader>
      <div class="row g-4">
        <div class="col-lg-5">
          <fieldset class="nav nav-pills mb-3 border-0 p-0">
            <legend class="visually-hidden">Incident state</legend>
            <For each={stateTabs}>
              {(tab) => (
                <button
                  type="button"
                  class="nav-link py-1 px-3"
                  classList={{ active: state() === tab.value }}
                  aria-pressed={state() === tab.value}
                  onClick={() => setState(tab.value)}
                  data-testid={`incidents-tab-${tab.value ?? 'all'}`}
                >
                  {tab.label}
                  <Show when={countOf(tab.value)}>
                    {(n) => <span class="badge text-bg-light ms-2">{n()}</span>}
                  </Show>
                </button>
              )}
            </For>
          </fieldset>
          <QueryResult
            query={incidents}
            loading="Loading incidents…"
            errorTitle="Could not load the incidents"
          >
            {(page) => (
              <Show
                when={page().items.length > 0}
                fallback={
                  <EmptyState
                    title={state() ? `No ${state()} incidents` : 'No incidents yet'}
                    hint="The rules run every minute; incidents appear here when one fires."
                    testId="incidents-empty"
                  />
                }
              >
                <div class="list-group shadow-sm" data-testid="incidents-list">
                  <For each={page().items}>
                    {(incident) => (
                      <button
                        type="button"
                        class="list-group-item list-group-item-action"
                        classList={{ active: incident.id === selected() }}
                        aria-current={incident.id === selected()}
                        onClick={() => open(incident.id)}
                        data-testid="incident-row"
                        data-rule={incident.rule}
                        data-state={incident.state}
                      >
                        <div class="d-flex justify-content-between align-items-center gap-2">
                          <span class="fw-medium">{ruleLabel(incident.rule)}</span>
                          <span class={`badge ${stateBadge[incident.state]}`}>{incident.state}</span>
                        </div>
                        <div class="small text-truncate">{incident.summary}</div>
                        <div class="small opacity-75 d-flex flex-wrap gap-2">
                          <span class={`badge ${severityBadge[incident.severity]}`}>{incident.severity}</span>
                          <span>
                            {subjectLabels[incident.subjectType]}{' '}
                            <span class="font-monospace">{incident.subjectId}</span>
                          </span>
                          <span>last {formatDateTime(incident.lastSeenAt)}</span>
                        </div>
                      </button>
                    )}
                  </For>
                </div>
              </Show>
            )}
          </QueryResult>
        </div>
        <div class="col-lg-7">
          <Show
            when={selected()}
            fallback={
              <EmptyState title="No incident selected" hint="Pick one from the list to see its evidence." />
            }
          >
            {(id) => <IncidentPanel id={id()} />}
          </Show>
        </div>
      </div>
    </div>
  );
};

export default IncidentsPage;

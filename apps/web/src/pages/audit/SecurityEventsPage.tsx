import type { SecurityEventType } from '@phoenix4ge/shared';
import { securityEventTypes } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { createMemo, For } from 'solid-js';
import type { SecurityEvent, SecurityFilter } from '../../api/audit';
import { useSecurityEvents } from '../../api/audit';
import { AdminOnly } from '../../components/AdminOnly';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../lib/format';
import { AuditDetails } from './AuditDetails';
import { readableSecurity } from './audit-details';
import { createFilterForm, FilterCard, PagedLog } from './FilteredLog';
import { startOfDay, withoutEmpty } from './filters';

/** Failed sign-ins, lockouts, refused requests and other security signals, newest first (admin). */
const SecurityEventsPage: Component = () => (
  <AdminOnly>
    <SecurityEvents />
  </AdminOnly>
);

/** Labels for the known types; a type added to the api later shows as its name ("new_type" → "new type"). */
const typeLabels: Partial<Record<SecurityEventType, string>> = {
  login_failed: 'Sign-in failed',
  account_locked: 'Account locked',
  rate_limited: 'Rate limited',
  forbidden: 'Access refused',
  bad_api_key: 'Bad API key',
  bad_session: 'Bad session',
  csrf_rejected: 'CSRF rejected',
  password_changed: 'Password changed',
  sessions_revoked: 'Sessions ended',
  file_rejected: 'File rejected',
  webhook_bad_signature: 'Webhook with a bad signature',
  api_key_address: 'API key used from a new address',
};

const typeBadge: Partial<Record<SecurityEventType, string>> = {
  account_locked: 'text-bg-danger',
  rate_limited: 'text-bg-warning',
  forbidden: 'text-bg-warning',
  csrf_rejected: 'text-bg-danger',
  bad_api_key: 'text-bg-warning',
  password_changed: 'text-bg-info',
  sessions_revoked: 'text-bg-info',
};

interface FilterValues {
  type: string;
  ip: string;
  since: string;
}

const noFilters: FilterValues = { type: '', ip: '', since: '' };

const SecurityEvents: Component = () => {
  const form = createFilterForm(noFilters);
  const filter = createMemo(
    (): SecurityFilter =>
      withoutEmpty({
        type: form.applied().type as SecurityEventType | '',
        ip: form.applied().ip.trim(),
        since: startOfDay(form.applied().since),
      }) as SecurityFilter,
  );
  const events = useSecurityEvents(filter);
  const { draft, edit } = form;

  return (
    <div class="container-xxl py-4" data-testid="security-page">
      <PageHeader
        title="Security events"
        description="Failed and throttled sign-ins, refused requests, password changes and ended sessions."
      />
      <FilterCard form={form} testId="security">
        <div class="col-md-4">
          <label class="form-label small" for="security-type">
            Type
          </label>
          <select
            id="security-type"
            class="form-select form-select-sm"
            value={draft().type}
            onChange={(event) => edit('type', event.currentTarget.value)}
            data-testid="security-filter-type"
          >
            <option value="">All types</option>
            <For each={securityEventTypes}>
              {(type) => (
                <option value={type} selected={type === draft().type}>
                  {labelOf(type)}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="col-md-3">
          <label class="form-label small" for="security-ip">
            IP address
          </label>
          <input
            id="security-ip"
            class="form-control form-control-sm"
            placeholder="exact, e.g. 203.0.113.7"
            value={draft().ip}
            onInput={(event) => edit('ip', event.currentTarget.value)}
            data-testid="security-filter-ip"
          />
        </div>
        <div class="col-md-3">
          <label class="form-label small" for="security-since">
            Since
          </label>
          <input
            id="security-since"
            type="date"
            class="form-control form-control-sm"
            value={draft().since}
            onInput={(event) => edit('since', event.currentTarget.value)}
          />
        </div>
      </FilterCard>
      <PagedLog
        query={events}
        loading="Loading security events…"
        errorTitle="Could not load the security events"
        filtered={form.isFiltered()}
        empty={{
          title: 'No security events yet',
          hint: 'Events appear here as they happen.',
          filteredTitle: 'No events match these filters',
          filteredHint: 'Widen the date or clear a filter.',
          testId: 'security-empty',
        }}
      >
        {(items) => <SecurityTable events={items()} />}
      </PagedLog>
    </div>
  );
};

function labelOf(type: string): string {
  return typeLabels[type as SecurityEventType] ?? type.replaceAll('_', ' ');
}

const SecurityTable: Component<{ events: readonly SecurityEvent[] }> = (props) => (
  <div class="card shadow-sm">
    <div class="table-responsive">
      <table class="table table-sm table-hover align-middle small mb-0" data-testid="security-table">
        <thead class="table-light">
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Type</th>
            <th scope="col">Account</th>
            <th scope="col">IP</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.events}>
            {(event) => (
              <tr data-testid="security-row" data-type={event.type}>
                <td class="text-nowrap">{formatDateTime(event.createdAt, { seconds: true })}</td>
                <td>
                  <span
                    class={`badge ${typeBadge[event.type as SecurityEventType] ?? 'bg-body-tertiary text-body border'}`}
                  >
                    {labelOf(event.type)}
                  </span>
                </td>
                <td class="text-nowrap" data-testid="security-account">
                  {event.account ?? '–'}
                </td>
                <td class="text-nowrap">{event.ip ?? '–'}</td>
                <td style={{ 'min-width': '14rem' }}>
                  <AuditDetails details={readableSecurity(event.details)} modelSlug={null} />
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  </div>
);

export default SecurityEventsPage;

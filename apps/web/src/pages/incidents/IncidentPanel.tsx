import type { Component } from 'solid-js';
import { createSignal, For, Show } from 'solid-js';
import type { IncidentDetail } from '../../api/incidents';
import {
  useAcknowledgeIncident,
  useEndSessions,
  useIncident,
  useLockUser,
  usePauseModel,
  useResolveIncident,
  useRevokeIncidentKey,
} from '../../api/incidents';
import { useModels } from '../../api/models';
import { ConfirmButton } from '../../components/ConfirmButton';
import { DetailRow } from '../../components/DetailList';
import { QueryResult } from '../../components/QueryResult';
import { formatDateTime } from '../../lib/format';
import { showToast } from '../../stores/toasts';
import { AuditDetails } from '../audit/AuditDetails';
import { readableSecurity } from '../audit/audit-details';
import {
  evidenceLabels,
  responseLabels,
  ruleLabel,
  severityBadge,
  stateBadge,
  subjectLabels,
} from './labels';

/** One incident: what fired, the evidence as fields and events, the responses that fit its subject, ack/resolve. */
export const IncidentPanel: Component<{ id: number }> = (props) => {
  const incident = useIncident(() => props.id);
  return (
    <QueryResult query={incident} loading="Loading the incident…" errorTitle="Could not load the incident">
      {(detail) => (
        <div class="card shadow-sm" data-testid="incident-detail" data-state={detail().state}>
          <div class="card-header d-flex flex-wrap align-items-center gap-2">
            <h2 class="h5 mb-0 me-auto">{ruleLabel(detail().rule)}</h2>
            <span class={`badge ${severityBadge[detail().severity]}`}>{detail().severity}</span>
            <span class={`badge ${stateBadge[detail().state]}`} data-testid="incident-state">
              {detail().state}
            </span>
          </div>
          <div class="card-body">
            <p class="mb-3">{detail().summary}</p>
            <dl class="row small mb-3">
              <DetailRow label={subjectLabels[detail().subject.type]}>
                <code>{detail().subject.label}</code>
              </DetailRow>
              <DetailRow label="First seen">{formatDateTime(detail().firstSeenAt)}</DetailRow>
              <DetailRow label="Last seen">{formatDateTime(detail().lastSeenAt)}</DetailRow>
              <DetailRow label="Most events in one window">{String(detail().count)}</DetailRow>
              <For each={evidenceFields(detail())}>
                {([name, value]) => <DetailRow label={evidenceLabels[name] ?? name}>{value}</DetailRow>}
              </For>
              <Show when={detail().acknowledgedAt}>
                <DetailRow label="Acknowledged">
                  {formatDateTime(detail().acknowledgedAt)}
                  <Show when={detail().acknowledgeNote}>
                    {(note) => <div class="fst-italic">{note()}</div>}
                  </Show>
                </DetailRow>
              </Show>
              <Show when={detail().resolvedAt}>
                <DetailRow label="Resolved">
                  {formatDateTime(detail().resolvedAt)}
                  <Show when={detail().resolveNote}>{(note) => <div class="fst-italic">{note()}</div>}</Show>
                </DetailRow>
              </Show>
            </dl>
            <Responses detail={detail()} />
            <Show when={detail().responses.length > 0}>
              <h3 class="h6 mt-3">Responses taken</h3>
              <ul class="small mb-0" data-testid="incident-responses">
                <For each={detail().responses}>
                  {(response) => (
                    <li>
                      {responseLabels[response.action] ?? response.action}: <code>{response.target}</code>,{' '}
                      {formatDateTime(response.at)}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </div>
          <Show when={detail().events.length > 0}>
            <div class="table-responsive border-top">
              <table class="table table-sm align-middle small mb-0" data-testid="incident-events">
                <caption class="px-3">The latest events the rule counted</caption>
                <thead class="table-light">
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Type</th>
                    <th scope="col">IP</th>
                    <th scope="col">Email / key</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={detail().events}>
                    {(event) => (
                      <tr>
                        <td class="text-nowrap">{formatDateTime(event.createdAt)}</td>
                        <td>{event.type.replaceAll('_', ' ')}</td>
                        <td>
                          <code>{event.ip ?? '–'}</code>
                        </td>
                        <td class="text-break">{whoOf(event)}</td>
                        <td class="text-break">
                          <Show when={event.details} fallback="–">
                            {(details) => (
                              <AuditDetails details={readableSecurity(details())} modelSlug={null} />
                            )}
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        </div>
      )}
    </QueryResult>
  );
};

/** Who an event names: the email tried, or the user's or API key's id. */
function whoOf(event: IncidentDetail['events'][number]): string {
  if (event.email) return event.email;
  if (event.userId) return `user #${event.userId}`;
  if (event.apiKeyId) return `key #${event.apiKeyId}`;
  return '–';
}

/** The evidence's readable fields (the event ids are shown as the events table instead). */
function evidenceFields(detail: IncidentDetail): [string, string][] {
  return Object.entries(detail.evidence)
    .filter(([name]) => name !== 'eventIds')
    .map(([name, value]) => [name, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
}

/** The buttons that fit the incident's subject, then acknowledge and resolve (each asks first). */
const Responses: Component<{ detail: IncidentDetail }> = (props) => {
  const lock = useLockUser();
  const endSessions = useEndSessions();
  const revoke = useRevokeIncidentKey();
  const pause = usePauseModel();
  const acknowledge = useAcknowledgeIncident();
  const resolve = useResolveIncident();
  const models = useModels(() => true);
  const [note, setNote] = createSignal('');
  const [modelSlug, setModelSlug] = createSignal('');
  const incidentId = () => props.detail.id;
  const subjectUser = () => {
    const subject = props.detail.subject;
    return subject.type === 'user' ? subject.user : null;
  };
  const subjectKey = () => {
    const subject = props.detail.subject;
    return subject.type === 'api_key' ? subject.apiKey : null;
  };
  const done = (message: string) => () => showToast(message);
  const active = () => props.detail.state !== 'resolved';
  const noteField = (id: string) => (
    <div class="mt-3">
      <label class="form-label small" for={id}>
        Note (optional)
      </label>
      <textarea
        id={id}
        class="form-control form-control-sm"
        rows="2"
        maxLength={2000}
        value={note()}
        onInput={(event) => setNote(event.currentTarget.value)}
      />
    </div>
  );

  return (
    <div class="d-flex flex-wrap gap-2 align-items-center" data-testid="incident-actions">
      <Show when={subjectUser()}>
        {(found) => (
          <>
            <Show
              when={!found().disabledAt}
              fallback={
                <ConfirmButton
                  label="Unlock user"
                  title={`Unlock ${found().email}?`}
                  confirmLabel="Unlock"
                  variant="primary"
                  buttonClass="btn btn-outline-secondary btn-sm"
                  testId="incident-unlock-user"
                  onConfirm={() =>
                    lock
                      .mutateAsync({ userId: found().id, locked: false, incidentId: incidentId() })
                      .then(done(`Unlocked ${found().email}`))
                  }
                >
                  <p class="mb-0">They can sign in again.</p>
                </ConfirmButton>
              }
            >
              <ConfirmButton
                label="Lock user"
                title={`Lock ${found().email}?`}
                confirmLabel="Lock user"
                testId="incident-lock-user"
                onConfirm={() =>
                  lock
                    .mutateAsync({ userId: found().id, incidentId: incidentId() })
                    .then(done(`Locked ${found().email}`))
                }
              >
                <p class="mb-0">They are signed out everywhere and cannot sign in until unlocked.</p>
              </ConfirmButton>
            </Show>
            <ConfirmButton
              label="End all sessions"
              title={`End every session of ${found().email}?`}
              confirmLabel="End sessions"
              variant="warning"
              buttonClass="btn btn-outline-warning btn-sm"
              testId="incident-end-sessions"
              onConfirm={() =>
                endSessions
                  .mutateAsync({ userId: found().id, incidentId: incidentId() })
                  .then((result) => showToast(`Ended ${result.sessionsEnded} session(s)`))
              }
            >
              <p class="mb-0">They are signed out on every device; they may sign in again.</p>
            </ConfirmButton>
          </>
        )}
      </Show>
      <Show when={subjectKey()}>
        {(found) => (
          <Show when={!found().revokedAt} fallback={<span class="badge text-bg-secondary">key revoked</span>}>
            <ConfirmButton
              label="Revoke API key"
              title={`Revoke "${found().name}"?`}
              confirmLabel="Revoke key"
              testId="incident-revoke-key"
              onConfirm={() =>
                revoke
                  .mutateAsync({ apiKeyId: found().id, incidentId: incidentId() })
                  .then(done(`Revoked ${found().name}`))
              }
            >
              <p class="mb-0">Requests with this key fail from now on. This cannot be undone.</p>
            </ConfirmButton>
          </Show>
        )}
      </Show>
      <div class="input-group input-group-sm w-auto">
        <select
          class="form-select form-select-sm"
          aria-label="Model whose public delivery to pause or resume"
          value={modelSlug()}
          onChange={(event) => setModelSlug(event.currentTarget.value)}
          data-testid="incident-pause-model"
        >
          <option value="">Model…</option>
          <For each={models.data ?? []}>
            {(model) => (
              <option value={model.slug}>
                {model.slug}
                {model.publicPausedAt ? ' (paused)' : ''}
              </option>
            )}
          </For>
        </select>
        <Show
          when={!models.data?.find((model) => model.slug === modelSlug())?.publicPausedAt}
          fallback={
            <ConfirmButton
              label="Resume public delivery"
              title={`Resume ${modelSlug()}'s public delivery?`}
              confirmLabel="Resume"
              variant="primary"
              buttonClass="btn btn-outline-secondary btn-sm"
              onConfirm={() =>
                pause
                  .mutateAsync({ modelSlug: modelSlug(), paused: false, incidentId: incidentId() })
                  .then(() => models.refetch())
                  .then(done(`Resumed ${modelSlug()}`))
              }
            >
              <p class="mb-0">The gallery and portfolio come back, with new image URLs.</p>
            </ConfirmButton>
          }
        >
          <ConfirmButton
            label="Pause public delivery"
            title={`Pause ${modelSlug()}'s public delivery?`}
            confirmLabel="Pause"
            disabled={!modelSlug()}
            testId="incident-pause"
            onConfirm={() =>
              pause
                .mutateAsync({ modelSlug: modelSlug(), incidentId: incidentId() })
                .then(() => models.refetch())
                .then(done(`Paused ${modelSlug()}`))
            }
          >
            <p class="mb-0">
              The public gallery, portfolio and every image URL of this model answer 404 at once (URLs are
              revoked and purged); resuming hands out new URLs.
            </p>
          </ConfirmButton>
        </Show>
      </div>
      <div class="ms-auto d-flex gap-2">
        <Show when={props.detail.state === 'open'}>
          <ConfirmButton
            label="Acknowledge"
            title="Acknowledge the incident?"
            confirmLabel="Acknowledge"
            variant="primary"
            buttonClass="btn btn-outline-primary btn-sm"
            testId="incident-acknowledge"
            onConfirm={() =>
              acknowledge
                .mutateAsync({ id: incidentId(), note: note() })
                .then(() => setNote(''))
                .then(done('Acknowledged'))
            }
          >
            <p class="mb-0">Someone is on it; the rule keeps updating it while it fires.</p>
            {noteField('incident-ack-note')}
          </ConfirmButton>
        </Show>
        <Show when={active()}>
          <ConfirmButton
            label="Resolve"
            title="Resolve the incident?"
            confirmLabel="Resolve"
            variant="primary"
            buttonClass="btn btn-success btn-sm"
            testId="incident-resolve"
            onConfirm={() =>
              resolve
                .mutateAsync({ id: incidentId(), note: note() })
                .then(() => setNote(''))
                .then(done('Resolved'))
            }
          >
            <p class="mb-0">If the rule fires again for this subject, a new incident opens.</p>
            {noteField('incident-resolve-note')}
          </ConfirmButton>
        </Show>
      </div>
    </div>
  );
};

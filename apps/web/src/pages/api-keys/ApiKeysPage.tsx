import type { Component } from 'solid-js';
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import type { ApiKey, CreatedApiKey } from '../../api/api-keys';
import { useApiKeys, useRevokeApiKey } from '../../api/api-keys';
import { AdminOnly } from '../../components/AdminOnly';
import { ConfirmButton } from '../../components/ConfirmButton';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryResult } from '../../components/QueryResult';
import { RoleBadge } from '../../components/RoleBadge';
import { formatDateTime } from '../../lib/format';
import { showToast } from '../../stores/toasts';
import { CreateApiKeyForm } from './CreateApiKeyForm';
import { NewKeyAlert } from './NewKeyAlert';

/** API keys for scripts and integrations (admin): list, create (the key is shown once), revoke. */
const ApiKeysPage: Component = () => (
  <AdminOnly>
    <ApiKeys />
  </AdminOnly>
);

const ApiKeys: Component = () => {
  const keys = useApiKeys();
  const [created, setCreated] = createSignal<CreatedApiKey>();

  return (
    <div class="container py-4" data-testid="api-keys-page">
      <PageHeader
        title="API keys"
        description={
          <>
            For scripts and integrations: send the key as <code>Authorization: Bearer &lt;key&gt;</code>. A
            key acts with its role on one model, or on all models.
          </>
        }
      />
      <Show when={created()}>
        {(key) => <NewKeyAlert created={key()} onDone={() => setCreated(undefined)} />}
      </Show>
      <div class="row g-4">
        <div class="col-xl-8">
          <QueryResult query={keys} loading="Loading API keys…" errorTitle="Could not load the API keys">
            {(list) => (
              <Show
                when={list().length > 0}
                fallback={
                  <EmptyState
                    title="No API keys yet"
                    hint="Create one for each script or integration, so you can revoke them one by one."
                    testId="api-keys-empty"
                  />
                }
              >
                <ApiKeysTable keys={list()} />
              </Show>
            )}
          </QueryResult>
        </div>
        <div class="col-xl-4">
          <CreateApiKeyForm onCreated={setCreated} />
        </div>
      </div>
    </div>
  );
};

type KeyState = 'active' | 'revoked' | 'expired';

function stateOf(key: ApiKey): KeyState {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= Date.now()) return 'expired';
  return 'active';
}

const ApiKeysTable: Component<{ keys: readonly ApiKey[] }> = (props) => {
  const revoke = useRevokeApiKey();

  return (
    <div class="card shadow-sm">
      <div class="table-responsive">
        <table class="table align-middle small mb-0" data-testid="api-keys-table">
          <thead class="table-light">
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Scope</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col" class="text-end">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.keys}>
              {(key) => (
                <tr
                  data-testid="api-key-row"
                  data-name={key.name}
                  data-state={stateOf(key)}
                  classList={{ 'text-body-secondary': stateOf(key) !== 'active' }}
                >
                  <td>
                    <div class="fw-medium text-body">{key.name}</div>
                    <code class="text-nowrap">{key.keyPrefix}…</code>
                  </td>
                  <td>
                    <div class="d-flex flex-wrap align-items-center gap-1">
                      <RoleBadge role={key.role} />
                      <Show when={key.modelSlug} fallback={<span>all models</span>}>
                        {(slug) => <code>{slug()}</code>}
                      </Show>
                    </div>
                  </td>
                  <td>
                    <div class="text-nowrap">{formatDateTime(key.createdAt)}</div>
                    <div class="text-body-secondary text-break">{key.createdBy ?? '–'}</div>
                  </td>
                  <td class="text-nowrap">
                    <Show when={key.lastUsedAt} fallback="never">
                      {formatDateTime(key.lastUsedAt)}
                    </Show>
                  </td>
                  <td class="text-nowrap">
                    <Show when={key.expiresAt} fallback="never">
                      {formatDateTime(key.expiresAt)}
                    </Show>
                  </td>
                  <td class="text-end">
                    <Switch>
                      <Match when={stateOf(key) === 'revoked'}>
                        <span
                          class="badge text-bg-secondary"
                          title={`Revoked ${formatDateTime(key.revokedAt)}`}
                        >
                          revoked
                        </span>
                      </Match>
                      <Match when={stateOf(key) === 'expired'}>
                        <span class="badge bg-body-tertiary text-body border">expired</span>
                      </Match>
                      <Match when={stateOf(key) === 'active'}>
                        <ConfirmButton
                          label="Revoke"
                          title={`Revoke "${key.name}"?`}
                          confirmLabel="Revoke key"
                          testId="api-key-revoke"
                          onConfirm={async () => {
                            await revoke.mutateAsync(key.id);
                            showToast(`Revoked ${key.name}`);
                          }}
                        >
                          <p class="mb-0">
                            Requests with <code>{key.keyPrefix}…</code> fail from now on. This cannot be
                            undone; create a new key if you need one again.
                          </p>
                        </ConfirmButton>
                      </Match>
                    </Switch>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </div>
  );
};

export default ApiKeysPage;

import type { Component } from 'solid-js';
import { createSignal, For, Show } from 'solid-js';
import { useCurrentUser } from '../../api/auth';
import type { User } from '../../api/users';
import { useUpdateUser, useUsers } from '../../api/users';
import { AdminOnly } from '../../components/AdminOnly';
import { ConfirmButton } from '../../components/ConfirmButton';
import { PageHeader } from '../../components/PageHeader';
import { QueryResult } from '../../components/QueryResult';
import { RelativeTime } from '../../components/RelativeTime';
import { formatDateTime } from '../../lib/format';
import { showToast } from '../../stores/toasts';
import { CreateUserForm } from './CreateUserForm';
import { SetPasswordDialog } from './SetPasswordDialog';

/** Every account (admin): create, disable or enable, make or remove admin, set a password. */
const UsersPage: Component = () => (
  <AdminOnly>
    <UsersList />
  </AdminOnly>
);

const UsersList: Component = () => {
  const users = useUsers();

  return (
    <div class="container-xxl py-4" data-testid="users-page">
      <PageHeader
        title="Users"
        description="Everyone who can sign in. Administrators manage every model; everyone else sees the models they are a member of."
      />
      <div class="row g-4">
        <div class="col-xl-8">
          <QueryResult query={users} loading="Loading users…" errorTitle="Could not load the users">
            {(list) => <UsersTable users={list()} />}
          </QueryResult>
        </div>
        <div class="col-xl-4">
          <CreateUserForm />
        </div>
      </div>
    </div>
  );
};

function isLocked(user: User): boolean {
  return user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > Date.now();
}

const UsersTable: Component<{ users: readonly User[] }> = (props) => {
  const me = useCurrentUser();
  const update = useUpdateUser();
  const [passwordFor, setPasswordFor] = createSignal<User>();

  const change = async (user: User, change: { isAdmin?: boolean; disabled?: boolean }, done: string) => {
    await update.mutateAsync({ id: user.id, ...change });
    showToast(done);
  };

  return (
    <div class="card shadow-sm">
      <div class="table-responsive">
        <table class="table align-middle mb-0" data-testid="users-table">
          <thead class="table-light">
            <tr>
              <th scope="col">User</th>
              <th scope="col">Status</th>
              <th scope="col" class="d-none d-md-table-cell">
                Last sign-in
              </th>
              <th scope="col" class="text-end">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.users}>
              {(user) => {
                const isMe = () => user.id === me()?.id;
                return (
                  <tr
                    data-testid="user-row"
                    data-email={user.email}
                    classList={{ 'table-secondary': !!user.disabledAt }}
                  >
                    <td>
                      <div class="fw-medium">
                        {user.displayName}
                        <Show when={isMe()}>
                          <span class="text-body-secondary fw-normal"> (you)</span>
                        </Show>
                      </div>
                      <div class="small text-body-secondary">{user.email}</div>
                    </td>
                    <td>
                      <div class="d-flex flex-wrap gap-1">
                        <Show when={user.isAdmin}>
                          <span class="badge text-bg-dark" data-testid="user-admin-badge">
                            admin
                          </span>
                        </Show>
                        <Show
                          when={user.disabledAt}
                          fallback={
                            <Show
                              when={isLocked(user)}
                              fallback={<span class="badge text-bg-success">active</span>}
                            >
                              <span
                                class="badge text-bg-warning"
                                title={`Until ${formatDateTime(user.lockedUntil)}`}
                              >
                                locked
                              </span>
                            </Show>
                          }
                        >
                          <span class="badge text-bg-secondary" data-testid="user-disabled-badge">
                            disabled
                          </span>
                        </Show>
                      </div>
                    </td>
                    <td class="small text-body-secondary text-nowrap d-none d-md-table-cell">
                      <Show
                        when={user.lastLoginAt}
                        fallback={<span data-testid="user-last-login">never</span>}
                      >
                        {(at) => <RelativeTime value={at()} testId="user-last-login" />}
                      </Show>
                    </td>
                    <td class="text-end text-nowrap">
                      <div class="d-inline-flex justify-content-end gap-1">
                        <button
                          type="button"
                          class="btn btn-outline-secondary btn-sm"
                          onClick={() => setPasswordFor(user)}
                          data-testid="user-set-password"
                        >
                          Set password
                        </button>
                        <Show when={!isMe()}>
                          <Show
                            when={user.isAdmin}
                            fallback={
                              <ConfirmButton
                                label="Make admin"
                                buttonClass="btn btn-outline-secondary btn-sm"
                                variant="primary"
                                title={`Make ${user.displayName} an administrator?`}
                                confirmLabel="Make admin"
                                onConfirm={() =>
                                  change(
                                    user,
                                    { isAdmin: true },
                                    `${user.displayName} is now an administrator`,
                                  )
                                }
                                testId="user-make-admin"
                              >
                                <p class="mb-0">
                                  Administrators can open and change every model, manage users and API keys,
                                  and read the audit log.
                                </p>
                              </ConfirmButton>
                            }
                          >
                            <ConfirmButton
                              label="Remove admin"
                              buttonClass="btn btn-outline-secondary btn-sm"
                              variant="warning"
                              title={`Remove ${user.displayName}'s admin rights?`}
                              confirmLabel="Remove admin"
                              onConfirm={() =>
                                change(
                                  user,
                                  { isAdmin: false },
                                  `${user.displayName} is no longer an administrator`,
                                )
                              }
                              testId="user-remove-admin"
                            >
                              <p class="mb-0">
                                They keep access to the models they are a member of, nothing else.
                              </p>
                            </ConfirmButton>
                          </Show>
                          <Show
                            when={user.disabledAt}
                            fallback={
                              <ConfirmButton
                                label="Disable"
                                title={`Disable ${user.displayName}?`}
                                confirmLabel="Disable account"
                                onConfirm={() =>
                                  change(user, { disabled: true }, `${user.displayName} is disabled`)
                                }
                                testId="user-disable"
                              >
                                <p class="mb-0">
                                  They are signed out everywhere and cannot sign in until you enable the
                                  account again. Their memberships are kept.
                                </p>
                              </ConfirmButton>
                            }
                          >
                            <button
                              type="button"
                              class="btn btn-outline-success btn-sm"
                              disabled={update.isPending}
                              onClick={() =>
                                void change(
                                  user,
                                  { disabled: false },
                                  `${user.displayName} can sign in again`,
                                ).catch(() => showToast(`Could not enable ${user.displayName}`, 'danger'))
                              }
                              data-testid="user-enable"
                            >
                              Enable
                            </button>
                          </Show>
                        </Show>
                      </div>
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={passwordFor()}>
        {(user) => <SetPasswordDialog user={user()} onClose={() => setPasswordFor(undefined)} />}
      </Show>
    </div>
  );
};

export default UsersPage;

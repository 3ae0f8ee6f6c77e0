import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import type { Member } from '../../api/members';
import { useMembers, useRemoveMember, useSetMemberRole } from '../../api/members';
import { ConfirmButton } from '../../components/ConfirmButton';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryResult } from '../../components/QueryResult';
import { RoleBadge } from '../../components/RoleBadge';
import { useCurrentModel } from '../../layouts/ModelLayout';
import { describeError } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { showToast } from '../../stores/toasts';
import { AddMemberForm } from './AddMemberForm';

const roleOptions = [
  { value: 'editor', label: 'Editor' },
  { value: 'viewer', label: 'Viewer' },
] as const;

/**
 * Who works on the current model. Admins manage the list; editors and viewers see it read-only (the api
 * refuses their changes with FORBIDDEN, so the controls are not offered).
 */
const MembersPage: Component = () => {
  const current = useCurrentModel();
  const slug = () => current.model().slug;
  const members = useMembers(slug);
  const canManage = () => current.role() === 'admin';

  return (
    <div class="container py-4" data-testid="members-page">
      <PageHeader
        title="Members"
        description={
          <>
            People who work on {current.model().displayName}. Editors upload and edit media; viewers only
            look. Administrators can manage every model without being members.
          </>
        }
      />
      <div class="row g-4">
        <div classList={{ 'col-lg-8': canManage(), 'col-12': !canManage() }}>
          <Show when={!canManage()}>
            <p class="small text-body-secondary" data-testid="members-read-only">
              You can see who works on this model; only an administrator can change the list.
            </p>
          </Show>
          <QueryResult query={members} loading="Loading members…" errorTitle="Could not load the members">
            {(list) => (
              <Show
                when={list().length > 0}
                fallback={
                  <EmptyState
                    title={canManage() ? 'No members yet — add the first one' : 'No members yet'}
                    hint={
                      canManage()
                        ? 'Add people by email with the form; you can create an account for them at the same time.'
                        : 'An administrator adds people to this model.'
                    }
                    testId="members-empty"
                  />
                }
              >
                <MembersTable members={list()} modelSlug={slug()} canManage={canManage()} />
              </Show>
            )}
          </QueryResult>
        </div>
        <Show when={canManage()}>
          <div class="col-lg-4">
            <AddMemberForm modelSlug={slug()} />
          </div>
        </Show>
      </div>
    </div>
  );
};

const MembersTable: Component<{ members: readonly Member[]; modelSlug: string; canManage: boolean }> = (
  props,
) => {
  const setRole = useSetMemberRole();
  const remove = useRemoveMember();

  const changeRole = (member: Member, select: HTMLSelectElement) => {
    const role = select.value as 'editor' | 'viewer';
    setRole.mutate(
      { modelSlug: props.modelSlug, userId: member.userId, role },
      {
        onSuccess: () =>
          showToast(`${member.displayName} is now ${role === 'editor' ? 'an editor' : 'a viewer'}`),
        onError: (error) => {
          // Show the role that is still stored, not the one that was refused.
          select.value = member.role;
          showToast(describeError(error), 'danger');
        },
      },
    );
  };

  return (
    <div class="card shadow-sm">
      <div class="table-responsive">
        <table class="table align-middle mb-0" data-testid="members-table">
          <thead class="table-light">
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Role</th>
              <th scope="col" class="d-none d-md-table-cell">
                Member since
              </th>
              <Show when={props.canManage}>
                <th scope="col" class="text-end">
                  <span class="visually-hidden">Actions</span>
                </th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={props.members}>
              {(member) => (
                <tr data-testid="member-row" data-email={member.email}>
                  <td>
                    <div class="fw-medium">
                      {member.displayName}
                      <Show when={member.disabledAt}>
                        <span class="badge text-bg-secondary ms-2">disabled</span>
                      </Show>
                      <Show when={member.isAdmin}>
                        <span class="badge text-bg-dark ms-2">admin</span>
                      </Show>
                    </div>
                    <div class="small text-body-secondary text-break">{member.email}</div>
                  </td>
                  <td>
                    <Show
                      when={props.canManage}
                      fallback={<RoleBadge role={member.role} testId="member-role" />}
                    >
                      <select
                        class="form-select form-select-sm w-auto"
                        aria-label={`Role of ${member.displayName}`}
                        value={member.role}
                        disabled={setRole.isPending && setRole.variables?.userId === member.userId}
                        onChange={(event) => changeRole(member, event.currentTarget)}
                        data-testid="member-role-select"
                      >
                        <For each={roleOptions}>
                          {(option) => (
                            <option value={option.value} selected={option.value === member.role}>
                              {option.label}
                            </option>
                          )}
                        </For>
                      </select>
                    </Show>
                  </td>
                  <td class="small text-body-secondary d-none d-md-table-cell">
                    {formatDateTime(member.since)}
                  </td>
                  <Show when={props.canManage}>
                    <td class="text-end">
                      <ConfirmButton
                        label="Remove"
                        title="Remove this member?"
                        confirmLabel="Remove member"
                        testId="member-remove"
                        onConfirm={async () => {
                          await remove.mutateAsync({ modelSlug: props.modelSlug, userId: member.userId });
                          showToast(`${member.displayName} no longer has access to this model`);
                        }}
                      >
                        <p class="mb-0">
                          <strong>{member.displayName}</strong> ({member.email}) will lose access to this
                          model. Their account stays; you can add them again later.
                        </p>
                      </ConfirmButton>
                    </td>
                  </Show>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </div>
  );
};

export default MembersPage;

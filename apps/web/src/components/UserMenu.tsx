import { A } from '@solidjs/router';
import type { Component } from 'solid-js';
import { Show } from 'solid-js';
import type { SignedInUser } from '../api/auth';
import { useLogout, useLogoutEverywhere } from '../api/auth';
import { ConfirmButton } from './ConfirmButton';
import { Dropdown } from './Dropdown';

/** The user's name in the navbar: change password, sign out here, or sign out everywhere. */
export const UserMenu: Component<{ user: SignedInUser }> = (props) => {
  const logout = useLogout();
  const logoutEverywhere = useLogoutEverywhere();

  return (
    <Dropdown
      as="li"
      alignEnd
      testId="user-menu"
      label={<span data-testid="user-name">{props.user.displayName}</span>}
    >
      <li>
        <div class="dropdown-item-text small">
          <div class="text-body-secondary">Signed in as</div>
          <div class="text-break">{props.user.email}</div>
          <div class="text-body-secondary">
            <Show when={props.user.isAdmin} fallback="Member of the models listed under Model">
              Administrator
            </Show>
          </div>
        </div>
      </li>
      <li>
        <hr class="dropdown-divider" />
      </li>
      <li>
        <A href="/account/password" class="dropdown-item" data-testid="nav-change-password">
          Change password
        </A>
      </li>
      <li>
        <hr class="dropdown-divider" />
      </li>
      <li>
        <button
          type="button"
          class="dropdown-item"
          disabled={logout.isPending}
          onClick={() => logout.mutate()}
          data-testid="logout"
        >
          Log out
        </button>
      </li>
      <li>
        <ConfirmButton
          label="Log out everywhere"
          buttonClass="dropdown-item"
          title="Log out everywhere?"
          confirmLabel="Log out everywhere"
          variant="warning"
          onConfirm={() => logoutEverywhere.mutateAsync()}
          testId="logout-everywhere"
        >
          <p class="mb-0">
            This ends every session of your account: this browser and any other device where you are signed
            in. You will need your password to sign in again.
          </p>
        </ConfirmButton>
      </li>
    </Dropdown>
  );
};

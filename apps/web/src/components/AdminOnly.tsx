import type { ParentComponent } from 'solid-js';
import { Show } from 'solid-js';
import { useCurrentUser } from '../api/auth';

/** Admin pages: their content for admins, an explanation for everyone else (the api refuses them anyway). */
export const AdminOnly: ParentComponent = (props) => {
  const user = useCurrentUser();
  return (
    <Show
      when={user()?.isAdmin}
      fallback={
        <div class="container py-5">
          <div class="alert alert-warning" role="alert" data-testid="admin-only">
            <h2 class="h5 alert-heading">Administrators only</h2>
            <p class="mb-0">This page is for administrators. Ask one if you need something changed here.</p>
          </div>
        </div>
      }
    >
      {props.children}
    </Show>
  );
};

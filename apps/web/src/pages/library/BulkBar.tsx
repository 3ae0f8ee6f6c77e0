import type { Component } from 'solid-js';
import { Match, Show, Switch } from 'solid-js';
import { DownloadMenu, MoveMenu, TagsMenu, WindowMenu } from './BulkMenus';
import type { Library } from './library.controller';
import { itemsWord } from './library.controller';
import { isOverLimit, MAX_PICKED } from './selection';

/**
 * The bar at the foot of the screen while items are selected: how many an action will touch (the api's count of
 * the selection, said before anything runs), "select all N matching", and the actions — download as a ZIP (every
 * role), move, tags, approve, reject, trash; in the trash restore and (admins) delete for good. Trashing everything matching and deleting
 * ask first.
 */
export const BulkBar: Component<{ library: Library }> = (props) => {
  const lib = () => props.library;
  const count = () => lib().selected();
  const countText = () => (count() === undefined ? '…' : itemsWord(count() ?? 0));
  const busy = () => lib().bulk.isPending;
  const disabled = () => busy() || isOverLimit(lib().selection()) || lib().request() === undefined;
  const allMode = () => lib().selection().kind === 'all';
  const canSelectAll = () => {
    const selection = lib().selection();
    return selection.kind === 'ids' && (lib().matching() ?? 0) > selection.ids.size;
  };

  return (
    <section
      class="bulk-bar card shadow-lg border-primary-subtle"
      aria-label="Selected items"
      data-testid="bulk-bar"
    >
      <div class="card-body py-2 px-3 d-flex flex-wrap align-items-center gap-2">
        <button
          type="button"
          class="btn-close"
          aria-label="Clear the selection (Esc)"
          title="Clear the selection (Esc)"
          onClick={() => lib().clearSelection()}
          data-testid="bulk-clear"
        />
        <div class="me-auto small">
          <strong data-testid="selection-count" data-count={count()}>
            {countText()} selected
          </strong>
          <Show when={allMode()}>
            <span class="text-body-secondary"> · everything matching this view</span>
          </Show>
          <Show when={canSelectAll()}>
            {' · '}
            <button
              type="button"
              class="btn btn-link btn-sm p-0 align-baseline"
              onClick={() => lib().selectAll()}
              data-testid="select-all-matching"
            >
              Select all {itemsWord(lib().matching() ?? 0)} matching
            </button>
          </Show>
          <Show when={isOverLimit(lib().selection())}>
            <div class="text-danger" role="alert">
              Up to {MAX_PICKED.toLocaleString()} items can be picked one by one; use "Select all matching".
            </div>
          </Show>
        </div>

        <Show when={busy()}>
          <span class="spinner-border spinner-border-sm text-primary" role="status">
            <span class="visually-hidden">Working…</span>
          </span>
        </Show>

        <Show when={!lib().view().trash}>
          <DownloadMenu library={lib()} disabled={disabled()} />
        </Show>
        <Switch>
          <Match when={lib().view().trash}>
            <Show when={lib().canEdit()}>
              <button
                type="button"
                class="btn btn-sm btn-outline-primary"
                disabled={disabled()}
                onClick={() => void lib().runBulk({ type: 'restore' }, 'Restored')}
                data-testid="bulk-restore"
              >
                Restore
              </button>
            </Show>
            <Show when={lib().isAdmin()}>
              <button
                type="button"
                class="btn btn-sm btn-danger"
                disabled={disabled()}
                onClick={() => lib().askConfirm('delete')}
                data-testid="bulk-delete"
              >
                Delete forever
              </button>
            </Show>
          </Match>
          <Match when={lib().canEdit()}>
            <MoveMenu library={lib()} disabled={disabled()} />
            <TagsMenu library={lib()} disabled={disabled()} />
            <WindowMenu library={lib()} disabled={disabled()} />
            <fieldset class="btn-group btn-group-sm" aria-label="Moderation">
              <button
                type="button"
                class="btn btn-outline-success"
                disabled={disabled()}
                onClick={() => void lib().runBulk({ type: 'moderate', decision: 'approve' }, 'Approved')}
                data-testid="bulk-approve"
              >
                Approve
              </button>
              <button
                type="button"
                class="btn btn-outline-danger"
                disabled={disabled()}
                onClick={() => void lib().runBulk({ type: 'moderate', decision: 'reject' }, 'Rejected')}
                data-testid="bulk-reject"
              >
                Reject
              </button>
            </fieldset>
            <button
              type="button"
              class="btn btn-sm btn-outline-danger"
              disabled={disabled()}
              onClick={() => lib().requestTrash()}
              title="Move to the trash (Delete)"
              data-testid="bulk-trash"
            >
              Trash
            </button>
          </Match>
        </Switch>
      </div>
    </section>
  );
};

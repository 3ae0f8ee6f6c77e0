import type { Component } from 'solid-js';
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { Dropdown } from '../../components/Dropdown';
import { Modal } from '../../components/Modal';
import { SubmitButton } from '../../components/SubmitButton';
import { trpc } from '../../lib/trpc';
import type { ConfirmKind, Library } from './library.controller';
import { itemsWord } from './library.controller';
import { isOverLimit, MAX_PICKED } from './selection';
import { TagChip, TagInput } from './TagInput';

/**
 * The bar at the foot of the screen while items are selected: how many an action will touch (the api's count of
 * the selection, said before anything runs), "select all N matching", and the actions — move, tags, approve,
 * reject, trash; in the trash restore and (admins) delete for good. Trashing everything matching and deleting
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
            {/*
              ZIP download hook: once `media.prepareDownload` exists on the api, a "Download" button goes here,
              calling `trpc.media.prepareDownload.mutate({ modelSlug, selection: lib().request() })`.
            */}
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

/** Move to a category: the menu names how many items go. */
const MoveMenu: Component<{ library: Library; disabled: boolean }> = (props) => {
  const lib = () => props.library;
  return (
    <Dropdown
      label="Move to"
      toggleClass={`btn btn-sm btn-outline-secondary${props.disabled ? ' disabled' : ''}`}
      dropUp
      alignEnd
      menuClass="library-move-menu"
      testId="bulk-move"
    >
      <li>
        <h6 class="dropdown-header">
          Move {lib().selected() === undefined ? 'them' : itemsWord(lib().selected() ?? 0)} to
        </h6>
      </li>
      <For each={lib().categoriesData() ?? []}>
        {(category) => (
          <li>
            <button
              type="button"
              class="dropdown-item d-flex align-items-center gap-2"
              onClick={() =>
                void lib().runBulk({ type: 'move', categoryId: category.id }, `Moved to ${category.name}`)
              }
              data-testid="bulk-move-category"
              data-category-id={category.id}
            >
              <span class="color-dot" style={{ 'background-color': category.color }} aria-hidden="true" />
              {category.name}
            </button>
          </li>
        )}
      </For>
      <li>
        <hr class="dropdown-divider" />
      </li>
      <li>
        <button
          type="button"
          class="dropdown-item"
          onClick={() =>
            void lib().runBulk({ type: 'move', categoryId: null }, 'Moved out of their category')
          }
          data-testid="bulk-move-none"
        >
          No category
        </button>
      </li>
    </Dropdown>
  );
};

/** Add or remove tags on every selected item. */
const TagsMenu: Component<{ library: Library; disabled: boolean }> = (props) => {
  const lib = () => props.library;
  const [tags, setTags] = createSignal<{ name: string; id?: number }[]>([]);
  const [resolving, setResolving] = createSignal(false);

  /** The ids of the chosen names (a name typed, not picked, is looked up); names that are no tag are left out. */
  async function tagIds(): Promise<number[]> {
    setResolving(true);
    try {
      const ids = await Promise.all(
        tags().map(async (tag) => {
          if (tag.id !== undefined) return tag.id;
          const found = await trpc.tags.suggest.query({
            modelSlug: lib().slug(),
            prefix: tag.name,
            limit: 50,
          });
          return found.find((candidate) => candidate.name.toLowerCase() === tag.name.toLowerCase())?.id;
        }),
      );
      return ids.filter((id): id is number => id !== undefined);
    } finally {
      setResolving(false);
    }
  }

  const names = () => tags().map((tag) => tag.name);
  const target = () => (lib().selected() === undefined ? 'them' : itemsWord(lib().selected() ?? 0));

  return (
    <Dropdown
      label="Tags"
      toggleClass={`btn btn-sm btn-outline-secondary${props.disabled ? ' disabled' : ''}`}
      dropUp
      alignEnd
      menuClass="p-3"
      testId="bulk-tags"
    >
      <li style={{ width: 'min(20rem, calc(100vw - 2rem))' }}>
        <label class="form-label small fw-semibold" for="bulk-tag-input">
          Tags for {target()}
        </label>
        <div class="d-flex flex-wrap gap-1 mb-2">
          <For each={tags()}>
            {(tag) => (
              <TagChip name={tag.name} onRemove={() => setTags(tags().filter((other) => other !== tag))} />
            )}
          </For>
        </div>
        <TagInput
          id="bulk-tag-input"
          modelSlug={lib().slug()}
          allowNew
          chosen={names()}
          onPick={(tag) => setTags([...tags(), tag])}
          onRemoveLast={() => setTags(tags().slice(0, -1))}
          testId="bulk-tag-input"
        />
        <div class="d-flex gap-2 mt-2">
          <button
            type="button"
            class="btn btn-sm btn-primary"
            disabled={tags().length === 0 || props.disabled}
            onClick={() => {
              void lib().runBulk({ type: 'addTags', tags: names() }, `Tagged ${names().join(', ')}`);
              setTags([]);
            }}
            data-testid="bulk-tags-add"
          >
            Add to {target()}
          </button>
          <button
            type="button"
            class="btn btn-sm btn-outline-danger"
            disabled={tags().length === 0 || props.disabled || resolving()}
            onClick={async () => {
              const ids = await tagIds();
              if (ids.length > 0)
                void lib().runBulk({ type: 'removeTags', tagIds: ids }, `Untagged ${names().join(', ')}`);
              setTags([]);
            }}
            data-testid="bulk-tags-remove"
          >
            Remove
          </button>
        </div>
      </li>
    </Dropdown>
  );
};

const confirmText: Record<ConfirmKind, { title: string; button: string; body: (count: string) => string }> = {
  trash: {
    title: 'Move to the trash?',
    button: 'Move to the trash',
    body: (count) =>
      `${count} will leave the library, the public site and the moderation queue at once. They can be restored from the trash for 30 days.`,
  },
  delete: {
    title: 'Delete for good?',
    button: 'Delete forever',
    body: (count) => `${count} and all their files will be deleted for good. This cannot be undone.`,
  },
  empty: {
    title: 'Empty the trash?',
    button: 'Empty the trash',
    body: (count) =>
      `${count} in the trash and all their files will be deleted for good. This cannot be undone.`,
  },
};

/** The yes-or-no of the actions that ask first, with the count the api gives for what they will touch. */
export const ConfirmBulk: Component<{ library: Library }> = (props) => {
  const lib = () => props.library;
  let confirmButton: HTMLButtonElement | undefined;
  const emptyTarget = () => ({ filter: { trash: true }, except: [] });
  const [emptyCount, setEmptyCount] = createSignal<number>();

  const run = async (kind: ConfirmKind) => {
    if (kind === 'trash') await lib().runBulk({ type: 'trash' }, 'Moved to the trash');
    else if (kind === 'delete') await lib().runBulk({ type: 'delete' }, 'Deleted forever');
    else await lib().runBulk({ type: 'delete' }, 'Emptied the trash', emptyTarget());
    lib().askConfirm(undefined);
  };
  const countText = (kind: ConfirmKind) => {
    const count = kind === 'empty' ? emptyCount() : lib().selected();
    return count === undefined ? 'These items' : itemsWord(count);
  };

  return (
    <Show when={lib().confirming()}>
      {(kind) => {
        if (kind() === 'empty') {
          void trpc.media.count
            .query({ modelSlug: lib().slug(), selection: emptyTarget() })
            .then(setEmptyCount, () => setEmptyCount(undefined));
        }
        return (
          <Modal
            title={confirmText[kind()].title}
            onClose={() => lib().askConfirm(undefined)}
            role="alertdialog"
            dismissible={!lib().bulk.isPending}
            initialFocus={() => confirmButton}
            testId="bulk-confirm"
            footer={
              <>
                <button
                  type="button"
                  class="btn btn-outline-secondary"
                  disabled={lib().bulk.isPending}
                  onClick={() => lib().askConfirm(undefined)}
                >
                  Cancel
                </button>
                <SubmitButton
                  type="button"
                  ref={confirmButton}
                  class="btn btn-danger"
                  pending={lib().bulk.isPending}
                  onClick={() => void run(kind())}
                  testId="bulk-confirm-button"
                >
                  {confirmText[kind()].button}
                </SubmitButton>
              </>
            }
          >
            <p class="mb-0" data-testid="bulk-confirm-text">
              {confirmText[kind()].body(countText(kind()))}
            </p>
          </Modal>
        );
      }}
    </Show>
  );
};

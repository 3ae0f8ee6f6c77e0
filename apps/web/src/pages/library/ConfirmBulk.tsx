import type { Component } from 'solid-js';
import { createSignal, Show } from 'solid-js';
import { Modal } from '../../components/Modal';
import { SubmitButton } from '../../components/SubmitButton';
import { trpc } from '../../lib/trpc';
import type { ConfirmKind, Library } from './library.controller';
import { itemsWord } from './library.controller';

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

import type { JSX, ParentComponent } from 'solid-js';
import { createSignal, Show } from 'solid-js';
import { describeError } from '../lib/errors';
import { Modal } from './Modal';
import { SubmitButton } from './SubmitButton';

export interface ConfirmButtonProps {
  /** The button's text (children are the dialog's message). */
  label: JSX.Element;
  title: JSX.Element;
  confirmLabel: string;
  /** Runs on confirm; the dialog closes when it resolves and shows the error when it rejects. */
  onConfirm: () => Promise<unknown>;
  buttonClass?: string;
  /** Bootstrap colour of the confirm button; `danger` unless given. */
  variant?: 'danger' | 'warning' | 'primary';
  disabled?: boolean;
  testId?: string;
}

/** A button that asks first: opens a dialog with the consequences and a confirm button. */
export const ConfirmButton: ParentComponent<ConfirmButtonProps> = (props) => {
  const [open, setOpen] = createSignal(false);
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string>();
  let confirmButton: HTMLButtonElement | undefined;

  const close = () => {
    if (pending()) return;
    setOpen(false);
    setError(undefined);
  };
  const confirm = async () => {
    setPending(true);
    setError(undefined);
    try {
      await props.onConfirm();
      setPending(false);
      setOpen(false);
    } catch (cause) {
      setPending(false);
      setError(describeError(cause));
    }
  };

  return (
    <>
      <button
        type="button"
        class={props.buttonClass ?? 'btn btn-outline-danger btn-sm'}
        disabled={props.disabled}
        onClick={() => setOpen(true)}
        data-testid={props.testId}
      >
        {props.label}
      </button>
      <Show when={open()}>
        <Modal
          title={props.title}
          onClose={close}
          dismissible={!pending()}
          role="alertdialog"
          initialFocus={() => confirmButton}
          testId={props.testId ? `${props.testId}-dialog` : 'confirm-dialog'}
          footer={
            <>
              <button type="button" class="btn btn-outline-secondary" onClick={close} disabled={pending()}>
                Cancel
              </button>
              <SubmitButton
                type="button"
                ref={confirmButton}
                class={`btn btn-${props.variant ?? 'danger'}`}
                pending={pending()}
                onClick={() => void confirm()}
                testId="confirm-button"
              >
                {props.confirmLabel}
              </SubmitButton>
            </>
          }
        >
          {props.children}
          <Show when={error()}>
            <div class="alert alert-danger mt-3 mb-0" role="alert">
              {error()}
            </div>
          </Show>
        </Modal>
      </Show>
    </>
  );
};

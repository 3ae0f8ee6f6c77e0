import { Dialog } from '@kobalte/core/dialog';
import type { JSX, ParentComponent } from 'solid-js';
import { children, Show, splitProps } from 'solid-js';

export interface ModalProps extends Omit<JSX.HTMLAttributes<HTMLDivElement>, 'title' | 'children'> {
  /** The heading; it names the dialog (`aria-labelledby`). */
  title: JSX.Element;
  /** Asked to close (Escape, the backdrop, ×); the owner closes the dialog by unmounting it. */
  onClose: () => void;
  /** Buttons for the footer. */
  footer?: JSX.Element;
  /** Shown in the header between the title and ×. */
  headerActions?: JSX.Element;
  testId?: string;
  /** Focused when the dialog opens (the confirm button); else a field that focuses itself, else the dialog. */
  initialFocus?: () => HTMLElement | undefined;
  /** Focused when the dialog closes; the element that had focus when it opened otherwise. */
  returnFocus?: () => HTMLElement | null | undefined;
  /** `false`: Escape and the backdrop leave it open (× and the footer's buttons still close it). */
  dismissible?: boolean;
  /** Classes of `.modal-dialog` besides itself; `modal-dialog-centered` unless given. */
  dialogClass?: string;
  /** Extra classes of the title (e.g. `text-truncate`). */
  titleClass?: string;
}

/**
 * The SPA's one dialog: Bootstrap's modal markup and classes on Kobalte's Dialog, which traps Tab and Shift+Tab
 * inside, closes on Escape, hides the page behind from screen readers and stops it scrolling. Mount it to open it,
 * unmount it to close it: there is no closing animation (no `.fade`), so closing is the owner's state change and
 * Solid's unmount, nothing waits for a transition. Focus moves into it when it opens, and back to the element that
 * opened it (or `returnFocus`) once it has unmounted (Kobalte does that in the task after the unmount).
 *
 * Not Bootstrap's own modal JS (STYLE F.35): in 5.3 its focus trap lets Tab leave a modal that is the last thing
 * in the document, as a portal is (twbs/bootstrap#42503), it returns focus only when opened through its data API,
 * and disposing it mid-animation (Solid unmounting) leaves the body locked.
 */
export const Modal: ParentComponent<ModalProps> = (props) => {
  const [local, others] = splitProps(props, [
    'title',
    'onClose',
    'footer',
    'headerActions',
    'testId',
    'initialFocus',
    'returnFocus',
    'dismissible',
    'dialogClass',
    'titleClass',
    'children',
  ]);
  // Read before the dialog renders and takes the focus: the button or card that opened it.
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
  const footer = children(() => local.footer);
  const dismissible = () => local.dismissible ?? true;
  let dialog: HTMLDivElement | undefined;
  // A backdrop click is a press and a release both on the backdrop (not a drag out of the dialog).
  let pressedOnBackdrop = false;

  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open) local.onClose();
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay class="modal-backdrop show" />
        <Dialog.Content
          ref={dialog}
          class="modal d-block"
          aria-modal="true"
          data-testid={local.testId}
          onOpenAutoFocus={(event) => {
            event.preventDefault();
            // Once the focus trap has started (it must see where focus goes), and after the fields have mounted: a
            // field that focuses itself (`TextField`'s `focus`) keeps it.
            queueMicrotask(() => {
              const target = local.initialFocus?.();
              if (target) target.focus();
              else if (!dialog?.contains(document.activeElement)) dialog?.focus();
            });
          }}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            (local.returnFocus ? local.returnFocus() : opener)?.focus();
          }}
          onEscapeKeyDown={(event) => {
            if (!dismissible()) event.preventDefault();
          }}
          // Bootstrap's backdrop area is this element itself (handled below); a press outside it (on a toast, which
          // sits above the backdrop) leaves the dialog open.
          onPointerDownOutside={(event) => event.preventDefault()}
          onPointerDown={(event: PointerEvent) => {
            pressedOnBackdrop = event.target === dialog;
          }}
          onClick={(event: MouseEvent) => {
            if (pressedOnBackdrop && event.target === dialog && dismissible()) local.onClose();
            pressedOnBackdrop = false;
          }}
          {...others}
        >
          <div class={`modal-dialog ${local.dialogClass ?? 'modal-dialog-centered'}`}>
            <div class="modal-content shadow">
              <div class="modal-header gap-2">
                <Dialog.Title class={`modal-title h5 me-auto ${local.titleClass ?? ''}`}>
                  {local.title}
                </Dialog.Title>
                {local.headerActions}
                <Dialog.CloseButton class="btn-close ms-2" aria-label="Close" />
              </div>
              <div class="modal-body">{local.children}</div>
              <Show when={footer()}>
                <div class="modal-footer">{footer()}</div>
              </Show>
            </div>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog>
  );
};

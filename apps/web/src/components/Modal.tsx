import type { JSX, ParentComponent } from 'solid-js';
import { createUniqueId, onCleanup, onMount, Show } from 'solid-js';
import { Portal } from 'solid-js/web';

export interface ModalProps {
  title: JSX.Element;
  onClose: () => void;
  /** Buttons for the footer. */
  footer?: JSX.Element;
  testId?: string;
  /** Focused when the dialog opens (the confirm button, the first field); the dialog itself otherwise. */
  initialFocus?: () => HTMLElement | undefined;
}

/**
 * A Bootstrap modal rendered by Solid (no Bootstrap JS): mount it to open it. Escape and the backdrop close it,
 * focus moves into it and returns to where it was when it closes.
 */
export const Modal: ParentComponent<ModalProps> = (props) => {
  const titleId = createUniqueId();
  let dialog: HTMLDivElement | undefined;
  const previousFocus = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      props.onClose();
    }
  };

  onMount(() => {
    document.body.classList.add('modal-open');
    requestAnimationFrame(() => (props.initialFocus?.() ?? dialog)?.focus());
  });
  onCleanup(() => {
    document.body.classList.remove('modal-open');
    previousFocus?.focus();
  });

  return (
    <Portal>
      <div
        ref={dialog}
        class="modal d-block"
        tabIndex={-1}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={props.testId}
        onKeyDown={onKeyDown}
        onClick={(event) => {
          if (event.target === event.currentTarget) props.onClose();
        }}
      >
        <div class="modal-dialog modal-dialog-centered">
          <div class="modal-content shadow">
            <div class="modal-header">
              <h2 class="modal-title h5" id={titleId}>
                {props.title}
              </h2>
              <button type="button" class="btn-close" aria-label="Close" onClick={() => props.onClose()} />
            </div>
            <div class="modal-body">{props.children}</div>
            <Show when={props.footer}>
              <div class="modal-footer">{props.footer}</div>
            </Show>
          </div>
        </div>
      </div>
      <div class="modal-backdrop show" />
    </Portal>
  );
};

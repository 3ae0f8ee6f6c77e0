import type { Component } from 'solid-js';
import { onCleanup, onMount, Show } from 'solid-js';
import type { PhotoEditorController } from './photo-editor.controller';

/**
 * The server's render of the operation list: what saving will make. While a newer render is on its way the last
 * one stays (with a spinner); an error says why, with a retry. The renders are the controller's (they outlive
 * this stage); mounting it asks for them.
 */
export const PreviewStage: Component<{ editor: PhotoEditorController }> = (props) => {
  const view = () => props.editor.preview.view();
  onMount(() => props.editor.preview.setShown(true));
  onCleanup(() => props.editor.preview.setShown(false));

  return (
    <div
      class="position-relative w-100 h-100 d-flex align-items-center justify-content-center"
      data-testid="edit-preview-stage"
      aria-busy={view().waitingFor !== undefined}
    >
      <Show
        when={view().result}
        fallback={
          <Show when={!view().error}>
            <div class="text-body-secondary small">Rendering the preview…</div>
          </Show>
        }
      >
        {(preview) => (
          <img
            src={preview().dataUrl}
            alt="The edit as saving will make it"
            class="photo-editor-picture"
            width={preview().width}
            height={preview().height}
            data-testid="edit-preview"
            data-preview-for={view().resultKey}
          />
        )}
      </Show>
      <Show when={view().waitingFor !== undefined}>
        <div
          class="position-absolute top-0 end-0 m-2 badge text-bg-dark d-flex align-items-center gap-2"
          role="status"
        >
          <span class="spinner-border spinner-border-sm" aria-hidden="true" />
          Rendering…
        </div>
      </Show>
      <Show when={view().error}>
        {(message) => (
          <div
            class="position-absolute bottom-0 start-0 end-0 m-2 alert alert-danger py-2 small d-flex align-items-center gap-2 mb-0"
            role="alert"
            data-testid="edit-preview-error"
          >
            <span class="me-auto">The preview failed: {message()}</span>
            <button
              type="button"
              class="btn btn-sm btn-outline-danger"
              onClick={() => props.editor.preview.retry()}
            >
              Try again
            </button>
          </div>
        )}
      </Show>
    </div>
  );
};

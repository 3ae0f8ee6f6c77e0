import type { EditOperation } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { createEffect, createSignal, onCleanup, Show } from 'solid-js';
import type { EditPreview } from '../../../api/edits';
import { fetchEditPreview, PREVIEW_MAX_SIZE } from '../../../api/edits';
import { describeError } from '../../../lib/errors';
import type { PreviewView } from './preview-scheduler';
import { createPreviewScheduler } from './preview-scheduler';

/** How long a change must rest before the server renders it (a slider moving sends one request per pause). */
const PREVIEW_DELAY_MS = 180;

/**
 * The server's render of the operation list: what saving will make. While a newer render is on its way the last
 * one stays (with a spinner); an error says why, with a retry.
 */
export const PreviewStage: Component<{
  modelSlug: string;
  mediaId: number;
  operations: EditOperation[];
}> = (props) => {
  const [view, setView] = createSignal<PreviewView<EditPreview>>({
    result: undefined,
    resultKey: undefined,
    waitingFor: undefined,
    error: undefined,
  });
  const scheduler = createPreviewScheduler<EditOperation[], EditPreview>({
    keyOf: (operations) => JSON.stringify(operations),
    load: (operations, signal) =>
      fetchEditPreview(props.modelSlug, props.mediaId, operations, PREVIEW_MAX_SIZE, signal),
    onChange: setView,
    describeError,
    delayMs: PREVIEW_DELAY_MS,
  });
  onCleanup(() => scheduler.dispose());
  createEffect(() => scheduler.request(props.operations));

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
            <button type="button" class="btn btn-sm btn-outline-danger" onClick={() => scheduler.retry()}>
              Try again
            </button>
          </div>
        )}
      </Show>
    </div>
  );
};

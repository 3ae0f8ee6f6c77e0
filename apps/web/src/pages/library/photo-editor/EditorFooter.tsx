import type { Component } from 'solid-js';
import { Match, Show, Switch } from 'solid-js';
import type { PhotoEditorController } from './photo-editor.controller';

/**
 * Saving: the state (unsaved, saving, the new version's render progress, a failure, a conflict with its ways
 * on) and the Cancel and Save buttons.
 */
export const EditorFooter: Component<{ editor: PhotoEditorController; onCancel: () => void }> = (props) => {
  const editor = () => props.editor;
  const save = () => props.editor.save();
  const percent = () => {
    const known = editor().progress();
    return known?.version === editor().rendering()?.version ? Math.round(known?.percent ?? 0) : 0;
  };
  return (
    <div class="d-flex flex-wrap align-items-center gap-2 w-100" data-testid="photo-editor-footer">
      <div
        class="me-auto flex-grow-1 small"
        style={{ 'min-width': '12rem' }}
        role="status"
        aria-live="polite"
      >
        <Switch
          fallback={
            <Show when={editor().dirty()} fallback={<span class="text-body-secondary">No changes yet</span>}>
              <span class="text-warning-emphasis" data-testid="edit-unsaved">
                Unsaved changes
              </span>
            </Show>
          }
        >
          <Match when={save().phase === 'saving'}>
            <span class="d-inline-flex align-items-center gap-2">
              <span class="spinner-border spinner-border-sm" aria-hidden="true" /> Saving…
            </span>
          </Match>
          <Match when={editor().rendering()}>
            {(rendering) => {
              return (
                <div data-testid="edit-rendering" data-version={rendering().version}>
                  <div class="mb-1">
                    <Show
                      when={rendering().revertedFrom !== null}
                      fallback={<>Rendering version {rendering().version}… </>}
                    >
                      Reverting (version {rendering().version})…{' '}
                    </Show>
                    <span class="text-body-secondary">
                      {percent()}% — the photo keeps its current version until this one is ready.
                    </span>
                  </div>
                  <div
                    class="progress"
                    style={{ height: '0.4rem' }}
                    role="progressbar"
                    aria-label="Rendering the new version"
                    aria-valuenow={percent()}
                    aria-valuemin={0}
                    aria-valuemax={100}
                  >
                    <div
                      class="progress-bar progress-bar-striped progress-bar-animated"
                      style={{ width: `${Math.max(percent(), 3)}%` }}
                    />
                  </div>
                </div>
              );
            }}
          </Match>
          <Match when={editor().failure()}>
            {(failure) => (
              <div
                class="alert alert-danger py-1 px-2 mb-0 d-flex align-items-center gap-2"
                role="alert"
                data-testid="edit-failed"
              >
                <span class="me-auto">Not saved: {failure().message}</span>
                <button
                  type="button"
                  class="btn btn-sm btn-outline-danger"
                  onClick={() => editor().dismissSaveState()}
                >
                  OK
                </button>
              </div>
            )}
          </Match>
          <Match when={editor().conflict()}>
            {(conflict) => {
              return (
                <div class="alert alert-warning py-1 px-2 mb-0" role="alert" data-testid="edit-conflict">
                  <div class="mb-1">
                    <Show
                      when={conflict().stale}
                      fallback={<>This photo cannot be edited now: {conflict().message}</>}
                    >
                      Someone saved another version of this photo while you were editing ({conflict().message}
                      ).
                    </Show>
                  </div>
                  <div class="d-flex flex-wrap gap-2">
                    <button
                      type="button"
                      class="btn btn-sm btn-outline-secondary"
                      onClick={() => void editor().reload()}
                      data-testid="edit-conflict-reload"
                    >
                      Reload the current version (drop my changes)
                    </button>
                    <Show when={conflict().stale}>
                      <button
                        type="button"
                        class="btn btn-sm btn-warning"
                        onClick={() => void editor().saveOverTheirs()}
                        data-testid="edit-conflict-save-mine"
                      >
                        Save mine as the newest version
                      </button>
                    </Show>
                  </div>
                </div>
              );
            }}
          </Match>
        </Switch>
      </div>
      <button
        type="button"
        class="btn btn-outline-secondary"
        onClick={() => props.onCancel()}
        title="Esc"
        data-testid="edit-cancel"
      >
        <Show when={save().phase === 'rendering'} fallback="Cancel">
          Close
        </Show>
      </button>
      <button
        type="button"
        class="btn btn-primary"
        disabled={!editor().dirty() || editor().busy() || save().phase === 'conflict'}
        onClick={() => void editor().saveVersion()}
        title="Save as a new version (Ctrl+S)"
        data-testid="edit-save"
      >
        Save
      </button>
    </div>
  );
};

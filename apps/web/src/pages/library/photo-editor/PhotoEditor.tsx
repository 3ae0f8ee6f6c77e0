import type { Component } from 'solid-js';
import { createEffect, createSignal, For, Match, on, onCleanup, onMount, Show, Switch } from 'solid-js';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingSpinner } from '../../../components/LoadingSpinner';
import { Modal } from '../../../components/Modal';
import { describeError } from '../../../lib/errors';
import { isTypingTarget } from '../../../lib/file-drop';
import { showToast } from '../../../stores/toasts';
import { AdjustControls } from './AdjustControls';
import { CropControls } from './CropControls';
import { CropStage } from './CropStage';
import { EditHistoryPanel } from './EditHistoryPanel';
import { EditorFooter } from './EditorFooter';
import { mirror, rotateQuarter, setCrop } from './edit-state';
import { PreviewStage } from './PreviewStage';
import type { EditorTab } from './photo-editor.controller';
import { createPhotoEditor } from './photo-editor.controller';

const tabs: { id: EditorTab; label: string; key: string }[] = [
  { id: 'crop', label: 'Crop & rotate', key: '1' },
  { id: 'adjust', label: 'Adjust', key: '2' },
  { id: 'history', label: 'History', key: '3' },
];

const shortcuts: [string, string][] = [
  ['Ctrl/⌘ + Z', 'Undo'],
  ['Shift + Ctrl/⌘ + Z, Ctrl + Y', 'Redo'],
  ['R / Shift + R', 'Rotate right / left'],
  ['H / V', 'Flip horizontally / vertically'],
  ['B', 'Before / after'],
  ['1 2 3', 'Crop, Adjust, History'],
  ['Ctrl/⌘ + S', 'Save as a new version'],
  ['Esc', 'Cancel (asks when there are changes)'],
];

/**
 * The photo editor, full screen: the photo on the left (the crop box while cropping; the server's render of the
 * whole edit otherwise, since that render is exactly what saving makes; the current version with "Before"),
 * the controls on the right (below on a phone). Save makes a new version and shows its render progress until
 * it is switched in, then closes; the history lists every version with "Revert to this".
 */
const PhotoEditor: Component<{
  modelSlug: string;
  mediaId: number;
  /** The list's name of the photo, shown while the item loads. */
  name: string | undefined;
  onClose: () => void;
}> = (props) => {
  const editor = createPhotoEditor({ modelSlug: () => props.modelSlug, mediaId: () => props.mediaId });
  const [tab, setTab] = createSignal<EditorTab>('crop');
  const [before, setBefore] = createSignal(false);
  const [confirmingClose, setConfirmingClose] = createSignal(false);
  const name = () => editor.detail()?.originalFilename ?? props.name ?? `Media ${props.mediaId}`;
  const loaded = () => editor.opened() !== undefined && editor.detail() !== undefined && !editor.reloading();
  const loadError = () =>
    editor.historyQuery.isError
      ? editor.historyQuery.error
      : editor.detailQuery.isError
        ? editor.detailQuery.error
        : undefined;

  /** Cancel, Esc or ×: asks first when there are unsaved changes (a version rendering goes on either way). */
  const requestClose = () => {
    if (editor.dirty() && editor.save().phase !== 'rendering' && editor.save().phase !== 'saving')
      setConfirmingClose(true);
    else props.onClose();
  };

  // A saved version is switched in: the editor's work is done. A revert stays, showing the history again.
  createEffect(
    on(editor.switched, (switched) => {
      if (!switched) return;
      if (switched.revertedFrom === null) {
        showToast(`${name()}: version ${switched.version} saved.`);
        props.onClose();
      } else {
        showToast(
          `${name()}: reverted to ${switched.revertedFrom === 0 ? 'the original' : `version ${switched.revertedFrom}`} (saved as version ${switched.version}).`,
        );
        void editor.reload();
      }
    }),
  );

  const frameAspect = () => {
    const size = editor.frameSize();
    return size ? size.width / size.height : 1;
  };

  /**
   * On the document, not the dialog: when the focused control goes away (a conflict's button) focus falls to the
   * body and the keys must still work. Keys inside another dialog (a confirmation over this one) are its own.
   */
  function onKeyDown(event: KeyboardEvent) {
    const target = event.target as Node | null;
    const own = ownElement();
    if (event.defaultPrevented && event.key !== 'Escape') return;
    if (target !== document.body && !own?.contains(target)) return;
    const key = event.key.toLowerCase();
    const command = event.ctrlKey || event.metaKey;
    if (event.key === 'Escape') {
      event.preventDefault();
      requestClose();
    } else if (command && key === 'z') {
      event.preventDefault();
      if (event.shiftKey) editor.redo();
      else editor.undo();
    } else if (command && key === 'y') {
      event.preventDefault();
      editor.redo();
    } else if (command && key === 's') {
      event.preventDefault();
      void editor.saveVersion();
    } else if (!command && !event.altKey && !isTypingTarget(event.target) && loaded()) {
      const action: Record<string, () => void> = {
        r: () => editor.edit((state) => rotateQuarter(state, event.shiftKey ? -1 : 1)),
        h: () => editor.edit((state) => mirror(state, 'horizontal')),
        v: () => editor.edit((state) => mirror(state, 'vertical')),
        b: () => setBefore((shown) => !shown),
        ...Object.fromEntries(tabs.map((entry) => [entry.key, () => setTab(entry.id)])),
      };
      const run = action[key];
      if (run) {
        event.preventDefault();
        run();
      }
    }
  }

  // When the control that had the keyboard goes away (a conflict's button, a version's "Revert to this" after
  // the history is read again), Chromium leaves focus nowhere and key presses reach no listener: the keyboard
  // goes back to the editor.
  const ownElement = () =>
    document.querySelector<HTMLElement>(`[data-testid="photo-editor"][data-media-id="${props.mediaId}"]`);
  onMount(() => {
    const observer = new MutationObserver(() => {
      const active = document.activeElement;
      if (active && active !== document.body) return;
      // Only while the editor is the top dialog (not under a confirmation).
      const own = ownElement();
      const dialogs = document.querySelectorAll('[role="dialog"], [role="alertdialog"]');
      if (own && dialogs[dialogs.length - 1] === own) own.focus();
    });
    observer.observe(document.body, { childList: true, subtree: true });
    onCleanup(() => observer.disconnect());
  });

  onMount(() => document.addEventListener('keydown', onKeyDown));
  onCleanup(() => document.removeEventListener('keydown', onKeyDown));

  return (
    <Modal
      title={<>Edit {name()}</>}
      titleClass="text-truncate"
      dialogClass="modal-fullscreen"
      dismissible={false}
      onClose={requestClose}
      testId="photo-editor"
      data-media-id={props.mediaId}
      headerActions={
        <div class="btn-group btn-group-sm">
          <button
            type="button"
            class="btn btn-outline-secondary"
            disabled={!editor.canUndo()}
            onClick={() => editor.undo()}
            title="Undo (Ctrl+Z)"
            aria-label="Undo"
            data-testid="edit-undo"
          >
            ↶
          </button>
          <button
            type="button"
            class="btn btn-outline-secondary"
            disabled={!editor.canRedo()}
            onClick={() => editor.redo()}
            title="Redo (Shift+Ctrl+Z)"
            aria-label="Redo"
            data-testid="edit-redo"
          >
            ↷
          </button>
          <button
            type="button"
            class="btn btn-outline-secondary"
            aria-pressed={before()}
            classList={{ active: before() }}
            onClick={() => setBefore((shown) => !shown)}
            title="Before / after (B)"
            data-testid="edit-before-after"
          >
            <Show when={before()} fallback="Before">
              After
            </Show>
          </button>
        </div>
      }
      footer={<EditorFooter editor={editor} onCancel={requestClose} />}
    >
      <Switch>
        <Match when={loadError()}>
          {(error) => (
            <ErrorAlert
              title="Could not open the editor"
              message={describeError(error())}
              testId="photo-editor-error"
            >
              <button
                type="button"
                class="btn btn-sm btn-outline-danger"
                onClick={() =>
                  void Promise.all([editor.historyQuery.refetch(), editor.detailQuery.refetch()])
                }
              >
                Try again
              </button>
            </ErrorAlert>
          )}
        </Match>
        <Match when={editor.notEditable()}>
          <ErrorAlert
            title="This photo cannot be edited yet"
            message="It has not been processed (its size is not known); try again once it is ready."
            testId="photo-editor-error"
          />
        </Match>
        <Match when={loaded()}>
          <div class="photo-editor" data-opened-version={editor.opened()?.version}>
            <div
              class="photo-editor-stage"
              data-testid="photo-editor-stage"
              data-showing={before() ? 'before' : tab()}
            >
              <Switch>
                <Match when={before()}>
                  <div class="w-100 h-100 d-flex align-items-center justify-content-center position-relative">
                    <Show
                      when={editor.beforeUrl()}
                      fallback={<span class="text-body-secondary">No picture yet</span>}
                    >
                      {(url) => (
                        <img
                          src={url()}
                          alt="Before this edit"
                          class="photo-editor-picture"
                          data-testid="edit-before"
                        />
                      )}
                    </Show>
                    <span class="position-absolute top-0 start-0 m-2 badge text-bg-dark">Before</span>
                  </div>
                </Match>
                <Match when={tab() === 'crop'}>
                  <Show
                    when={!editor.baseError() && !editor.frameError()}
                    fallback={
                      <StageError message={describeError(editor.baseError() ?? editor.frameError())} />
                    }
                  >
                    <Show when={editor.frame()} fallback={<StageLoading label="Loading the photo…" />}>
                      <CropStage
                        frame={editor.frame()}
                        crop={editor.state().crop}
                        aspectRatio={editor.aspectRatio()}
                        onCrop={(crop, commit) =>
                          editor.edit((state) => setCrop(state, crop, frameAspect()), commit)
                        }
                      />
                    </Show>
                  </Show>
                </Match>
                <Match when={true}>
                  <PreviewStage editor={editor} />
                </Match>
              </Switch>
            </div>

            <aside class="photo-editor-panel" aria-label="Edit controls">
              <FidelityNote editor={editor} />
              <div class="nav nav-tabs mb-3" role="tablist">
                <For each={tabs}>
                  {(entry) => (
                    <button
                      type="button"
                      class="nav-link"
                      classList={{ active: tab() === entry.id }}
                      role="tab"
                      aria-selected={tab() === entry.id}
                      title={`${entry.label} (${entry.key})`}
                      onClick={() => setTab(entry.id)}
                      data-testid={`editor-tab-${entry.id}`}
                    >
                      {entry.label}
                    </button>
                  )}
                </For>
              </div>
              <div role="tabpanel">
                <Switch>
                  <Match when={tab() === 'crop'}>
                    <CropControls editor={editor} />
                  </Match>
                  <Match when={tab() === 'adjust'}>
                    <AdjustControls editor={editor} />
                  </Match>
                  <Match when={tab() === 'history'}>
                    <EditHistoryPanel editor={editor} />
                  </Match>
                </Switch>
              </div>
              <details class="mt-3 small">
                <summary class="text-body-secondary">Keyboard shortcuts</summary>
                <dl class="row g-0 mt-2 mb-0" data-testid="editor-shortcuts">
                  <For each={shortcuts}>
                    {([keys, what]) => (
                      <>
                        <dt class="col-6 fw-normal">
                          <kbd>{keys}</kbd>
                        </dt>
                        <dd class="col-6 mb-1">{what}</dd>
                      </>
                    )}
                  </For>
                </dl>
              </details>
            </aside>
          </div>
        </Match>
        <Match when={true}>
          <LoadingSpinner label="Opening the editor…" />
        </Match>
      </Switch>

      <Show when={confirmingClose()}>
        <Modal
          title="Discard your changes?"
          onClose={() => setConfirmingClose(false)}
          role="alertdialog"
          testId="edit-discard-dialog"
          footer={
            <>
              <button
                type="button"
                class="btn btn-outline-secondary"
                onClick={() => setConfirmingClose(false)}
              >
                Keep editing
              </button>
              <button
                type="button"
                class="btn btn-danger"
                onClick={() => {
                  setConfirmingClose(false);
                  props.onClose();
                }}
                data-testid="edit-discard"
              >
                Discard
              </button>
            </>
          }
        >
          The changes to {name()} are not saved. The photo stays as it is.
        </Modal>
      </Show>
    </Modal>
  );
};

export default PhotoEditor;

const StageLoading: Component<{ label: string }> = (props) => (
  <div class="w-100 h-100 d-flex align-items-center justify-content-center">
    <LoadingSpinner label={props.label} />
  </div>
);

const StageError: Component<{ message: string }> = (props) => (
  <div class="p-3">
    <ErrorAlert title="Could not load the photo" message={props.message} />
  </div>
);

/** The version opened could not be shown exactly: say what saving will do. */
const FidelityNote: Component<{ editor: ReturnType<typeof createPhotoEditor> }> = (props) => (
  <Switch>
    <Match when={props.editor.opened()?.fidelity === 'approximate'}>
      <div class="alert alert-info py-2 small" data-testid="edit-fidelity">
        Version {props.editor.opened()?.version} was saved in a slightly different form (through the API or an
        aspect preset); the editor shows it as closely as it can, and saving stores the editor's form.
      </div>
    </Match>
    <Match when={props.editor.opened()?.fidelity === 'unsupported'}>
      <div class="alert alert-warning py-2 small" data-testid="edit-fidelity">
        Version {props.editor.opened()?.version} was made with operations in an order this editor cannot show
        (for example a crop before a turn). You are editing from the original; saving replaces those edits.
      </div>
    </Match>
  </Switch>
);

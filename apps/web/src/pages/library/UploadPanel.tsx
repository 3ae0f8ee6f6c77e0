import { UploadFieldsSchema } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { createSignal, onCleanup, onMount, Show } from 'solid-js';
import type { PickedFile } from '../../lib/file-drop';
import {
  dragHasFiles,
  filesFromDrop,
  filesFromInput,
  filesFromPaste,
  isTypingTarget,
} from '../../lib/file-drop';
import type { FieldErrors } from '../../lib/forms';
import { validate } from '../../lib/forms';
import { uploadActions } from '../../stores/uploads';
import { UploadQueue } from './UploadQueue';

const ACCEPTED = 'JPEG, PNG, GIF, WebP, AVIF or TIFF';

/**
 * Where files come in: drop files or folders anywhere on the page, paste an image, the file and folder
 * pickers, or the `u` key. Alt text and caption, when given, go with every file added after they are typed.
 * The queue below shows each file's progress and outcome.
 */
export const UploadPanel: Component<{
  modelSlug: string;
  /** Receives the function that opens the file picker (for the page's other "choose files" buttons). */
  registerPicker?: (open: () => void) => void;
}> = (props) => {
  let fileInput: HTMLInputElement | undefined;
  let folderInput: HTMLInputElement | undefined;
  const [altText, setAltText] = createSignal('');
  const [caption, setCaption] = createSignal('');
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [dragging, setDragging] = createSignal(false);
  const [notice, setNotice] = createSignal<string>();
  // On a phone the alt text and caption fold away behind a toggle (the grid should show on the first screen).
  const [fieldsOpen, setFieldsOpen] = createSignal(false);

  const openPicker = () => fileInput?.click();
  props.registerPicker?.(openPicker);

  /** Queues the files with the batch fields; says so when a folder brought nothing usable. */
  const enqueue = (files: readonly PickedFile[], skipped: number) => {
    const fields = validate(UploadFieldsSchema, {
      altText: altText().trim() || undefined,
      caption: caption().trim() || undefined,
    });
    if (!fields.ok) {
      setErrors(fields.errors);
      setNotice('Fix the alt text or caption first; no files were added.');
      return;
    }
    setErrors({});
    const skippedNote = skipped > 0 ? ` (${skipped} system ${skipped === 1 ? 'file' : 'files'} skipped)` : '';
    if (files.length === 0) {
      setNotice(`Nothing to upload: no files found${skippedNote}.`);
      return;
    }
    uploadActions.add(props.modelSlug, files, fields.data);
    setNotice(
      skipped > 0
        ? `Added ${files.length} ${files.length === 1 ? 'file' : 'files'}${skippedNote}.`
        : undefined,
    );
  };

  const onPicked = (input: HTMLInputElement) => {
    const picked = filesFromInput(input.files);
    enqueue(picked.files, picked.skipped);
    // The same files can be picked again (after a cancel, say).
    input.value = '';
  };

  onMount(() => {
    // Drags are counted in and out of every element they cross; the page is "being dragged over" until the
    // count is back to zero.
    let depth = 0;
    const onDragEnter = (event: DragEvent) => {
      if (!dragHasFiles(event.dataTransfer)) return;
      event.preventDefault();
      depth += 1;
      setDragging(true);
    };
    const onDragOver = (event: DragEvent) => {
      if (!dragHasFiles(event.dataTransfer)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    };
    const onDragLeave = (event: DragEvent) => {
      if (!dragHasFiles(event.dataTransfer)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      depth = 0;
      setDragging(false);
      if (!event.dataTransfer || !dragHasFiles(event.dataTransfer)) return;
      event.preventDefault();
      void filesFromDrop(event.dataTransfer).then(
        (dropped) => enqueue(dropped.files, dropped.skipped),
        (error: unknown) => setNotice(`Could not read the dropped files: ${String(error)}`),
      );
    };
    const onPaste = (event: ClipboardEvent) => {
      const pasted = filesFromPaste(event.clipboardData);
      // Text pasted into a field is the field's business.
      if (pasted.length === 0) return;
      event.preventDefault();
      enqueue(pasted, 0);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'u' && event.key !== 'U') return;
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isTypingTarget(event.target)) return;
      event.preventDefault();
      openPicker();
    };
    const listeners = [
      ['dragenter', onDragEnter],
      ['dragover', onDragOver],
      ['dragleave', onDragLeave],
      ['drop', onDrop],
      ['paste', onPaste],
      ['keydown', onKeyDown],
    ] as const;
    for (const [type, listener] of listeners) document.addEventListener(type, listener as EventListener);
    onCleanup(() => {
      for (const [type, listener] of listeners) document.removeEventListener(type, listener as EventListener);
    });
  });

  return (
    <section class="card shadow-sm mb-4" aria-labelledby="upload-title" data-testid="upload-panel">
      <div class="card-body">
        <h2 class="h5 card-title" id="upload-title">
          Upload
        </h2>
        <div class="row g-3">
          <div class="col-lg-7">
            {/* biome-ignore lint/a11y/useSemanticElements: a drop target is a region as well as a button; a <button> cannot hold the hint layout. */}
            <div
              role="button"
              tabIndex={0}
              class="border border-2 rounded-3 px-4 py-4 text-center d-none d-md-block"
              classList={{
                'border-primary bg-primary-subtle': dragging(),
                'bg-body-tertiary': !dragging(),
              }}
              aria-label="Upload files: drop files or folders here, or press Enter to choose files"
              aria-describedby="upload-hint"
              data-testid="upload-dropzone"
              data-dragging={dragging() ? 'true' : undefined}
              onClick={openPicker}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  openPicker();
                }
              }}
            >
              <p class="h6 mb-1">
                <Show when={dragging()} fallback="Drop photos or folders here">
                  Release to upload
                </Show>
              </p>
              <p class="small text-body-secondary mb-0" id="upload-hint">
                or click to choose files, paste an image (Ctrl+V / ⌘V), or press <kbd>U</kbd>. {ACCEPTED}.
              </p>
            </div>
            <div class="d-flex flex-wrap gap-2 mt-md-2">
              <button
                type="button"
                class="btn btn-primary btn-sm"
                onClick={openPicker}
                data-testid="upload-choose-files"
              >
                Choose files…
              </button>
              <button
                type="button"
                class="btn btn-outline-secondary btn-sm"
                onClick={() => folderInput?.click()}
                data-testid="upload-choose-folder"
              >
                Choose a folder…
              </button>
              <button
                type="button"
                class="btn btn-link btn-sm d-md-none ms-auto"
                aria-expanded={fieldsOpen()}
                aria-controls="upload-fields"
                onClick={() => setFieldsOpen(!fieldsOpen())}
              >
                Alt text &amp; caption
              </button>
            </div>
            <input
              ref={fileInput}
              type="file"
              multiple
              accept="image/*,.heic,.heif,.avif"
              class="d-none"
              aria-label="Choose files to upload"
              data-testid="upload-input"
              onChange={(event) => onPicked(event.currentTarget)}
            />
            <input
              ref={(element) => {
                folderInput = element;
                // Not in the typings, and Solid would drop it as an unknown boolean prop.
                element.setAttribute('webkitdirectory', '');
              }}
              type="file"
              multiple
              class="d-none"
              aria-label="Choose a folder to upload"
              data-testid="upload-folder-input"
              onChange={(event) => onPicked(event.currentTarget)}
            />
          </div>
          <div class="col-lg-5 d-md-block" classList={{ 'd-none': !fieldsOpen() }} id="upload-fields">
            <div class="mb-2">
              <label class="form-label small mb-1" for="upload-alt-text">
                Alt text <span class="text-body-secondary">(optional)</span>
              </label>
              <input
                id="upload-alt-text"
                class="form-control form-control-sm"
                classList={{ 'is-invalid': Boolean(errors().altText) }}
                maxlength={500}
                value={altText()}
                onInput={(event) => setAltText(event.currentTarget.value)}
                placeholder="Describes the picture for screen readers"
                aria-describedby="upload-fields-hint"
                data-testid="upload-alt-text"
              />
              <Show when={errors().altText?.[0]}>
                {(message) => <div class="invalid-feedback">{message()}</div>}
              </Show>
            </div>
            <div class="mb-1">
              <label class="form-label small mb-1" for="upload-caption">
                Caption <span class="text-body-secondary">(optional)</span>
              </label>
              <textarea
                id="upload-caption"
                class="form-control form-control-sm"
                classList={{ 'is-invalid': Boolean(errors().caption) }}
                rows={2}
                maxlength={2000}
                value={caption()}
                onInput={(event) => setCaption(event.currentTarget.value)}
                aria-describedby="upload-fields-hint"
                data-testid="upload-caption"
              />
              <Show when={errors().caption?.[0]}>
                {(message) => <div class="invalid-feedback">{message()}</div>}
              </Show>
            </div>
            <p class="form-text mt-0 mb-0" id="upload-fields-hint">
              Applied to every file you add from now on (not to files already in the queue).
            </p>
          </div>
        </div>
        <Show when={notice()}>
          {(message) => (
            <div
              class="alert alert-secondary py-1 px-2 small mt-3 mb-0"
              role="status"
              data-testid="upload-notice"
            >
              {message()}
            </div>
          )}
        </Show>
        <UploadQueue modelSlug={props.modelSlug} />
      </div>
    </section>
  );
};

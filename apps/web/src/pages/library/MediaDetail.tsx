import { byPresetOrder, preferredVariant } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { createEffect, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import type { Category } from '../../api/library';
import type { Media, MediaDetail as MediaDetailData } from '../../api/media';
import { useMediaItem, useSimilarMedia } from '../../api/media';
import { DetailRow as Row } from '../../components/DetailList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingSpinner } from '../../components/LoadingSpinner';
import { Modal } from '../../components/Modal';
import { isTypingTarget } from '../../lib/file-drop';
import { formatBytes, formatDateTime } from '../../lib/format';
import { latest } from '../../lib/query-client';
import { placeholderUrl } from '../../lib/thumbhash';
import { mediaCardId } from '../../stores/media-focus';
import { DetailAnalytics } from './DetailAnalytics';
import { DetailEditor } from './DetailEditor';
import { DetailJobs } from './DetailJobs';
import { DetailMetadata } from './DetailMetadata';
import { DetailPublication } from './DetailPublication';
import { DetailSimilar } from './DetailSimilar';
import { DetailVariants } from './DetailVariants';
import type { ItemEditor } from './item-editor';
import { createItemEditor } from './item-editor';
import { pointIn } from './item-edits';
import { processingBadge, processingLabel, typeName } from './labels';

/** The large preview: the `lg` file (WebP preferred), else `md`, else the largest there is. */
function previewOf(detail: MediaDetailData) {
  return (
    preferredVariant(detail.variants, 'lg') ??
    preferredVariant(detail.variants, 'md') ??
    [...detail.variants].sort(byPresetOrder).at(-1)
  );
}

/**
 * One item in full: a large preview, its variants, metadata and palette, the original, and likely
 * near-duplicates. The shared dialog (`Modal`): Escape closes it, ← and → move through the grid, E opens the
 * photo editor over it, and focus goes back to the card of the item last shown.
 */
export const MediaDetail: Component<{
  modelSlug: string;
  mediaId: number;
  /** The list's copy, shown while the detail loads. */
  summary: Media | undefined;
  /** Editors and admins edit alt text, caption, category, tags and the focal point here. */
  canEdit: boolean;
  categories: Category[];
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onSelect: (id: number) => void;
  onClose: () => void;
  /** Opens the photo editor on this item (editors and admins; E or the button). */
  onEdit: (() => void) | undefined;
  /** The photo editor is open over this panel: its keys are the editor's. */
  editing: boolean;
}> = (props) => {
  const detail = useMediaItem(
    () => props.modelSlug,
    () => props.mediaId,
  );
  const similar = useSimilarMedia(
    () => props.modelSlug,
    () => props.mediaId,
  );
  const name = () =>
    latest(detail)?.originalFilename ?? props.summary?.originalFilename ?? `Media ${props.mediaId}`;
  const status = () => latest(detail)?.processingStatus ?? props.summary?.processingStatus;

  // On the document: the arrows work wherever focus is in the dialog (Escape is the dialog's own).
  const canOpenEditor = () => props.onEdit !== undefined && status() === 'ready';
  const onKeyDown = (event: KeyboardEvent) => {
    if (props.editing || isTypingTarget(event.target)) return;
    if ((event.key === 'e' || event.key === 'E') && !event.ctrlKey && !event.metaKey && !event.altKey) {
      if (!canOpenEditor()) return;
      event.preventDefault();
      props.onEdit?.();
    } else if (event.key === 'ArrowLeft' && props.hasPrevious) {
      event.preventDefault();
      props.onPrevious();
    } else if (event.key === 'ArrowRight' && props.hasNext) {
      event.preventDefault();
      props.onNext();
    }
  };
  onMount(() => document.addEventListener('keydown', onKeyDown));
  onCleanup(() => document.removeEventListener('keydown', onKeyDown));
  // Remembered as it changes: the props can no longer be read once the panel is closed.
  let shownId = props.mediaId;
  createEffect(() => {
    shownId = props.mediaId;
  });

  return (
    <Modal
      title={name()}
      titleClass="text-truncate"
      onClose={() => props.onClose()}
      // Back to the card of the item last shown.
      returnFocus={() => document.getElementById(mediaCardId(shownId))}
      dialogClass="modal-xl modal-dialog-scrollable"
      testId="media-detail"
      data-media-id={props.mediaId}
      headerActions={
        <>
          <Show when={status()}>
            {(value) => <span class={`badge ${processingBadge[value()]}`}>{processingLabel[value()]}</span>}
          </Show>
          <Show when={canOpenEditor()}>
            <button
              type="button"
              class="btn btn-primary btn-sm"
              onClick={() => props.onEdit?.()}
              title="Crop, rotate, adjust; every version is kept (E)"
              data-testid="detail-edit-photo"
            >
              Edit photo
            </button>
          </Show>
          <div class="btn-group btn-group-sm">
            <button
              type="button"
              class="btn btn-outline-secondary"
              disabled={!props.hasPrevious}
              onClick={() => props.onPrevious()}
              aria-label="Previous item"
              title="Previous (←)"
              data-testid="detail-previous"
            >
              ←
            </button>
            <button
              type="button"
              class="btn btn-outline-secondary"
              disabled={!props.hasNext}
              onClick={() => props.onNext()}
              aria-label="Next item"
              title="Next (→)"
              data-testid="detail-next"
            >
              →
            </button>
          </div>
        </>
      }
    >
      <Switch>
        <Match when={latest(detail)}>
          {(data) => (
            // Keyed on the item: another item starts with its own draft and save state.
            <Show when={data().id} keyed>
              {(_id) => (
                <DetailBody
                  modelSlug={props.modelSlug}
                  detail={data()}
                  similar={similar}
                  canEdit={props.canEdit}
                  categories={props.categories}
                  onSelect={props.onSelect}
                />
              )}
            </Show>
          )}
        </Match>
        <Match when={detail.isError}>
          <ErrorAlert title="Could not load this item" message={detail.error?.message ?? 'No answer.'} />
        </Match>
        <Match when={true}>
          <LoadingSpinner label="Loading the details…" />
        </Match>
      </Switch>
    </Modal>
  );
};

const DetailBody: Component<{
  modelSlug: string;
  detail: MediaDetailData;
  similar: ReturnType<typeof useSimilarMedia>;
  canEdit: boolean;
  categories: Category[];
  onSelect: (id: number) => void;
}> = (props) => {
  const editor = createItemEditor(
    () => props.modelSlug,
    () => props.detail,
  );
  return (
    <div class="row g-4">
      <div class="col-lg-7">
        <DetailPreview detail={props.detail} editor={props.canEdit ? editor : undefined} />
      </div>
      <div class="col-lg-5">
        <DetailEditor
          editor={editor}
          modelSlug={props.modelSlug}
          categories={props.categories}
          canEdit={props.canEdit}
          detail={props.detail}
        />
        <DetailPublication modelSlug={props.modelSlug} detail={props.detail} canEdit={props.canEdit} />
        <DetailOriginal detail={props.detail} />
        <DetailAnalytics modelSlug={props.modelSlug} mediaId={props.detail.id} />
        <DetailMetadata detail={props.detail} />
        <DetailJobs mediaId={props.detail.id} />
      </div>
      <DetailVariants detail={props.detail} />
      <DetailSimilar detail={props.detail} similar={props.similar} onSelect={props.onSelect} />
    </div>
  );
};

/**
 * The large preview over the ThumbHash placeholder, why processing failed, and the caption. With an editor,
 * a click on the picture sets the focal point (shown as a ring).
 */
const DetailPreview: Component<{ detail: MediaDetailData; editor: ItemEditor | undefined }> = (props) => {
  const preview = () => previewOf(props.detail);
  const placeholder = () => placeholderUrl(props.detail.placeholder);
  return (
    <>
      <div
        class="rounded border bg-body-secondary d-flex align-items-center justify-content-center overflow-hidden"
        style={{
          'min-height': '16rem',
          'background-color': props.detail.dominantColor ?? undefined,
          'background-image': placeholder() ? `url(${placeholder()})` : undefined,
          'background-size': 'cover',
        }}
      >
        <Show
          when={preview()}
          fallback={
            <span class="text-body-secondary p-5">
              <Show
                when={props.detail.processingStatus === 'failed'}
                fallback="Preview pending (still processing)"
              >
                No preview: processing failed
              </Show>
            </span>
          }
        >
          {(variant) => (
            <button
              type="button"
              class="btn p-0 border-0 rounded-0 position-relative d-inline-block"
              classList={{ 'focal-picker': props.editor !== undefined }}
              disabled={props.editor === undefined}
              style={{ opacity: 1 }}
              title={props.editor ? 'Click to set the focal point' : undefined}
              aria-label={props.editor ? 'Set the focal point: click where the subject is' : 'Preview'}
              onClick={(event) => {
                const editor = props.editor;
                // A key press (no pointer position) leaves the point as it is.
                if (!editor || editor.state() === 'conflict' || event.detail === 0) return;
                const image = event.currentTarget.querySelector('img');
                if (!image) return;
                editor.edit(
                  'focalPoint',
                  pointIn(image.getBoundingClientRect(), event.clientX, event.clientY),
                  true,
                );
              }}
              data-testid="focal-picker"
            >
              <img
                src={variant().url}
                alt={props.detail.altText ?? ''}
                class="img-fluid d-block"
                style={{ 'max-height': '70vh' }}
                width={variant().width}
                height={variant().height}
                draggable={false}
                data-testid="detail-preview"
              />
              <Show when={props.editor?.draft.focalPoint ?? (props.editor ? null : props.detail.focalPoint)}>
                {(point) => (
                  <span
                    class="focal-marker"
                    style={{ left: `${point().x * 100}%`, top: `${point().y * 100}%` }}
                    aria-hidden="true"
                    data-testid="focal-marker"
                  />
                )}
              </Show>
            </button>
          )}
        </Show>
      </div>
      <Show when={props.detail.processingStatus === 'failed'}>
        <div class="alert alert-danger small mt-2 mb-0" role="alert" data-testid="detail-processing-error">
          Processing failed: {props.detail.processingError ?? 'no reason recorded'}
        </div>
      </Show>
      <Show when={props.detail.caption}>{(caption) => <p class="small mt-2 mb-0">{caption()}</p>}</Show>
    </>
  );
};

/** The uploaded file: id, name, type, size, dimensions, date and a link to it. */
const DetailOriginal: Component<{ detail: MediaDetailData }> = (props) => (
  <section aria-labelledby="detail-original-title" class="mb-3">
    <h3 class="h6" id="detail-original-title">
      Original
    </h3>
    <dl class="row small mb-0 g-0" data-testid="detail-original">
      <Row label="Media id">{props.detail.id}</Row>
      <Row label="File name">{props.detail.originalFilename}</Row>
      <Row label="Type">
        {typeName(props.detail.mimeType)} <span class="text-body-secondary">({props.detail.mimeType})</span>
      </Row>
      <Row label="Size">{formatBytes(props.detail.bytes)}</Row>
      <Show when={props.detail.width !== null && props.detail.height !== null}>
        <Row label="Dimensions">
          {props.detail.width}×{props.detail.height}
        </Row>
      </Show>
      <Row label="Uploaded">{formatDateTime(props.detail.uploadDate)}</Row>
    </dl>
    <a
      href={props.detail.originalUrl}
      target="_blank"
      rel="noopener"
      class="btn btn-outline-primary btn-sm mt-1"
      data-testid="detail-original-link"
    >
      Open the original
    </a>
  </section>
);

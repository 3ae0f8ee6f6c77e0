import type { Component } from 'solid-js';
import { createSignal, Show } from 'solid-js';
import type { Media } from '../../api/media';
import { isProcessingFinal } from '../../api/media';
import { formatBytes, formatDateTime } from '../../lib/format';
import { placeholderUrl } from '../../lib/thumbhash';
import type { EditProgress } from '../../stores/edit-progress';
import { mediaCardId } from '../../stores/media-focus';
import {
  moderationBadge,
  moderationLabel,
  processingBadge,
  processingLabel,
  publicationBadge,
  typeName,
} from './labels';
import type { PickGesture, ThumbSize } from './library.controller';

/** The card's badge is narrow: "Failed" (its line above says why). */
const shortProcessingLabel = { ...processingLabel, failed: 'Failed' };

/** The data type a card drag carries (the items themselves are held by the page while the drag lasts). */
export const MEDIA_DRAG_TYPE = 'application/x-p4g-media';

/**
 * One item of the library grid, at a fixed height (the grid is virtualised by rows). Its ThumbHash placeholder
 * paints at once; the thumbnail fades in over it once loaded. A click opens the detail panel, or, while items
 * are selected, ticks it; Shift and Ctrl/Cmd pick ranges and single items; the round check box ticks it too.
 * A failed item says why and, for editors and admins, offers to process it again.
 */
export const MediaCard: Component<{
  media: Media;
  size: ThumbSize;
  selected: boolean;
  /** Something is selected: a plain click ticks instead of opening. */
  selecting: boolean;
  highlighted: boolean;
  canRetry: boolean;
  /** Editors and admins open the photo editor from the card (its button, or E). */
  canEdit: boolean;
  /** A saved edit of this item rendering its version. */
  editProgress: EditProgress | undefined;
  canDrag: boolean;
  retrying: boolean;
  onOpen: () => void;
  onPick: (gesture: PickGesture) => void;
  onRetry: () => void;
  onEdit: () => void;
  onDragStart: () => void;
  onDragEnd: () => void;
}> = (props) => {
  const [thumbFailed, setThumbFailed] = createSignal(false);
  const [thumbLoaded, setThumbLoaded] = createSignal(false);
  const placeholder = () => placeholderUrl(props.media.placeholder);
  const dimensions = () =>
    props.media.width !== null && props.media.height !== null
      ? `${props.media.width}×${props.media.height}`
      : undefined;
  const failed = () => props.media.processingStatus === 'failed';
  const editable = () => props.canEdit && props.media.processingStatus === 'ready';
  /** The percent of a version rendering now (undefined when none is). */
  const rendering = () => {
    const progress = props.editProgress;
    return progress?.state === 'rendering' ? Math.round(progress.percent) : undefined;
  };

  return (
    <article
      id={mediaCardId(props.media.id)}
      class="card library-card h-100 overflow-hidden"
      classList={{ 'is-selected': props.selected, 'is-highlighted': props.highlighted }}
      tabindex="0"
      draggable={props.canDrag}
      aria-label={`${props.media.originalFilename} — open details`}
      data-testid="media-card"
      data-media-id={props.media.id}
      data-processing-status={props.media.processingStatus}
      data-moderation-status={props.media.moderationStatus}
      data-editing={rendering() !== undefined ? 'true' : undefined}
      data-selected={props.selected ? 'true' : undefined}
      data-highlighted={props.highlighted ? 'true' : undefined}
      onClick={(event) => {
        if ((event.target as HTMLElement).closest('button')) return;
        if (event.shiftKey || event.ctrlKey || event.metaKey || props.selecting) {
          event.preventDefault();
          props.onPick(event);
        } else props.onOpen();
      }}
      onKeyDown={(event) => {
        if (event.target !== event.currentTarget) return;
        if (event.key === 'Enter') {
          event.preventDefault();
          props.onOpen();
        }
      }}
      onDragStart={(event) => {
        if (!event.dataTransfer) return;
        event.dataTransfer.setData(MEDIA_DRAG_TYPE, String(props.media.id));
        event.dataTransfer.setData('text/plain', props.media.originalFilename);
        event.dataTransfer.effectAllowed = 'move';
        props.onDragStart();
      }}
      onDragEnd={() => props.onDragEnd()}
    >
      <div
        class="ratio ratio-1x1 bg-body-secondary border-bottom"
        style={props.media.dominantColor ? { 'background-color': props.media.dominantColor } : undefined}
      >
        <div>
          {/* biome-ignore lint/a11y/useSemanticElements: a native check box flips itself before the click handler runs; the selection model decides (Shift ranges) */}
          <button
            type="button"
            role="checkbox"
            class="library-check"
            aria-checked={props.selected}
            aria-label={`Select ${props.media.originalFilename}`}
            title="Select (Space); Shift-click selects a range"
            tabindex="-1"
            onClick={(event) => {
              event.stopPropagation();
              props.onPick(event);
            }}
            data-testid="media-select"
          >
            <Show when={props.selected}>✓</Show>
          </button>
          <div class="library-card-image position-absolute top-0 start-0 w-100 h-100 overflow-hidden">
            <Show
              when={placeholder()}
              fallback={
                <Show when={thumbFailed() || !props.media.thumbUrl}>
                  <div class="w-100 h-100 d-flex flex-column align-items-center justify-content-center text-body-secondary bg-body-secondary">
                    <span class="fs-5 fw-semibold">{typeName(props.media.mimeType)}</span>
                    <Show when={!isProcessingFinal(props.media.processingStatus)}>
                      <span class="small">preview pending</span>
                    </Show>
                  </div>
                </Show>
              }
            >
              {(src) => (
                <img
                  src={src()}
                  alt=""
                  aria-hidden="true"
                  draggable={false}
                  class="position-absolute top-0 start-0 w-100 h-100 object-fit-cover"
                  data-testid="media-placeholder"
                />
              )}
            </Show>
            <Show when={!thumbFailed() && props.media.thumbUrl}>
              {(src) => (
                <img
                  src={src()}
                  alt={props.media.altText ?? ''}
                  loading="lazy"
                  decoding="async"
                  draggable={false}
                  class="position-absolute top-0 start-0 w-100 h-100 object-fit-cover"
                  style={{ opacity: thumbLoaded() ? 1 : 0, transition: 'opacity 0.3s ease-in' }}
                  onLoad={() => setThumbLoaded(true)}
                  onError={() => setThumbFailed(true)}
                  data-testid="media-thumb"
                  data-loaded={thumbLoaded() ? 'true' : undefined}
                />
              )}
            </Show>
          </div>
          <Show when={editable()}>
            <button
              type="button"
              class="btn btn-light btn-sm library-edit py-0 px-1 shadow-sm"
              tabindex="-1"
              title="Edit the photo (E)"
              aria-label={`Edit ${props.media.originalFilename}`}
              onClick={(event) => {
                event.stopPropagation();
                props.onEdit();
              }}
              data-testid="media-edit"
            >
              ✎
            </button>
          </Show>
          <Show when={failed() && props.canRetry}>
            <button
              type="button"
              class="btn btn-light btn-sm position-absolute bottom-0 end-0 m-2 py-0 shadow-sm"
              disabled={props.retrying}
              onClick={() => props.onRetry()}
              aria-label={`Retry processing ${props.media.originalFilename}`}
              data-testid="retry-button"
            >
              Retry
            </button>
          </Show>
        </div>
      </div>
      <div class="card-body library-card-body px-2 py-1 small">
        <div class="d-flex align-items-center gap-1">
          <Show when={props.media.categoryColor}>
            {(color) => (
              <span
                class="color-dot"
                style={{ 'background-color': color() }}
                title={props.media.categoryName ?? undefined}
                data-testid="media-category-dot"
              />
            )}
          </Show>
          <span
            class="fw-semibold text-truncate"
            title={props.media.originalFilename}
            data-testid="media-name"
          >
            {props.media.originalFilename}
          </span>
        </div>
        <Show when={failed()}>
          <div
            class="text-danger text-truncate"
            title={props.media.processingError ?? 'Processing failed'}
            data-testid="media-processing-error"
          >
            {props.media.processingError ?? 'Processing failed'}
          </div>
        </Show>
        <Show when={props.size !== 's' && !failed()}>
          <div
            class="text-body-secondary text-truncate"
            title={`Uploaded ${formatDateTime(props.media.uploadDate)}`}
          >
            {typeName(props.media.mimeType)} · {formatBytes(props.media.bytes)}
            <Show when={dimensions()}>{(size) => <> · {size()}</>}</Show>
          </div>
        </Show>
        {/* Small cards have two lines: a failed one gives the second to why. */}
        <Show when={props.size !== 's' || !failed()}>
          <div class="d-flex flex-nowrap gap-1 overflow-hidden">
            <Show when={props.media.processingStatus !== 'ready'}>
              <span
                class={`badge ${processingBadge[props.media.processingStatus]}`}
                title={props.media.processingError ?? undefined}
                data-testid="media-processing"
              >
                <Show when={props.media.processingStatus === 'processing'}>
                  <span
                    class="spinner-border spinner-border-sm me-1"
                    style={{ width: '0.6rem', height: '0.6rem' }}
                  >
                    <span class="visually-hidden">Processing</span>
                  </span>
                </Show>
                {shortProcessingLabel[props.media.processingStatus]}
              </span>
            </Show>
            <Show when={rendering() !== undefined}>
              <span
                class="badge bg-info-subtle text-info-emphasis border border-info-subtle"
                title="A saved edit is rendering; the photo shows its previous version until it is ready"
                data-testid="media-edit-progress"
              >
                Editing {rendering()}%
              </span>
            </Show>
            <span
              class={`badge ${moderationBadge[props.media.moderationStatus]}`}
              data-testid="media-moderation"
            >
              {moderationLabel[props.media.moderationStatus]}
            </span>
            <Show
              when={
                props.media.publication.state === 'scheduled' || props.media.publication.state === 'expired'
              }
            >
              <span
                class={`badge ${publicationBadge[props.media.publication.state]}`}
                title={props.media.publication.reason}
                data-testid="media-publication"
                data-state={props.media.publication.state}
              >
                {props.media.publication.state === 'scheduled' ? 'Scheduled' : 'Expired'}
              </span>
            </Show>
          </div>
        </Show>
      </div>
    </article>
  );
};

import type { Component } from 'solid-js';
import { createSignal, Show } from 'solid-js';
import type { Media } from '../../api/media';
import { isProcessingFinal } from '../../api/media';
import { formatBytes, formatDateTime } from '../../lib/format';
import { placeholderUrl } from '../../lib/thumbhash';
import { mediaCardId } from '../../stores/media-focus';
import { moderationBadge, moderationLabel, processingBadge, processingLabel, typeName } from './labels';

/**
 * One item of the library grid. Its ThumbHash placeholder paints at once; the thumbnail fades in over it
 * once loaded. Clicking the card or pressing Enter on it opens the detail panel. A failed item says why and,
 * for editors and admins, offers to process it again.
 */
export const MediaCard: Component<{
  media: Media;
  highlighted: boolean;
  canRetry: boolean;
  retrying: boolean;
  onOpen: () => void;
  onRetry: () => void;
}> = (props) => {
  const [thumbFailed, setThumbFailed] = createSignal(false);
  const [thumbLoaded, setThumbLoaded] = createSignal(false);
  const placeholder = () => placeholderUrl(props.media.placeholder);
  const dimensions = () =>
    props.media.width !== null && props.media.height !== null
      ? `${props.media.width}×${props.media.height}`
      : undefined;

  return (
    <article
      id={mediaCardId(props.media.id)}
      class="card h-100 shadow-sm"
      classList={{ 'border-primary border-3': props.highlighted }}
      style={{ cursor: 'pointer' }}
      tabindex="0"
      aria-label={`${props.media.originalFilename} — open details`}
      data-testid="media-card"
      data-media-id={props.media.id}
      data-processing-status={props.media.processingStatus}
      data-moderation-status={props.media.moderationStatus}
      data-highlighted={props.highlighted ? 'true' : undefined}
      onClick={(event) => {
        if ((event.target as HTMLElement).closest('button')) return;
        props.onOpen();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && event.target === event.currentTarget) {
          event.preventDefault();
          props.onOpen();
        }
      }}
    >
      <div
        class="ratio ratio-4x3 bg-body-secondary rounded-top border-bottom overflow-hidden"
        style={props.media.dominantColor ? { 'background-color': props.media.dominantColor } : undefined}
      >
        <div>
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
      </div>
      <div class="card-body p-2 small">
        <div class="fw-semibold text-truncate" title={props.media.originalFilename} data-testid="media-name">
          {props.media.originalFilename}
        </div>
        <div class="text-body-secondary">
          {typeName(props.media.mimeType)} · {formatBytes(props.media.bytes)}
          <Show when={dimensions()}>{(size) => <> · {size()}</>}</Show>
        </div>
        <div class="d-flex flex-wrap gap-1 my-1">
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
            {processingLabel[props.media.processingStatus]}
          </span>
          <span
            class={`badge ${moderationBadge[props.media.moderationStatus]}`}
            data-testid="media-moderation"
          >
            {moderationLabel[props.media.moderationStatus]}
          </span>
        </div>
        <Show when={props.media.processingStatus === 'failed'}>
          <div class="mb-1">
            <div class="text-danger text-break" data-testid="media-processing-error">
              {props.media.processingError ?? 'Processing failed'}
            </div>
            <Show when={props.canRetry}>
              <button
                type="button"
                class="btn btn-outline-primary btn-sm py-0 mt-1"
                disabled={props.retrying}
                onClick={() => props.onRetry()}
                aria-label={`Retry processing ${props.media.originalFilename}`}
                data-testid="retry-button"
              >
                Retry
              </button>
            </Show>
          </div>
        </Show>
        <div class="text-body-secondary">
          <time datetime={props.media.uploadDate.toISOString()}>
            {formatDateTime(props.media.uploadDate)}
          </time>
        </div>
      </div>
    </article>
  );
};

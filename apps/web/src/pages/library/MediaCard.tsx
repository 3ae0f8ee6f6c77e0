import type { Component } from 'solid-js';
import { createSignal, Show } from 'solid-js';
import type { Media } from '../../api/media';
import { isProcessingFinal } from '../../api/media';
import { formatBytes, formatDateTime } from '../../lib/format';
import { mediaCardId } from '../../stores/media-focus';
import { moderationBadge, moderationLabel, processingBadge, processingLabel, typeName } from './labels';

/**
 * One item of the library grid: its thumbnail once processing made one, else a neutral box with the file type
 * (the full grid with selection and details comes with a later issue).
 */
export const MediaCard: Component<{ media: Media; highlighted: boolean }> = (props) => {
  const [thumbFailed, setThumbFailed] = createSignal(false);
  const dimensions = () =>
    props.media.width !== null && props.media.height !== null
      ? `${props.media.width}×${props.media.height}`
      : undefined;

  return (
    <article
      id={mediaCardId(props.media.id)}
      class="card h-100 shadow-sm"
      classList={{ 'border-primary border-3': props.highlighted }}
      tabindex="-1"
      aria-label={props.media.originalFilename}
      data-testid="media-card"
      data-media-id={props.media.id}
      data-processing-status={props.media.processingStatus}
      data-moderation-status={props.media.moderationStatus}
      data-highlighted={props.highlighted ? 'true' : undefined}
    >
      <div
        class="ratio ratio-4x3 bg-body-secondary rounded-top border-bottom overflow-hidden"
        style={props.media.dominantColor ? { 'background-color': props.media.dominantColor } : undefined}
      >
        <Show
          when={!thumbFailed() && props.media.thumbUrl}
          fallback={
            <div class="d-flex flex-column align-items-center justify-content-center text-body-secondary bg-body-secondary">
              <span class="fs-5 fw-semibold">{typeName(props.media.mimeType)}</span>
              <Show when={!isProcessingFinal(props.media.processingStatus)}>
                <span class="small">preview pending</span>
              </Show>
            </div>
          }
        >
          {(src) => (
            <img
              src={src()}
              alt={props.media.altText ?? ''}
              loading="lazy"
              decoding="async"
              class="object-fit-cover"
              onError={() => setThumbFailed(true)}
              data-testid="media-thumb"
            />
          )}
        </Show>
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
                class="spinner-grow spinner-grow-sm me-1"
                style={{ width: '0.5rem', height: '0.5rem' }}
                aria-hidden="true"
              />
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
        <Show when={props.media.processingStatus === 'failed' && props.media.processingError}>
          {(error) => (
            <div class="text-danger text-truncate" title={error()} data-testid="media-processing-error">
              {error()}
            </div>
          )}
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

import type { Component, JSX } from 'solid-js';
import { createEffect, createUniqueId, For, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { Portal } from 'solid-js/web';
import type { Media, MediaDetail as MediaDetailData } from '../../api/media';
import { useMediaItem, useSimilarMedia } from '../../api/media';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingSpinner } from '../../components/LoadingSpinner';
import { isTypingTarget } from '../../lib/file-drop';
import { formatBytes, formatDateTime } from '../../lib/format';
import { placeholderUrl } from '../../lib/thumbhash';
import { mediaCardId } from '../../stores/media-focus';
import { processingBadge, processingLabel, typeName } from './labels';

const presetOrder = ['thumb', 'sm', 'md', 'lg', 'xl'];

/** The curated EXIF the worker stores (a JSON object; every field optional). */
interface Exif {
  camera?: { make?: string; model?: string };
  lens?: string;
  exposure?: string;
  fNumber?: number;
  iso?: number;
  focalLength?: number;
  focalLength35mm?: number;
  dateTaken?: string;
  gps?: { latitude: number; longitude: number; altitude?: number };
}

function exifOf(detail: MediaDetailData): Exif {
  const exif = detail.metadata?.exif;
  return exif && typeof exif === 'object' && !Array.isArray(exif) ? (exif as Exif) : {};
}

function sortedVariants(detail: MediaDetailData) {
  return [...detail.variants].sort(
    (a, b) =>
      presetOrder.indexOf(a.preset) - presetOrder.indexOf(b.preset) || a.format.localeCompare(b.format),
  );
}

/** The large preview: the `lg` WebP, else `md`, else any WebP. */
function previewOf(detail: MediaDetailData) {
  const webp = detail.variants.filter((variant) => variant.format === 'webp');
  return (
    webp.find((variant) => variant.preset === 'lg') ??
    webp.find((variant) => variant.preset === 'md') ??
    webp.at(-1)
  );
}

const Row: Component<{ label: string; children: JSX.Element }> = (props) => (
  <>
    <dt class="col-5 fw-normal text-body-secondary">{props.label}</dt>
    <dd class="col-7 mb-1 text-break">{props.children}</dd>
  </>
);

/**
 * One item in full: a large preview, its variants, metadata and palette, the original, and likely
 * near-duplicates. A Bootstrap modal rendered by Solid; Escape closes it, ← and → move through the grid.
 */
export const MediaDetail: Component<{
  modelSlug: string;
  mediaId: number;
  /** The list's copy, shown while the detail loads. */
  summary: Media | undefined;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onSelect: (id: number) => void;
  onClose: () => void;
}> = (props) => {
  const titleId = createUniqueId();
  let dialog: HTMLDivElement | undefined;
  const detail = useMediaItem(
    () => props.modelSlug,
    () => props.mediaId,
  );
  const similar = useSimilarMedia(
    () => props.modelSlug,
    () => props.mediaId,
  );
  const name = () =>
    detail.data?.originalFilename ?? props.summary?.originalFilename ?? `Media ${props.mediaId}`;
  const status = () => detail.data?.processingStatus ?? props.summary?.processingStatus;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      props.onClose();
    } else if (isTypingTarget(event.target)) {
      return;
    } else if (event.key === 'ArrowLeft' && props.hasPrevious) {
      event.preventDefault();
      props.onPrevious();
    } else if (event.key === 'ArrowRight' && props.hasNext) {
      event.preventDefault();
      props.onNext();
    }
  };

  onMount(() => {
    document.body.classList.add('modal-open');
    document.addEventListener('keydown', onKeyDown);
    requestAnimationFrame(() => dialog?.focus());
  });
  // Remembered as it changes: the props can no longer be read while the panel is being closed.
  let shownId = props.mediaId;
  createEffect(() => {
    shownId = props.mediaId;
  });
  onCleanup(() => {
    document.body.classList.remove('modal-open');
    document.removeEventListener('keydown', onKeyDown);
    // Back to the card of the item last shown.
    document.getElementById(mediaCardId(shownId))?.focus();
  });

  return (
    <Portal>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the backdrop click's key is Escape, handled on the document (focus may not be inside yet). */}
      <div
        ref={dialog}
        class="modal d-block"
        tabIndex={-1}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="media-detail"
        data-media-id={props.mediaId}
        onClick={(event) => {
          if (event.target === event.currentTarget) props.onClose();
        }}
      >
        <div class="modal-dialog modal-xl modal-dialog-scrollable">
          <div class="modal-content shadow">
            <div class="modal-header gap-2">
              <h2 class="modal-title h5 text-truncate me-auto" id={titleId}>
                {name()}
              </h2>
              <Show when={status()}>
                {(value) => (
                  <span class={`badge ${processingBadge[value()]}`}>{processingLabel[value()]}</span>
                )}
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
              <button
                type="button"
                class="btn-close ms-2"
                aria-label="Close"
                onClick={() => props.onClose()}
              />
            </div>
            <div class="modal-body">
              <Switch>
                <Match when={detail.data}>
                  {(data) => <DetailBody detail={data()} similar={similar} onSelect={props.onSelect} />}
                </Match>
                <Match when={detail.isError}>
                  <ErrorAlert
                    title="Could not load this item"
                    message={detail.error?.message ?? 'No answer.'}
                  />
                </Match>
                <Match when={true}>
                  <LoadingSpinner label="Loading the details…" />
                </Match>
              </Switch>
            </div>
          </div>
        </div>
      </div>
      <div class="modal-backdrop show" />
    </Portal>
  );
};

const DetailBody: Component<{
  detail: MediaDetailData;
  similar: ReturnType<typeof useSimilarMedia>;
  onSelect: (id: number) => void;
}> = (props) => {
  const exif = () => exifOf(props.detail);
  const preview = () => previewOf(props.detail);
  const placeholder = () => placeholderUrl(props.detail.placeholder);
  const basic = () => props.detail.metadata?.basicInfo;
  const palette = () => props.detail.metadata?.colors?.palette ?? [];
  const camera = () =>
    [exif().camera?.make, exif().camera?.model].filter((part): part is string => Boolean(part)).join(' ');
  const hasExif = () =>
    Boolean(
      camera() ||
        exif().lens ||
        exif().exposure ||
        exif().fNumber ||
        exif().iso ||
        exif().focalLength ||
        exif().dateTaken ||
        exif().gps,
    );

  return (
    <div class="row g-4">
      <div class="col-lg-7">
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
              <img
                src={variant().url}
                alt={props.detail.altText ?? ''}
                class="img-fluid"
                style={{ 'max-height': '70vh' }}
                width={variant().width}
                height={variant().height}
                data-testid="detail-preview"
              />
            )}
          </Show>
        </div>
        <Show when={props.detail.processingStatus === 'failed'}>
          <div class="alert alert-danger small mt-2 mb-0" role="alert" data-testid="detail-processing-error">
            Processing failed: {props.detail.processingError ?? 'no reason recorded'}
          </div>
        </Show>
        <Show when={props.detail.caption}>{(caption) => <p class="small mt-2 mb-0">{caption()}</p>}</Show>
      </div>
      <div class="col-lg-5">
        <section aria-labelledby="detail-original-title" class="mb-3">
          <h3 class="h6" id="detail-original-title">
            Original
          </h3>
          <dl class="row small mb-0 g-0" data-testid="detail-original">
            <Row label="Media id">{props.detail.id}</Row>
            <Row label="File name">{props.detail.originalFilename}</Row>
            <Row label="Type">
              {typeName(props.detail.mimeType)}{' '}
              <span class="text-body-secondary">({props.detail.mimeType})</span>
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
        <section aria-labelledby="detail-metadata-title" class="mb-3" data-testid="detail-metadata">
          <h3 class="h6" id="detail-metadata-title">
            Metadata
          </h3>
          <Show
            when={props.detail.metadata}
            fallback={<p class="small text-body-secondary mb-0">Not extracted yet.</p>}
          >
            <dl class="row small mb-0 g-0">
              <Show when={basic()}>
                {(info) => (
                  <Row label="Format">
                    {String(info().format).toUpperCase()}
                    <Show when={info().space}> · {info().space}</Show>
                    <Show when={info().depth}> · {info().depth}</Show>
                    <Show when={info().hasAlpha}> · alpha</Show>
                    <Show when={info().animated}> · animated</Show>
                    <Show when={typeof info().pages === 'number' && (info().pages as number) > 1}>
                      {' '}
                      · {String(info().pages)} pages
                    </Show>
                  </Row>
                )}
              </Show>
              <Show when={camera()}>
                <Row label="Camera">
                  <span data-testid="detail-camera">{camera()}</span>
                </Row>
              </Show>
              <Show when={exif().lens}>{(lens) => <Row label="Lens">{lens()}</Row>}</Show>
              <Show when={exif().exposure}>{(exposure) => <Row label="Exposure">{exposure()}</Row>}</Show>
              <Show when={exif().fNumber}>{(value) => <Row label="Aperture">ƒ/{value()}</Row>}</Show>
              <Show when={exif().iso}>{(value) => <Row label="ISO">{value()}</Row>}</Show>
              <Show when={exif().focalLength}>
                {(value) => (
                  <Row label="Focal length">
                    {value()} mm
                    <Show when={exif().focalLength35mm}>
                      {(equivalent) => <span class="text-body-secondary"> ({equivalent()} mm in 35 mm)</span>}
                    </Show>
                  </Row>
                )}
              </Show>
              <Show when={exif().dateTaken}>
                {(date) => <Row label="Taken">{formatDateTime(date())}</Row>}
              </Show>
              <Show when={exif().gps}>
                {(gps) => (
                  <Row label="Location">
                    <a
                      href={`https://www.openstreetmap.org/?mlat=${gps().latitude}&mlon=${gps().longitude}#map=15/${gps().latitude}/${gps().longitude}`}
                      target="_blank"
                      rel="noopener noreferrer"
                      data-testid="detail-gps"
                    >
                      {gps().latitude.toFixed(5)}, {gps().longitude.toFixed(5)}
                    </a>
                    <Show when={gps().altitude !== undefined}>
                      <span class="text-body-secondary"> · {Math.round(gps().altitude ?? 0)} m</span>
                    </Show>
                  </Row>
                )}
              </Show>
            </dl>
            <Show when={!hasExif()}>
              <p class="small text-body-secondary mb-0">No camera data (EXIF) in this file.</p>
            </Show>
            <Show when={palette().length > 0}>
              <div class="mt-2">
                <div class="small text-body-secondary mb-1">Palette</div>
                <div class="d-flex flex-wrap gap-1" data-testid="detail-palette">
                  <For each={palette()}>
                    {(color) => (
                      <span
                        class="d-inline-block rounded border"
                        style={{ width: '2rem', height: '2rem', 'background-color': color }}
                        title={color}
                        role="img"
                        aria-label={`Colour ${color}`}
                        data-testid="palette-swatch"
                      />
                    )}
                  </For>
                </div>
              </div>
            </Show>
          </Show>
        </section>
      </div>
      <section class="col-12" aria-labelledby="detail-variants-title">
        <h3 class="h6" id="detail-variants-title">
          Variants
        </h3>
        <Show
          when={props.detail.variants.length > 0}
          fallback={<p class="small text-body-secondary mb-0">No variants yet.</p>}
        >
          <div class="table-responsive">
            <table class="table table-sm small align-middle mb-0" data-testid="detail-variants">
              <thead>
                <tr>
                  <th scope="col">Preset</th>
                  <th scope="col">Format</th>
                  <th scope="col">Size</th>
                  <th scope="col" class="text-end">
                    Bytes
                  </th>
                  <th scope="col">
                    <span class="visually-hidden">Link</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={sortedVariants(props.detail)}>
                  {(variant) => (
                    <tr
                      data-testid="detail-variant"
                      data-preset={variant.preset}
                      data-format={variant.format}
                    >
                      <td>{variant.preset}</td>
                      <td>{variant.format.toUpperCase()}</td>
                      <td>
                        {variant.width}×{variant.height}
                      </td>
                      <td class="text-end">{formatBytes(variant.bytes)}</td>
                      <td class="text-end">
                        <a href={variant.url} target="_blank" rel="noopener">
                          Open
                        </a>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </section>
      <section class="col-12" aria-labelledby="detail-similar-title" data-testid="detail-similar">
        <h3 class="h6" id="detail-similar-title">
          Likely near-duplicates
        </h3>
        <Switch>
          <Match
            when={
              props.similar.data && !props.similar.data.ready && props.detail.processingStatus === 'failed'
            }
          >
            <p class="small text-body-secondary mb-0" data-state="failed">
              Not available: processing failed.
            </p>
          </Match>
          <Match when={props.similar.data && !props.similar.data.ready}>
            <p class="small text-body-secondary mb-0" data-state="processing">
              Still processing — near-duplicates are found once the item is ready.
            </p>
          </Match>
          <Match when={props.similar.data?.items.length === 0}>
            <p class="small text-body-secondary mb-0" data-state="none">
              None found.
            </p>
          </Match>
          <Match when={props.similar.data}>
            {(found) => (
              <div class="d-flex flex-wrap gap-2" data-state="found">
                <For each={found().items}>
                  {(item) => (
                    <a
                      href={`#${mediaCardId(item.id)}`}
                      class="d-block text-decoration-none small text-center"
                      style={{ width: '6rem' }}
                      title={`${item.originalFilename} (${item.distance} bits apart)`}
                      onClick={(event) => {
                        event.preventDefault();
                        props.onSelect(item.id);
                      }}
                      data-testid="similar-item"
                      data-media-id={item.id}
                    >
                      <img
                        src={item.thumbUrl ?? placeholderUrl(item.placeholder) ?? ''}
                        alt={item.originalFilename}
                        class="rounded border object-fit-cover"
                        width="96"
                        height="96"
                      />
                      <span class="d-block text-truncate">{item.originalFilename}</span>
                    </a>
                  )}
                </For>
              </div>
            )}
          </Match>
          <Match when={props.similar.isError}>
            <p class="small text-danger mb-0">Could not look for near-duplicates.</p>
          </Match>
          <Match when={true}>
            <p class="small text-body-secondary mb-0">Looking…</p>
          </Match>
        </Switch>
      </section>
    </div>
  );
};

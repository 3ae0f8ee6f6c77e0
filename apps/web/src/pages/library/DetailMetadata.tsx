import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import type { MediaDetail } from '../../api/media';
import { DetailRow as Row } from '../../components/DetailList';
import { formatDateTime } from '../../lib/format';

/** What the worker read from the file: format, camera data (EXIF) with a map link, and the palette. */
export const DetailMetadata: Component<{ detail: MediaDetail }> = (props) => {
  const exif = () => props.detail.metadata?.exif ?? {};
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
                <Show when={(info().pages ?? 1) > 1}> · {String(info().pages)} pages</Show>
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
          <Show when={exif().dateTaken}>{(date) => <Row label="Taken">{formatDateTime(date())}</Row>}</Show>
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
  );
};

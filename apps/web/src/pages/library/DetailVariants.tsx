import { byPresetOrder } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import type { MediaDetail } from '../../api/media';
import { formatBytes } from '../../lib/format';

function sortedVariants(detail: MediaDetail) {
  return [...detail.variants].sort(byPresetOrder);
}

/** Every generated variant, smallest preset first: size, bytes and a link. */
export const DetailVariants: Component<{ detail: MediaDetail }> = (props) => (
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
                <tr data-testid="detail-variant" data-preset={variant.preset} data-format={variant.format}>
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
);

import { A } from '@solidjs/router';
import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import type { TopItem } from '../../api/analytics';
import { formatDateTime } from '../../lib/format';
import { placeholderUrl } from '../../lib/thumbhash';
import { modelHref } from '../../stores/current-model';

/** Where the library opens this item's detail panel. */
const libraryItemHref = (modelSlug: string, mediaId: number) =>
  `${modelHref(modelSlug, 'library')}?media=${mediaId}`;

/** The model's items by engagement score (all time, decaying with age), each a link to it in the library. */
export const TopPhotos: Component<{ modelSlug: string; items: readonly TopItem[] }> = (props) => (
  <div class="card shadow-sm h-100">
    <div class="card-header bg-body-tertiary">
      <h2 class="h6 mb-0">Top photos</h2>
      <p class="small text-body-secondary mb-0">
        All time, by engagement score: views + 5 × downloads + 3 × edits, halving every 30 days.
      </p>
    </div>
    <Show
      when={props.items.length > 0}
      fallback={
        <p class="card-body small text-body-secondary mb-0" data-testid="analytics-top-empty">
          No photo has been viewed, downloaded or edited yet.
        </p>
      }
    >
      <div class="table-responsive">
        <table class="table table-sm table-hover align-middle small mb-0" data-testid="analytics-top">
          <thead class="table-light">
            <tr>
              <th scope="col">Photo</th>
              <th scope="col" class="text-end">
                Views
              </th>
              <th scope="col" class="text-end">
                Downloads
              </th>
              <th scope="col" class="text-end">
                Score
              </th>
              <th scope="col" class="d-none d-md-table-cell">
                Last viewed
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.items}>
              {(item) => (
                <tr data-testid="analytics-top-item" data-media-id={item.mediaId}>
                  <td>
                    <A
                      href={libraryItemHref(props.modelSlug, item.mediaId)}
                      class="d-flex align-items-center gap-2 text-decoration-none"
                      title={`Open ${item.originalFilename} in the library`}
                    >
                      <img
                        src={item.thumbUrl ?? placeholderUrl(item.placeholder) ?? ''}
                        alt=""
                        class="rounded border object-fit-cover flex-none"
                        style={{ 'background-color': item.dominantColor ?? undefined }}
                        width="40"
                        height="40"
                        loading="lazy"
                      />
                      <span class="text-truncate" style={{ 'max-width': '16rem' }}>
                        {item.originalFilename}
                      </span>
                    </A>
                  </td>
                  <td class="text-end" data-testid="analytics-top-views">
                    {item.views.toLocaleString()}
                  </td>
                  <td class="text-end" data-testid="analytics-top-downloads">
                    {item.downloads.toLocaleString()}
                  </td>
                  <td class="text-end" data-testid="analytics-top-score">
                    {item.engagementScore.toLocaleString(undefined, { maximumFractionDigits: 1 })}
                  </td>
                  <td class="d-none d-md-table-cell text-nowrap">{formatDateTime(item.lastViewedAt)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  </div>
);

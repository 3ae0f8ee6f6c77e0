import type { Component } from 'solid-js';
import { createEffect, createSignal, For, Show } from 'solid-js';
import type { QueueItem } from '../../api/moderation';
import { placeholderUrl } from '../../lib/thumbhash';
import { moderationBadge } from '../library/labels';
import { queueStatusLabel } from './labels';
import { formatPercentScore, topScores } from './queue-logic';

/** The element id of an item of the queue list (scrolled into view when it becomes current). */
export const queueItemId = (id: number) => `queue-item-${id}`;

/**
 * The queue as a list: a checkbox for bulk decisions, the thumbnail, file name, status, the two highest scores
 * and, in the all-models view, the model. Clicking an item makes it the current one.
 */
export const QueueList: Component<{
  items: readonly QueueItem[];
  currentId: number | undefined;
  selected: ReadonlySet<number>;
  showModel: boolean;
  onCurrent: (id: number) => void;
  onToggle: (id: number) => void;
  onToggleAll: () => void;
}> = (props) => {
  let selectAll: HTMLInputElement | undefined;
  const allSelected = () =>
    props.items.length > 0 && props.items.every((item) => props.selected.has(item.id));
  const someSelected = () => props.selected.size > 0 && !allSelected();
  createEffect(() => {
    if (selectAll) selectAll.indeterminate = someSelected();
  });

  return (
    <div>
      <div class="form-check small mb-2">
        <input
          ref={selectAll}
          id="queue-select-all"
          class="form-check-input"
          type="checkbox"
          checked={allSelected()}
          onChange={() => props.onToggleAll()}
          data-testid="queue-select-all"
        />
        <label class="form-check-label" for="queue-select-all">
          Select all {props.items.length} shown
        </label>
      </div>
      <ul class="list-group shadow-sm" data-testid="queue-list" aria-label="Items waiting for a decision">
        <For each={props.items}>
          {(item) => (
            <QueueListItem
              item={item}
              current={props.currentId === item.id}
              selected={props.selected.has(item.id)}
              showModel={props.showModel}
              onCurrent={() => props.onCurrent(item.id)}
              onToggle={() => props.onToggle(item.id)}
            />
          )}
        </For>
      </ul>
    </div>
  );
};

const QueueListItem: Component<{
  item: QueueItem;
  current: boolean;
  selected: boolean;
  showModel: boolean;
  onCurrent: () => void;
  onToggle: () => void;
}> = (props) => {
  const [thumbFailed, setThumbFailed] = createSignal(false);
  const placeholder = () => placeholderUrl(props.item.placeholder);
  const scores = () => topScores(props.item.request?.scores ?? null, 2);

  return (
    <li
      id={queueItemId(props.item.id)}
      class="list-group-item d-flex align-items-center gap-2 px-2"
      classList={{ 'bg-primary-subtle border-primary': props.current }}
      aria-current={props.current ? 'true' : undefined}
      data-testid="queue-item"
      data-media-id={props.item.id}
      data-status={props.item.moderationStatus}
      data-current={props.current ? 'true' : undefined}
      data-selected={props.selected ? 'true' : undefined}
    >
      <input
        class="form-check-input flex-shrink-0 m-0"
        type="checkbox"
        checked={props.selected}
        onChange={() => props.onToggle()}
        aria-label={`Select ${props.item.originalFilename}`}
        data-testid="queue-item-select"
      />
      <button
        type="button"
        class="btn btn-link text-reset text-decoration-none p-0 d-flex align-items-center gap-2 text-start flex-grow-1"
        style={{ 'min-width': 0 }}
        onClick={() => props.onCurrent()}
        aria-label={`Review ${props.item.originalFilename}`}
        data-testid="queue-item-open"
      >
        <span
          class="flex-shrink-0 rounded border bg-body-secondary overflow-hidden position-relative"
          style={{
            width: '3.5rem',
            height: '3.5rem',
            'background-image': placeholder() ? `url(${placeholder()})` : undefined,
            'background-size': 'cover',
          }}
        >
          <Show when={!thumbFailed() && props.item.thumbUrl}>
            {(src) => (
              <img
                src={src()}
                alt=""
                loading="lazy"
                class="w-100 h-100 object-fit-cover"
                onError={() => setThumbFailed(true)}
                data-testid="queue-item-thumb"
              />
            )}
          </Show>
        </span>
        <span class="d-block small" style={{ 'min-width': 0 }}>
          <span
            class="d-block fw-semibold text-truncate"
            title={props.item.originalFilename}
            data-testid="queue-item-name"
          >
            {props.item.originalFilename}
          </span>
          <Show when={props.showModel}>
            <span class="d-block text-body-secondary text-truncate" data-testid="queue-item-model">
              {props.item.modelName}
            </span>
          </Show>
          <span class="d-flex flex-wrap align-items-center gap-1 mt-1">
            <span
              class={`badge ${moderationBadge[props.item.moderationStatus]}`}
              data-testid="queue-item-status"
            >
              {queueStatusLabel[props.item.moderationStatus]}
            </span>
            <For each={scores()}>
              {(row) => (
                <span class="text-body-secondary" data-testid="queue-item-score">
                  {row.name} {formatPercentScore(row.score)}
                </span>
              )}
            </For>
          </span>
        </span>
      </button>
    </li>
  );
};

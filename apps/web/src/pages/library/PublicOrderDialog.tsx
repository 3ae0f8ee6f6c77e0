import type { Component } from 'solid-js';
import { createEffect, createSignal, For, Match, Show, Switch } from 'solid-js';
import { useMovePublicOrder, usePublicOrder } from '../../api/publication';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingSpinner } from '../../components/LoadingSpinner';
import { Modal } from '../../components/Modal';
import { describeError } from '../../lib/errors';
import { latest } from '../../lib/query-client';
import { showToast } from '../../stores/toasts';
import { publicationBadge } from './labels';
import { moveBefore } from './public-order';

const orderCardId = (id: number) => `public-order-${id}`;

/**
 * The public order of one category, as the public gallery lists it: editors drag a photo onto another to put it
 * there (native HTML5 drag and drop), or focus one and press Alt+← / Alt+→ (or ↑ ↓). Each move is saved at once as
 * "this one before that one" (concurrent editors' moves both apply); the list shows the move before the server
 * answers and then the order the server has. Others' moves arrive through the live updates.
 */
export const PublicOrderDialog: Component<{
  modelSlug: string;
  categoryId: number;
  categoryName: string;
  canEdit: boolean;
  onClose: () => void;
}> = (props) => {
  const order = usePublicOrder(
    () => props.modelSlug,
    () => props.categoryId,
  );
  const move = useMovePublicOrder(
    () => props.modelSlug,
    () => props.categoryId,
  );
  /** The order shown while a move is on its way (the server's once it answers). */
  const [pending, setPending] = createSignal<number[] | undefined>();
  const [dragging, setDragging] = createSignal<number | undefined>();
  const [focused, setFocused] = createSignal<number | undefined>();
  const [announcement, setAnnouncement] = createSignal('');

  const items = () => {
    const data = latest(order)?.items ?? [];
    const ids = pending();
    if (!ids) return data;
    return ids.flatMap((id) => data.filter((item) => item.id === id));
  };
  const ids = () => items().map((item) => item.id);

  // Focus stays on the photo being moved: a card moved or re-rendered under it drops the focus to the body.
  createEffect(() => {
    const id = focused();
    ids();
    if (id === undefined) return;
    const card = document.getElementById(orderCardId(id));
    if (card && (document.activeElement === null || document.activeElement === document.body)) card.focus();
  });

  async function place(id: number, beforeId: number | null) {
    const next = moveBefore(ids(), id, beforeId);
    if (next.join() === ids().join()) return;
    setPending(next);
    const item = items().find((candidate) => candidate.id === id);
    setAnnouncement(
      `${item?.originalFilename ?? 'Photo'} moved to place ${next.indexOf(id) + 1} of ${next.length}`,
    );
    try {
      // The order cache takes the server's answer (useMovePublicOrder), so nothing older shows in between.
      await move.mutateAsync({ id, beforeId });
    } catch (error) {
      showToast(`Could not save the order: ${describeError(error)}`, 'danger');
    } finally {
      // A later move still on its way keeps showing its own order.
      if (pending() === next) setPending(undefined);
    }
  }

  function onKeyDown(event: KeyboardEvent, id: number) {
    if (!props.canEdit || !event.altKey) return;
    const list = ids();
    const at = list.indexOf(id);
    if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (at > 0) void place(id, list[at - 1] ?? null);
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowDown') {
      event.preventDefault();
      if (at < list.length - 1) void place(id, list[at + 2] ?? null);
    }
  }

  return (
    <Modal
      title={`Public order: ${props.categoryName}`}
      onClose={() => props.onClose()}
      dialogClass="modal-xl modal-dialog-scrollable"
      testId="public-order"
    >
      <p class="small text-body-secondary">
        The order of this category on the public site (items not public yet keep their place for when they
        are).
        <Show when={props.canEdit}>
          {' '}
          Drag a photo onto another to put it there, or focus one and press Alt+← / Alt+→.
        </Show>
      </p>
      <div class="visually-hidden" aria-live="polite" data-testid="public-order-announcement">
        {announcement()}
      </div>
      <Switch>
        <Match when={latest(order)}>
          {(data) => (
            <>
              <Show when={!data().complete}>
                <div class="alert alert-info small">
                  Only the first {data().items.length} items are shown.
                </div>
              </Show>
              <ol
                class="public-order-list list-unstyled d-flex flex-wrap gap-2 mb-0"
                data-testid="public-order-list"
              >
                <For each={items()}>
                  {(item, index) => (
                    <li
                      id={orderCardId(item.id)}
                      class="card public-order-card"
                      classList={{ 'opacity-50': dragging() === item.id }}
                      style={{ width: '9rem' }}
                      tabindex="0"
                      draggable={props.canEdit}
                      aria-roledescription={props.canEdit ? 'sortable photo' : undefined}
                      aria-label={`${item.originalFilename}, place ${index() + 1} of ${items().length}`}
                      onFocus={() => setFocused(item.id)}
                      onBlur={(event) => {
                        // Focus moved on (not dropped by a re-render): it is no longer the card's to keep.
                        if (event.relatedTarget) setFocused(undefined);
                      }}
                      onKeyDown={(event) => onKeyDown(event, item.id)}
                      onDragStart={(event) => {
                        setDragging(item.id);
                        event.dataTransfer?.setData('text/plain', String(item.id));
                        if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
                      }}
                      onDragEnd={() => setDragging(undefined)}
                      onDragOver={(event) => {
                        if (dragging() === undefined) return;
                        event.preventDefault();
                        if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
                      }}
                      onDrop={(event) => {
                        event.preventDefault();
                        const id = dragging();
                        setDragging(undefined);
                        if (id === undefined || id === item.id) return;
                        // Dropped on a later photo: after it; on an earlier one: before it.
                        const list = ids();
                        const later = list.indexOf(item.id) > list.indexOf(id);
                        void place(id, later ? (list[list.indexOf(item.id) + 1] ?? null) : item.id);
                      }}
                      data-testid="public-order-item"
                      data-media-id={item.id}
                    >
                      <div
                        class="ratio ratio-1x1 bg-body-secondary rounded-top"
                        style={{ 'background-color': item.dominantColor ?? undefined }}
                      >
                        <Show when={item.thumbUrl}>
                          {(url) => (
                            <img
                              src={url()}
                              alt={item.altText ?? ''}
                              class="object-fit-cover"
                              draggable={false}
                            />
                          )}
                        </Show>
                      </div>
                      <div class="card-body p-1 small">
                        <div class="d-flex align-items-center gap-1">
                          <span class="badge text-bg-dark" data-testid="public-order-place">
                            {index() + 1}
                          </span>
                          <span class="text-truncate" title={item.originalFilename}>
                            {item.originalFilename}
                          </span>
                        </div>
                        <span
                          class={`badge ${publicationBadge[item.publication.state]}`}
                          title={item.publication.reason}
                        >
                          {item.publication.state}
                        </span>
                      </div>
                    </li>
                  )}
                </For>
              </ol>
              <Show when={items().length === 0}>
                <p class="text-body-secondary">This category has no photos.</p>
              </Show>
            </>
          )}
        </Match>
        <Match when={order.isError}>
          <ErrorAlert title="Could not load the order" message={order.error?.message ?? 'No answer.'} />
        </Match>
        <Match when={true}>
          <LoadingSpinner label="Loading the order…" />
        </Match>
      </Switch>
    </Modal>
  );
};

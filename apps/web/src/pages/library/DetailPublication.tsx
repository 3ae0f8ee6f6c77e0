import type { Component } from 'solid-js';
import { createEffect, createSignal, on, Show } from 'solid-js';
import type { MediaDetail } from '../../api/media';
import { useSetWindow } from '../../api/publication';
import { fromDateTimeInput, toDateTimeInput } from '../../lib/datetime-input';
import { describeError, serverFieldErrors } from '../../lib/errors';
import { publicationBadge } from './labels';

/**
 * The detail panel's publication section: where the item stands for the public site (live, scheduled, expired,
 * not public, and why), and its window (from / until, local time; either may be cleared) for editors to set.
 */
export const DetailPublication: Component<{ modelSlug: string; detail: MediaDetail; canEdit: boolean }> = (
  props,
) => {
  const setWindow = useSetWindow(() => props.modelSlug);
  const [from, setFrom] = createSignal('');
  const [until, setUntil] = createSignal('');
  const [error, setError] = createSignal<string | undefined>();
  // The inputs follow the item as saved (here or by someone else).
  createEffect(
    on(
      () => [props.detail.publishFrom?.getTime(), props.detail.publishUntil?.getTime()],
      () => {
        setFrom(toDateTimeInput(props.detail.publishFrom));
        setUntil(toDateTimeInput(props.detail.publishUntil));
      },
    ),
  );
  const changed = () =>
    from() !== toDateTimeInput(props.detail.publishFrom) ||
    until() !== toDateTimeInput(props.detail.publishUntil);

  async function save() {
    setError(undefined);
    const publishFrom = fromDateTimeInput(from());
    const publishUntil = fromDateTimeInput(until());
    if (publishFrom && publishUntil && publishUntil <= publishFrom) {
      setError('The end of the window must be after its start');
      return;
    }
    try {
      await setWindow.mutateAsync({ id: props.detail.id, publishFrom, publishUntil });
    } catch (caught) {
      setError(serverFieldErrors(caught).publishUntil?.[0] ?? describeError(caught));
    }
  }

  return (
    <section aria-labelledby="detail-publication-title" class="mb-3" data-testid="detail-publication">
      <div class="d-flex align-items-center gap-2 mb-2">
        <h3 class="h6 mb-0" id="detail-publication-title">
          Publication
        </h3>
        <span
          class={`badge ${publicationBadge[props.detail.publication.state]}`}
          data-testid="publication-state"
          data-state={props.detail.publication.state}
        >
          {props.detail.publication.state}
        </span>
      </div>
      <p class="small text-body-secondary mb-2" data-testid="publication-reason">
        {props.detail.publication.reason}
      </p>
      <Show when={props.canEdit}>
        <form
          class="row g-2 align-items-end"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <div class="col-sm-6">
            <label class="form-label small mb-1" for="publish-from">
              Public from
            </label>
            <div class="input-group input-group-sm">
              <input
                id="publish-from"
                type="datetime-local"
                class="form-control"
                value={from()}
                onInput={(event) => setFrom(event.currentTarget.value)}
                data-testid="publish-from"
              />
              <button
                type="button"
                class="btn btn-outline-secondary"
                aria-label="Clear the start"
                disabled={from() === ''}
                onClick={() => setFrom('')}
                data-testid="publish-from-clear"
              >
                ×
              </button>
            </div>
          </div>
          <div class="col-sm-6">
            <label class="form-label small mb-1" for="publish-until">
              Public until
            </label>
            <div class="input-group input-group-sm">
              <input
                id="publish-until"
                type="datetime-local"
                class="form-control"
                classList={{ 'is-invalid': error() !== undefined }}
                value={until()}
                onInput={(event) => setUntil(event.currentTarget.value)}
                aria-describedby="publish-window-error"
                data-testid="publish-until"
              />
              <button
                type="button"
                class="btn btn-outline-secondary"
                aria-label="Clear the end"
                disabled={until() === ''}
                onClick={() => setUntil('')}
                data-testid="publish-until-clear"
              >
                ×
              </button>
            </div>
          </div>
          <Show when={error()}>
            <div class="col-12 small text-danger" id="publish-window-error" role="alert">
              {error()}
            </div>
          </Show>
          <div class="col-12">
            <button
              type="submit"
              class="btn btn-sm btn-primary"
              disabled={!changed() || setWindow.isPending}
              data-testid="publish-window-save"
            >
              {setWindow.isPending ? 'Saving…' : 'Save window'}
            </button>
          </div>
        </form>
      </Show>
    </section>
  );
};

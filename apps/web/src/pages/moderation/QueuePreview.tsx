import type { ModerationDecision } from '@phoenix4ge/shared';
import { moderationDecisions } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { createSignal, createUniqueId, For, Show } from 'solid-js';
import type { QueueItem } from '../../api/moderation';
import { placeholderUrl } from '../../lib/thumbhash';
import { moderationBadge } from '../library/labels';
import { decisionButton, decisionKey, decisionLabel, decisionVerb, queueStatusLabel } from './labels';
import { ProviderAnswer } from './ProviderAnswer';

/**
 * The current item of the queue in full: a large preview, the decision buttons with the optional reason, and what
 * the provider said (classifier, the five class scores as bars, the combined explicit and suggestive figures,
 * labels, the reason, errors and attempts).
 */
export const QueuePreview: Component<{
  item: QueueItem;
  showModel: boolean;
  reason: string;
  onReason: (value: string) => void;
  registerReasonField: (field: HTMLInputElement) => void;
  /** The decision R or F armed for this item (Enter in the reason field submits it). */
  armed: ModerationDecision | undefined;
  pending: boolean;
  onDecide: (decision: ModerationDecision) => void;
  onReasonEnter: () => void;
  onReasonEscape: () => void;
}> = (props) => {
  const titleId = createUniqueId();
  const reasonId = createUniqueId();
  const hintId = createUniqueId();
  const [previewFailed, setPreviewFailed] = createSignal(false);
  const [previewLoaded, setPreviewLoaded] = createSignal(false);
  const placeholder = () => placeholderUrl(props.item.placeholder);
  const source = () =>
    previewFailed() ? props.item.thumbUrl : (props.item.previewUrl ?? props.item.thumbUrl);

  return (
    <section
      class="card shadow-sm"
      aria-labelledby={titleId}
      data-testid="queue-preview"
      data-media-id={props.item.id}
      data-status={props.item.moderationStatus}
    >
      <div class="card-header d-flex flex-wrap align-items-center gap-2">
        <h2 class="h5 mb-0 text-truncate me-auto" id={titleId} title={props.item.originalFilename}>
          {props.item.originalFilename}
        </h2>
        <Show when={props.showModel}>
          <span class="badge bg-body-tertiary text-body border" data-testid="preview-model">
            {props.item.modelName}
          </span>
        </Show>
        <span class={`badge ${moderationBadge[props.item.moderationStatus]}`} data-testid="preview-status">
          {queueStatusLabel[props.item.moderationStatus]}
          <Show when={props.item.moderatedAt}> by a person</Show>
        </span>
      </div>
      <div class="card-body">
        <div class="row g-4">
          <div class="col-xl-7">
            <div
              class="rounded border bg-body-secondary d-flex align-items-center justify-content-center overflow-hidden"
              style={{
                'min-height': '12rem',
                'background-color': props.item.dominantColor ?? undefined,
                'background-image': placeholder() ? `url(${placeholder()})` : undefined,
                'background-size': 'cover',
                'background-position': 'center',
              }}
            >
              <Show
                when={source()}
                fallback={<span class="text-body-secondary p-5">No preview available</span>}
              >
                {(src) => (
                  <img
                    src={src()}
                    alt={props.item.altText ?? `Preview of ${props.item.originalFilename}`}
                    class="img-fluid moderation-preview-image"
                    style={{
                      opacity: previewLoaded() ? 1 : 0,
                      transition: 'opacity 0.2s ease-in',
                    }}
                    onLoad={() => setPreviewLoaded(true)}
                    onError={() => setPreviewFailed(true)}
                    data-testid="preview-image"
                    data-loaded={previewLoaded() ? 'true' : undefined}
                  />
                )}
              </Show>
            </div>
            <form
              class="mt-3"
              onSubmit={(event) => {
                event.preventDefault();
                props.onReasonEnter();
              }}
              data-testid="decision-form"
            >
              <fieldset class="d-flex flex-wrap gap-2 mb-2">
                <legend class="visually-hidden">Decision</legend>
                <For each={moderationDecisions}>
                  {(decision) => (
                    <button
                      type="button"
                      class={`btn ${decisionButton[decision]}`}
                      classList={{ active: props.armed === decision }}
                      disabled={props.pending}
                      aria-keyshortcuts={decisionKey[decision]}
                      aria-pressed={props.armed === decision ? 'true' : undefined}
                      onClick={() => props.onDecide(decision)}
                      data-testid={`decide-${decision}`}
                    >
                      {decisionLabel[decision]} <kbd class="ms-1 small">{decisionKey[decision]}</kbd>
                    </button>
                  )}
                </For>
              </fieldset>
              <label class="form-label small mb-1" for={reasonId}>
                Reason <span class="text-body-secondary">(optional, recorded with the decision)</span>
              </label>
              <input
                ref={(field) => props.registerReasonField(field)}
                id={reasonId}
                class="form-control form-control-sm"
                classList={{ 'border-primary': props.armed !== undefined }}
                maxLength={500}
                placeholder="e.g. explicit content, not the model"
                value={props.reason}
                onInput={(event) => props.onReason(event.currentTarget.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Escape') {
                    event.preventDefault();
                    props.onReasonEscape();
                  }
                }}
                aria-describedby={hintId}
                data-testid="decision-reason"
              />
              <div class="form-text" id={hintId} data-testid="decision-hint" data-armed={props.armed}>
                <Show
                  when={props.armed}
                  fallback="The buttons decide at once, with the reason if one is typed; R or F with an empty reason asks for one first."
                >
                  {(decision) => (
                    <span class="fw-semibold text-body">
                      Type a reason (or leave it empty) and press <kbd>Enter</kbd> to{' '}
                      {decisionVerb[decision()]}; <kbd>Esc</kbd> to cancel.
                    </span>
                  )}
                </Show>
              </div>
            </form>
          </div>
          <div class="col-xl-5">
            <ProviderAnswer item={props.item} />
          </div>
        </div>
      </div>
    </section>
  );
};

import type { ModerationDecision } from '@phoenix4ge/shared';
import { moderationDecisions } from '@phoenix4ge/shared';
import type { Component, JSX } from 'solid-js';
import { createSignal, createUniqueId, For, Match, Show, Switch } from 'solid-js';
import type { ModerationRequest, QueueItem } from '../../api/moderation';
import { useModerationHistory } from '../../api/moderation';
import { formatDateTime } from '../../lib/format';
import { placeholderUrl } from '../../lib/thumbhash';
import { moderationBadge } from '../library/labels';
import {
  decisionButton,
  decisionKey,
  decisionLabel,
  decisionVerb,
  providerLabel,
  queueStatusLabel,
} from './labels';
import { explicitScore, formatPercentScore, scoreRows, suggestiveScore } from './queue-logic';

const Row: Component<{ label: string; children: JSX.Element; testId?: string }> = (props) => (
  <>
    <dt class="col-5 fw-normal text-body-secondary">{props.label}</dt>
    <dd class="col-7 mb-1 text-break" data-testid={props.testId}>
      {props.children}
    </dd>
  </>
);

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
          <span class="badge text-bg-light border" data-testid="preview-model">
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
                'min-height': '18rem',
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
                    class="img-fluid"
                    style={{
                      'max-height': '62vh',
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

/** What the provider said: classifier, scores, combined figures, labels, reason, errors; and the history. */
const ProviderAnswer: Component<{ item: QueueItem }> = (props) => {
  const request = () => props.item.request;
  const scores = () => request()?.scores ?? null;
  const [showHistory, setShowHistory] = createSignal(false);

  return (
    <div class="small">
      <section aria-labelledby="preview-scores-title" class="mb-3" data-testid="preview-scores">
        <h3 class="h6" id="preview-scores-title">
          Scores
        </h3>
        <Show
          when={scores()}
          fallback={
            <p class="text-body-secondary mb-2" data-testid="preview-no-scores">
              <Show when={request()} fallback="No provider has looked at this item.">
                No scores: the provider has not answered.
              </Show>
            </p>
          }
        >
          <div class="row g-2 mb-2">
            <div class="col-6">
              <div class="border rounded p-2 text-center" data-testid="score-explicit">
                <div class="text-body-secondary">Explicit</div>
                <div class="fs-5 fw-semibold text-danger-emphasis" data-testid="score-value">
                  {formatPercentScore(explicitScore(scores()))}
                </div>
                <div class="text-body-secondary" style={{ 'font-size': '0.75rem' }}>
                  Porn + Hentai
                </div>
              </div>
            </div>
            <div class="col-6">
              <div class="border rounded p-2 text-center" data-testid="score-suggestive">
                <div class="text-body-secondary">Suggestive</div>
                <div class="fs-5 fw-semibold text-warning-emphasis" data-testid="score-value">
                  {formatPercentScore(suggestiveScore(scores()))}
                </div>
                <div class="text-body-secondary" style={{ 'font-size': '0.75rem' }}>
                  Sexy
                </div>
              </div>
            </div>
          </div>
          <For each={scoreRows(scores())}>
            {(row) => (
              <div class="d-flex align-items-center gap-2 mb-1" data-testid="score-row" data-class={row.name}>
                <span class="text-body-secondary" style={{ width: '4.5rem' }} id={`score-label-${row.name}`}>
                  {row.name}
                </span>
                <div
                  class="progress flex-grow-1"
                  role="progressbar"
                  aria-labelledby={`score-label-${row.name}`}
                  aria-valuenow={row.percent}
                  aria-valuemin="0"
                  aria-valuemax="100"
                  aria-valuetext={formatPercentScore(row.score)}
                  style={{ height: '0.75rem' }}
                >
                  <div class={`progress-bar bg-${row.tone}`} style={{ width: `${row.percent}%` }} />
                </div>
                <span class="text-end font-monospace" style={{ width: '3.2rem' }} data-testid="score-value">
                  {formatPercentScore(row.score)}
                </span>
              </div>
            )}
          </For>
        </Show>
      </section>
      <section aria-labelledby="preview-provider-title" class="mb-3">
        <h3 class="h6" id="preview-provider-title">
          Provider
        </h3>
        <dl class="row g-0 mb-0" data-testid="preview-provider">
          <Show
            when={request()}
            fallback={
              <Row label="Provider" testId="preview-provider-name">
                none yet
              </Row>
            }
          >
            {(answer) => <RequestRows request={answer()} />}
          </Show>
          <Row label="Reason" testId="preview-reason">
            {props.item.moderationReason ?? '–'}
          </Row>
          <Row label="Uploaded">{formatDateTime(props.item.uploadDate)}</Row>
          <Show when={props.item.width !== null && props.item.height !== null}>
            <Row label="Dimensions">
              {props.item.width}×{props.item.height}
            </Row>
          </Show>
        </dl>
        <Show when={request()?.error}>
          {(error) => (
            <div class="alert alert-warning py-2 px-3 mt-2 mb-0" data-testid="preview-request-error">
              <strong>The provider failed</strong> after {request()?.attempts ?? 0}{' '}
              {request()?.attempts === 1 ? 'attempt' : 'attempts'}: {error()}
            </div>
          )}
        </Show>
      </section>
      <section aria-labelledby="preview-history-title">
        <h3 class="h6 d-flex align-items-center gap-2" id="preview-history-title">
          Requests
          <button
            type="button"
            class="btn btn-link btn-sm p-0"
            aria-expanded={showHistory()}
            onClick={() => setShowHistory(!showHistory())}
            data-testid="preview-history-toggle"
          >
            {showHistory() ? 'Hide' : 'Show every request'}
          </button>
        </h3>
        <Show when={showHistory()}>
          <RequestHistory modelSlug={props.item.modelSlug} id={props.item.id} />
        </Show>
      </section>
    </div>
  );
};

const RequestRows: Component<{ request: ModerationRequest }> = (props) => (
  <>
    <Row label="Provider" testId="preview-provider-name">
      {providerLabel[props.request.provider]} <code class="small">{props.request.provider}</code>
    </Row>
    <Show when={props.request.modelName}>
      <Row label="Classifier" testId="preview-classifier">
        {props.request.modelName}
        <Show when={props.request.modelVersion}>{(version) => <> {version()}</>}</Show>
      </Row>
    </Show>
    <Row label="Verdict" testId="preview-verdict">
      <Show when={props.request.verdict} fallback={<span class="text-body-secondary">no answer yet</span>}>
        {(verdict) => queueStatusLabel[verdict()]}
      </Show>
    </Row>
    <Show when={props.request.labels.length > 0}>
      <Row label="Labels" testId="preview-labels">
        <span class="d-inline-flex flex-wrap gap-1">
          <For each={props.request.labels}>
            {(label) => <span class="badge text-bg-light border fw-normal">{label}</span>}
          </For>
        </span>
      </Row>
    </Show>
    <Show when={props.request.attempts > 1 || props.request.error}>
      <Row label="Attempts" testId="preview-attempts">
        {props.request.attempts}
      </Row>
    </Show>
    <Row label="Answered">{formatDateTime(props.request.answeredAt ?? props.request.submittedAt)}</Row>
  </>
);

const RequestHistory: Component<{ modelSlug: string; id: number }> = (props) => {
  const history = useModerationHistory(
    () => props.modelSlug,
    () => props.id,
    () => true,
  );
  return (
    <Switch fallback={<p class="text-body-secondary mb-0">Loading…</p>}>
      <Match when={history.isError}>
        <p class="text-danger mb-0">Could not load the requests.</p>
      </Match>
      <Match when={history.data?.length === 0}>
        <p class="text-body-secondary mb-0">No requests.</p>
      </Match>
      <Match when={history.data}>
        {(rows) => (
          <table class="table table-sm mb-0" data-testid="preview-history">
            <thead>
              <tr>
                <th scope="col">Submitted</th>
                <th scope="col">Provider</th>
                <th scope="col">Verdict</th>
                <th scope="col">Tries</th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(row) => (
                  <tr>
                    <td class="text-nowrap">{formatDateTime(row.submittedAt)}</td>
                    <td>{row.provider}</td>
                    <td>
                      {row.verdict ? queueStatusLabel[row.verdict] : '–'}
                      <Show when={row.error}>
                        {(error) => <div class="text-danger text-break">{error()}</div>}
                      </Show>
                    </td>
                    <td>{row.attempts}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        )}
      </Match>
    </Switch>
  );
};

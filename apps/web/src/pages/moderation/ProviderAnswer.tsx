import type { Component } from 'solid-js';
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import type { ModerationRequest, QueueItem } from '../../api/moderation';
import { useModerationHistory } from '../../api/moderation';
import { DetailRow as Row } from '../../components/DetailList';
import { formatDateTime } from '../../lib/format';
import { providerLabel, queueStatusLabel } from './labels';
import { explicitScore, formatPercentScore, scoreRows, suggestiveScore } from './queue-logic';

/** What the provider said: classifier, scores, combined figures, labels, reason, errors; and the history. */
export const ProviderAnswer: Component<{ item: QueueItem }> = (props) => {
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
            {(label) => <span class="badge bg-body-tertiary text-body border fw-normal">{label}</span>}
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

import type { QueueName } from '@phoenix4ge/shared';
import { A } from '@solidjs/router';
import type { Component } from 'solid-js';
import { For, Match, Show, Switch } from 'solid-js';
import type { JobDetail } from '../../api/jobs';
import { useJob, useJobActions } from '../../api/jobs';
import { DetailRow } from '../../components/DetailList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingSpinner } from '../../components/LoadingSpinner';
import { describeError, errorCode } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { showToast } from '../../stores/toasts';
import { JobStateBadge } from './JobStateBadge';
import { mediaHref } from './job-labels';

const when = (epochMs: number | null) =>
  epochMs ? formatDateTime(new Date(epochMs), { seconds: true }) : '–';

/** Payload fields with a simple value, shown as rows; anything nested is shown as JSON below them. */
function payloadRows(data: Record<string, unknown>) {
  const simple: [string, string][] = [];
  const nested: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      simple.push([key, String(value)]);
    else nested[key] = value;
  }
  return { simple, nested: Object.keys(nested).length > 0 ? nested : undefined };
}

/** One job: state, timings, attempts, error and stack, payload and result; retry or run it now. */
export const JobPanel: Component<{ queue: QueueName; jobId: string; onClose: () => void }> = (props) => {
  const job = useJob(() => ({ queue: props.queue, jobId: props.jobId }));
  return (
    <section class="card" aria-labelledby="job-panel-title" data-testid="job-panel">
      <div class="card-header d-flex justify-content-between align-items-center gap-2">
        <h2 class="h6 mb-0 text-break font-monospace" id="job-panel-title">
          {props.jobId}
        </h2>
        <button type="button" class="btn-close" aria-label="Close the job" onClick={() => props.onClose()} />
      </div>
      <div class="card-body">
        <Switch>
          <Match when={job.isError && errorCode(job.error) === 'NOT_FOUND'}>
            <p class="text-body-secondary mb-0" data-testid="job-gone">
              This job is no longer in the queue (cleaned, or removed after it finished).
            </p>
          </Match>
          <Match when={job.isError}>
            <ErrorAlert title="Could not load the job" message={describeError(job.error)} />
          </Match>
          <Match when={job.data}>{(detail) => <JobBody job={detail()} />}</Match>
          <Match when={job.isPending}>
            <LoadingSpinner label="Loading the job…" />
          </Match>
        </Switch>
      </div>
    </section>
  );
};

const JobBody: Component<{ job: JobDetail }> = (props) => {
  const actions = useJobActions();
  const payload = () => payloadRows(props.job.data);
  const ref = () => ({ queue: props.job.queue, jobId: props.job.id });
  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      showToast(done);
    } catch (error) {
      showToast(describeError(error), 'danger');
    }
  };
  return (
    <div class="vstack gap-3">
      <div class="d-flex flex-wrap align-items-center gap-2">
        <JobStateBadge state={props.job.state} />
        <span class="fw-semibold">{props.job.name}</span>
        <Show when={mediaHref(props.job)}>
          {(href) => (
            <A href={href()} class="ms-auto" data-testid="job-media-link">
              Media #{props.job.mediaId}
            </A>
          )}
        </Show>
      </div>
      <div class="d-flex flex-wrap gap-2">
        <Show when={props.job.state === 'failed'}>
          <button
            type="button"
            class="btn btn-sm btn-primary"
            disabled={actions.retry.isPending}
            onClick={() => void run(() => actions.retry.mutateAsync(ref()), 'Job queued again')}
            data-testid="job-retry"
          >
            Retry
          </button>
        </Show>
        <Show when={props.job.state === 'delayed'}>
          <button
            type="button"
            class="btn btn-sm btn-primary"
            disabled={actions.promote.isPending}
            onClick={() => void run(() => actions.promote.mutateAsync(ref()), 'Job runs now')}
            data-testid="job-promote"
          >
            Run now
          </button>
        </Show>
      </div>
      <dl class="row small mb-0">
        <DetailRow label="Attempts" testId="job-attempts">
          {props.job.attemptsMade} of {props.job.maxAttempts}
        </DetailRow>
        <DetailRow label="Created">{when(props.job.createdAt)}</DetailRow>
        <DetailRow label="Started">{when(props.job.processedAt)}</DetailRow>
        <DetailRow label="Finished">{when(props.job.finishedAt)}</DetailRow>
        <Show when={props.job.dueAt}>
          <DetailRow label="Due">{when(props.job.dueAt)}</DetailRow>
        </Show>
        <Show when={typeof props.job.progress === 'number' && props.job.state === 'active'}>
          <DetailRow label="Progress">{String(props.job.progress)}%</DetailRow>
        </Show>
        <Show when={props.job.requestId}>
          <DetailRow label="Request id">
            <span class="font-monospace">{props.job.requestId}</span>
          </DetailRow>
        </Show>
      </dl>
      <Show when={props.job.failedReason}>
        <div>
          <h3 class="h6">Error</h3>
          <div class="alert alert-danger small mb-2 text-break" data-testid="job-error">
            {props.job.failedReason}
          </div>
          <Show when={props.job.stacktrace.length > 0}>
            <details>
              <summary class="small">Stack trace ({props.job.stacktrace.length})</summary>
              <pre class="small bg-body-tertiary border rounded p-2 mt-2 mb-0" data-testid="job-stack">
                {props.job.stacktrace.at(-1)}
              </pre>
            </details>
          </Show>
        </div>
      </Show>
      <div>
        <h3 class="h6">Payload</h3>
        <dl class="row small mb-0" data-testid="job-payload">
          <For each={payload().simple}>{([key, value]) => <DetailRow label={key}>{value}</DetailRow>}</For>
        </dl>
        <Show when={payload().nested}>
          {(nested) => (
            <pre class="small bg-body-tertiary border rounded p-2 mb-0">{prettyJson(nested())}</pre>
          )}
        </Show>
      </div>
      <Show when={props.job.result !== null}>
        <div>
          <h3 class="h6">Result</h3>
          <pre class="small bg-body-tertiary border rounded p-2 mb-0" data-testid="job-result">
            {prettyJson(props.job.result)}
          </pre>
        </div>
      </Show>
    </div>
  );
};

/** A job's nested payload or result, indented: the page's one place for a machine's data as it is. */
function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

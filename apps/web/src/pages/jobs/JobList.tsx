import type { JobState, QueueName } from '@phoenix4ge/shared';
import { A } from '@solidjs/router';
import type { Component } from 'solid-js';
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import type { JobPage } from '../../api/jobs';
import { useJobActions, useJobList } from '../../api/jobs';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingSpinner } from '../../components/LoadingSpinner';
import { describeError } from '../../lib/errors';
import { formatDateTime, truncate } from '../../lib/format';
import { showToast } from '../../stores/toasts';
import { cleanAges, jobStates, mediaHref, queueLabels, stateLabels } from './job-labels';

/** One queue's jobs in one state, a page at a time, with the actions on all of them. */
export const JobList: Component<{
  queue: QueueName;
  state: JobState;
  page: number;
  counts: Record<JobState, number> | undefined;
  selectedJob: string | undefined;
  onState: (state: JobState) => void;
  onPage: (page: number) => void;
  onJob: (jobId: string) => void;
}> = (props) => {
  const list = useJobList(() => ({ queue: props.queue, state: props.state, page: props.page, pageSize: 25 }));
  const actions = useJobActions();
  const [age, setAge] = createSignal(60);
  const run = async (work: () => Promise<string>) => {
    try {
      showToast(await work());
    } catch (error) {
      showToast(describeError(error), 'danger');
    }
  };
  const pages = (page: JobPage) => Math.max(1, Math.ceil(page.total / page.pageSize));

  return (
    <section aria-labelledby="job-list-title" data-testid="job-list">
      <h2 class="h5" id="job-list-title">
        {queueLabels[props.queue]}
      </h2>
      <div class="nav nav-tabs mb-2" role="tablist">
        <For each={jobStates}>
          {(state) => (
            <button
              type="button"
              role="tab"
              class="nav-link"
              classList={{ active: state === props.state }}
              aria-selected={state === props.state}
              onClick={() => props.onState(state)}
              data-testid={`tab-${state}`}
            >
              {stateLabels[state]}
              <span class="badge text-bg-light border ms-1">{props.counts?.[state] ?? '…'}</span>
            </button>
          )}
        </For>
      </div>
      <div class="d-flex flex-wrap gap-2 align-items-center mb-2">
        <Show when={props.state === 'failed'}>
          <button
            type="button"
            class="btn btn-sm btn-outline-primary"
            disabled={!props.counts?.failed || actions.retryAll.isPending}
            onClick={() =>
              void run(async () => {
                const { retried } = await actions.retryAll.mutateAsync(props.queue);
                return `${retried} failed job${retried === 1 ? '' : 's'} queued again`;
              })
            }
            data-testid="retry-all"
          >
            Retry all failed
          </button>
        </Show>
        <Show when={props.state === 'delayed'}>
          <button
            type="button"
            class="btn btn-sm btn-outline-primary"
            disabled={!props.counts?.delayed || actions.promoteAll.isPending}
            onClick={() =>
              void run(async () => {
                const { promoted } = await actions.promoteAll.mutateAsync(props.queue);
                return `${promoted} delayed job${promoted === 1 ? '' : 's'} run now`;
              })
            }
            data-testid="promote-all"
          >
            Run all delayed now
          </button>
        </Show>
        <Show when={props.state === 'completed' || props.state === 'failed'}>
          <div class="input-group input-group-sm w-auto">
            <label class="input-group-text" for="clean-age">
              Clean {stateLabels[props.state].toLowerCase()}
            </label>
            <select
              id="clean-age"
              class="form-select form-select-sm"
              value={age()}
              onChange={(event) => setAge(Number(event.currentTarget.value))}
              data-testid="clean-age"
            >
              <For each={cleanAges}>{(choice) => <option value={choice.minutes}>{choice.label}</option>}</For>
            </select>
            <button
              type="button"
              class="btn btn-outline-danger"
              disabled={actions.clean.isPending}
              onClick={() =>
                void run(async () => {
                  const { removed } = await actions.clean.mutateAsync({
                    queue: props.queue,
                    state: props.state as 'completed' | 'failed',
                    olderThanMinutes: age(),
                  });
                  return `${removed} job${removed === 1 ? '' : 's'} removed`;
                })
              }
              data-testid="clean"
            >
              Clean
            </button>
          </div>
        </Show>
      </div>
      <Switch>
        <Match when={list.isError && !list.data}>
          <ErrorAlert title="Could not load the jobs" message={describeError(list.error)} />
        </Match>
        <Match when={list.data?.items.length === 0}>
          <EmptyState
            title={`No ${stateLabels[props.state].toLowerCase()} jobs`}
            hint="The list updates by itself as jobs move."
            testId="jobs-empty"
          />
        </Match>
        <Match when={list.data}>
          {(page) => (
            <>
              <div class="table-responsive border rounded-3 bg-body">
                <table class="table table-sm table-hover align-middle mb-0" data-testid="job-rows">
                  <thead>
                    <tr>
                      <th scope="col">Job</th>
                      <th scope="col">Name</th>
                      <th scope="col">Media</th>
                      <th scope="col">Created</th>
                      <th scope="col" class="text-end">
                        Attempts
                      </th>
                      <th scope="col">{props.state === 'failed' ? 'Error' : 'Progress'}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={page().items}>
                      {(job) => (
                        <tr
                          classList={{ 'table-active': job.id === props.selectedJob }}
                          data-testid="job-row"
                          data-job-id={job.id}
                        >
                          <td class="text-break">
                            <button
                              type="button"
                              class="btn btn-link p-0 text-start font-monospace small"
                              onClick={() => props.onJob(job.id)}
                              aria-current={job.id === props.selectedJob}
                            >
                              {job.id}
                            </button>
                          </td>
                          <td>{job.name}</td>
                          <td>
                            <Show when={mediaHref(job)} fallback={job.mediaId ?? '–'}>
                              {(href) => <A href={href()}>#{job.mediaId}</A>}
                            </Show>
                          </td>
                          <td class="text-nowrap small">
                            {formatDateTime(new Date(job.createdAt), { seconds: true })}
                          </td>
                          <td class="text-end">
                            {job.attemptsMade}/{job.maxAttempts}
                          </td>
                          <td class="small text-break">
                            {props.state === 'failed'
                              ? truncate(job.failedReason ?? '', 120)
                              : typeof job.progress === 'number'
                                ? `${job.progress}%`
                                : ''}
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <Show when={pages(page()) > 1}>
                <nav class="d-flex align-items-center gap-2 mt-2 small" aria-label="Job pages">
                  <button
                    type="button"
                    class="btn btn-sm btn-outline-secondary"
                    disabled={props.page <= 1}
                    onClick={() => props.onPage(props.page - 1)}
                  >
                    Previous
                  </button>
                  <span>
                    Page {props.page} of {pages(page())} ({page().total} jobs)
                  </span>
                  <button
                    type="button"
                    class="btn btn-sm btn-outline-secondary"
                    disabled={props.page >= pages(page())}
                    onClick={() => props.onPage(props.page + 1)}
                  >
                    Next
                  </button>
                </nav>
              </Show>
            </>
          )}
        </Match>
        <Match when={list.isPending}>
          <LoadingSpinner label="Loading jobs…" />
        </Match>
      </Switch>
    </section>
  );
};

import { A } from '@solidjs/router';
import type { Component } from 'solid-js';
import { For, Match, Show, Switch } from 'solid-js';
import { useCurrentUser } from '../../api/auth';
import { useJobActions, useMediaJobs } from '../../api/jobs';
import { describeError } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { latest } from '../../lib/query-client';
import { showToast } from '../../stores/toasts';
import { JobStateBadge } from '../jobs/JobStateBadge';
import { jobHref } from '../jobs/job-labels';

/** The item's jobs, newest first, with their state (admins): each opens on the job dashboard; failed ones retry. */
export const DetailJobs: Component<{ mediaId: number }> = (props) => {
  const user = useCurrentUser();
  return (
    <Show when={user()?.isAdmin}>
      <MediaJobs mediaId={props.mediaId} />
    </Show>
  );
};

const MediaJobs: Component<{ mediaId: number }> = (props) => {
  const query = useMediaJobs(
    () => props.mediaId,
    () => true,
  );
  const actions = useJobActions();
  const retry = async (queue: Parameters<typeof actions.retry.mutateAsync>[0]) => {
    try {
      await actions.retry.mutateAsync(queue);
      showToast('Job queued again');
    } catch (error) {
      showToast(describeError(error), 'danger');
    }
  };
  return (
    <section aria-labelledby="detail-jobs-title" class="mb-3" data-testid="detail-jobs">
      <h3 class="h6" id="detail-jobs-title">
        Jobs
      </h3>
      <Switch>
        <Match when={latest(query)?.length === 0}>
          <p class="small text-body-secondary mb-0">No recent jobs.</p>
        </Match>
        <Match when={latest(query)}>
          {(jobs) => (
            <ul class="list-unstyled small mb-0 vstack gap-1">
              <For each={jobs()}>
                {(job) => (
                  <li
                    class="d-flex flex-wrap align-items-center gap-2"
                    data-testid="detail-job"
                    data-job-id={job.id}
                  >
                    <JobStateBadge state={job.state} />
                    <A href={jobHref(job)}>{job.name}</A>
                    <span class="text-body-secondary">{formatDateTime(new Date(job.createdAt))}</span>
                    <Show when={job.state === 'failed'}>
                      <button
                        type="button"
                        class="btn btn-sm btn-outline-primary py-0 ms-auto"
                        disabled={actions.retry.isPending}
                        onClick={() => void retry({ queue: job.queue, jobId: job.id })}
                        data-testid="detail-job-retry"
                      >
                        Retry
                      </button>
                    </Show>
                    <Show when={job.failedReason && job.state === 'failed'}>
                      <span class="w-100 text-danger text-break">{job.failedReason}</span>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          )}
        </Match>
        <Match when={query.isError}>
          <p class="small text-danger mb-0">Could not load the jobs: {describeError(query.error)}</p>
        </Match>
        <Match when={true}>
          <p class="small text-body-secondary mb-0">Loading…</p>
        </Match>
      </Switch>
    </section>
  );
};

import type { Component } from 'solid-js';
import { For, Show } from 'solid-js';
import { bulkJobs, dismissBulkJob } from '../../stores/bulk-jobs';

/**
 * Bulk actions running as jobs (more than 1,000 items) on this model: live progress from `media.onChange`, and
 * a short "done" once they finish.
 */
export const BulkJobs: Component<{ modelSlug: string }> = (props) => {
  const jobs = () => bulkJobs.filter((job) => job.modelSlug === props.modelSlug);
  return (
    <Show when={jobs().length > 0}>
      <div class="d-flex flex-column gap-2 mb-3" aria-live="polite">
        <For each={jobs()}>
          {(job) => {
            const percent = () => (job.total > 0 ? Math.round((job.done / job.total) * 100) : 0);
            return (
              <div
                class="border rounded-3 bg-body px-3 py-2 small"
                data-testid="bulk-job"
                data-job-id={job.jobId}
                data-finished={job.finished ? 'true' : undefined}
              >
                <div class="d-flex justify-content-between align-items-center mb-1 gap-2">
                  <span class="fw-semibold">
                    {job.label ?? 'Bulk action'}
                    <Show when={job.finished}> — done</Show>
                  </span>
                  <span class="text-body-secondary" data-testid="bulk-job-progress">
                    {job.done.toLocaleString()} of {job.total.toLocaleString()}
                  </span>
                  <Show when={job.finished}>
                    <button
                      type="button"
                      class="btn-close"
                      style={{ 'font-size': '0.6rem' }}
                      aria-label="Dismiss"
                      onClick={() => dismissBulkJob(job.jobId)}
                    />
                  </Show>
                </div>
                <div
                  class="progress"
                  role="progressbar"
                  aria-label={job.label ?? 'Bulk action'}
                  aria-valuenow={percent()}
                  aria-valuemin="0"
                  aria-valuemax="100"
                  style={{ height: '0.4rem' }}
                >
                  <div
                    class="progress-bar"
                    classList={{
                      'bg-success': job.finished,
                      'progress-bar-striped progress-bar-animated': !job.finished,
                    }}
                    style={{ width: `${percent()}%` }}
                  />
                </div>
              </div>
            );
          }}
        </For>
      </div>
    </Show>
  );
};

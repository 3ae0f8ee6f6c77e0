import type { JobState, QueueName } from '@phoenix4ge/shared';
import { JobStateSchema, QueueNameSchema } from '@phoenix4ge/shared';
import { useSearchParams } from '@solidjs/router';
import type { Component } from 'solid-js';
import { Match, Show, Switch } from 'solid-js';
import { useJobQueues, useLiveJobs } from '../../api/jobs';
import { AdminOnly } from '../../components/AdminOnly';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LiveIndicator } from '../../components/LiveIndicator';
import { LoadingSpinner } from '../../components/LoadingSpinner';
import { PageHeader } from '../../components/PageHeader';
import { describeError } from '../../lib/errors';
import { JobList } from './JobList';
import { JobPanel } from './JobPanel';
import { QueuesTable } from './QueuesTable';

/** The job dashboard (admins): queues, their jobs by state, one job's detail; live while open. */
const JobsPage: Component = () => (
  <AdminOnly>
    <JobsDashboard />
  </AdminOnly>
);

const JobsDashboard: Component = () => {
  const live = useLiveJobs();
  const queues = useJobQueues(() => live() !== 'live');
  // The queue, tab, page and open job live in the address, so a job can be linked to (the media panel does).
  const [params, setParams] = useSearchParams<{
    queue?: string;
    state?: string;
    page?: string;
    job?: string;
  }>();
  const queue = (): QueueName => QueueNameSchema.safeParse(params.queue).data ?? 'media';
  const state = (): JobState => JobStateSchema.safeParse(params.state).data ?? 'failed';
  const page = () => Math.max(1, Number(params.page) || 1);
  const counts = () => queues.data?.queues.find((summary) => summary.name === queue())?.counts;

  return (
    <div class="container-xxl py-4" data-testid="jobs-page">
      <PageHeader
        title="Jobs"
        description="Every queue's work: what waits, runs, failed and finished, and the throughput of the last hour."
      >
        <LiveIndicator connection={live()} />
      </PageHeader>
      <Switch>
        <Match when={queues.data}>
          {(snapshot) => (
            <div class="vstack gap-4">
              <QueuesTable
                snapshot={snapshot()}
                selected={{ queue: queue(), state: state() }}
                onSelect={(name, tab) =>
                  setParams({ queue: name, state: tab, page: undefined, job: undefined })
                }
              />
              <div class="row g-4">
                <div classList={{ 'col-xl-7': Boolean(params.job), 'col-12': !params.job }}>
                  <JobList
                    queue={queue()}
                    state={state()}
                    page={page()}
                    counts={counts()}
                    selectedJob={params.job}
                    onState={(tab) => setParams({ state: tab, page: undefined, job: undefined })}
                    onPage={(next) => setParams({ page: next > 1 ? String(next) : undefined })}
                    onJob={(jobId) => setParams({ job: jobId })}
                  />
                </div>
                <Show when={params.job}>
                  {(jobId) => (
                    <div class="col-xl-5">
                      <JobPanel
                        queue={queue()}
                        jobId={jobId()}
                        onClose={() => setParams({ job: undefined })}
                      />
                    </div>
                  )}
                </Show>
              </div>
            </div>
          )}
        </Match>
        <Match when={queues.isError}>
          <ErrorAlert title="Could not load the queues" message={describeError(queues.error)} />
        </Match>
        <Match when={queues.isPending}>
          <LoadingSpinner label="Loading queues…" />
        </Match>
      </Switch>
    </div>
  );
};

export default JobsPage;

/**
 * Bulk actions too large for one transaction run as jobs; `media.bulk` answers `{ status: 'queued', jobId }` and
 * the job's progress arrives over `media.onChange` (`{ kind: 'bulk' }`). This store keeps each job's latest
 * progress for the library page to show. Progress may arrive before the answer that names the job: either
 * creates the entry. UI state only.
 */
import { createStore, produce } from 'solid-js/store';

export interface BulkJob {
  jobId: string;
  modelSlug: string;
  /** What it does ("Move to Portraits"), once the answer that queued it arrived. */
  label: string | undefined;
  done: number;
  total: number;
  finished: boolean;
}

/** How long a finished job stays in view. */
const FINISHED_SHOWN_MS = 6_000;

const [jobs, setJobs] = createStore<BulkJob[]>([]);

export const bulkJobs = jobs;

function upsert(jobId: string, modelSlug: string, change: (job: BulkJob) => void) {
  setJobs(
    produce((list) => {
      let job = list.find((candidate) => candidate.jobId === jobId);
      if (!job) {
        job = { jobId, modelSlug, label: undefined, done: 0, total: 0, finished: false };
        list.push(job);
      }
      change(job);
    }),
  );
}

function forgetLater(jobId: string) {
  setTimeout(() => setJobs((list) => list.filter((job) => job.jobId !== jobId)), FINISHED_SHOWN_MS);
}

/** The answer that queued a job: what it does and how many items it will touch. */
export function addBulkJob(modelSlug: string, jobId: string, label: string, total: number) {
  upsert(jobId, modelSlug, (job) => {
    job.label = label;
    if (job.total === 0) job.total = total;
  });
}

/** A progress event of the job. */
export function updateBulkJob(
  modelSlug: string,
  progress: { jobId: string; done: number; total: number; finished: boolean },
) {
  upsert(progress.jobId, modelSlug, (job) => {
    job.done = Math.max(job.done, progress.done);
    job.total = progress.total;
    job.finished = job.finished || progress.finished;
  });
  if (progress.finished) forgetLater(progress.jobId);
}

export function dismissBulkJob(jobId: string) {
  setJobs((list) => list.filter((job) => job.jobId !== jobId));
}

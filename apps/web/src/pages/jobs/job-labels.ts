import type { JobState, QueueName } from '@phoenix4ge/shared';

export const jobStates: JobState[] = ['failed', 'waiting', 'active', 'delayed', 'completed'];

export const stateLabels: Record<JobState | 'unknown', string> = {
  waiting: 'Waiting',
  active: 'Active',
  delayed: 'Delayed',
  failed: 'Failed',
  completed: 'Completed',
  unknown: 'Gone',
};

/** Bootstrap colour of a state's badge. */
export const stateColours: Record<JobState | 'unknown', string> = {
  waiting: 'secondary',
  active: 'primary',
  delayed: 'info',
  failed: 'danger',
  completed: 'success',
  unknown: 'light',
};

export const queueLabels: Record<QueueName, string> = {
  system: 'System',
  media: 'Media processing',
  maintenance: 'Maintenance',
  moderation: 'Moderation',
  library: 'Library (bulk actions)',
};

/** Ages the Clean button offers: finished jobs older than this are removed (0: all of them). */
export const cleanAges = [
  { minutes: 0, label: 'all' },
  { minutes: 60, label: 'older than 1 hour' },
  { minutes: 24 * 60, label: 'older than 1 day' },
  { minutes: 7 * 24 * 60, label: 'older than 7 days' },
];

/** Where a job that names a media links: that item in its model's library. */
export function mediaHref(job: { mediaId: number | null; modelSlug: string | null }): string | undefined {
  return job.mediaId && job.modelSlug ? `/m/${job.modelSlug}/library?media=${job.mediaId}` : undefined;
}

/** The dashboard's address for one job (the media panel links here). */
export function jobHref(job: { queue: QueueName; state: string; id: string }): string {
  const state = job.state === 'unknown' ? 'failed' : job.state;
  return `/jobs?queue=${job.queue}&state=${state}&job=${encodeURIComponent(job.id)}`;
}

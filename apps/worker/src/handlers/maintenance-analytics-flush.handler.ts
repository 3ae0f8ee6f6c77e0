import type { JobHandler } from './types';

/** How long an applied bucket's id is kept (a bucket is retried within minutes of its commit, if ever). */
const KEEP_APPLIED_IDS_MS = 7 * 86_400_000;

/**
 * maintenance.analytics-flush (scheduled every minute): claims the counting buckets the api filled in Redis and
 * applies each to the database in one transaction that records its id, then deletes it from Redis. A run that
 * dies after claiming leaves the bucket for the next run; one that dies after the commit leaves a bucket the next
 * run finds already applied and only deletes. So a crash loses nothing already claimed and never counts twice.
 */
export const maintenanceAnalyticsFlush: JobHandler<'maintenance.analytics-flush'> = async (
  _data,
  context,
) => {
  const buffer = context.analyticsBuffer;
  let applied = 0;
  let alreadyApplied = 0;
  for (const bucket of await buffer.claim()) {
    const rows = await buffer.read(bucket);
    if (await context.repositories.analytics.applyFlush(bucket, rows)) applied += 1;
    else alreadyApplied += 1;
    await buffer.done(bucket);
  }
  await context.repositories.analytics.forgetFlushesBefore(new Date(Date.now() - KEEP_APPLIED_IDS_MS));
  if (alreadyApplied > 0) context.logger.warn({ alreadyApplied }, 'analytics buckets were already applied');
  return { applied, alreadyApplied };
};

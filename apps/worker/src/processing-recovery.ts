import type { Repositories } from '@phoenix4ge/db';
import type { KeyedJob } from '@phoenix4ge/shared';
import { jobs as keyedJobs } from '@phoenix4ge/shared';
import type { Jobs, Logger } from '@phoenix4ge/shared/node';

/** A schedule the worker keeps: registered at start, and again whenever Redis has lost it. */
export interface Schedule {
  id: string;
  everyMs: number;
  job: KeyedJob;
}

/**
 * What survives a Redis that lost its data (restarted without persistence, failed over to an empty replica):
 * the database. Every `intervalMs` this looks for items still `uploaded` or `processing` whose row has not moved
 * for `staleAfterMs` and queues their `media.process` again unless that job is waiting, delayed or running (it
 * was lost with Redis, or failed while the database could not record it); and registers again any schedule
 * Redis no longer has. Keyed jobs make a repeat from several workers a no-op.
 */
export function createProcessingRecovery(deps: {
  media: Pick<Repositories['media'], 'unfinishedSince'>;
  jobs: Pick<Jobs, 'requeueIfLost' | 'isScheduled' | 'schedule'>;
  schedules: Schedule[];
  logger: Logger;
  intervalMs: number;
  staleAfterMs: number;
}) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  async function pass() {
    for (const schedule of deps.schedules) {
      if (await deps.jobs.isScheduled(schedule.id, schedule.job)) continue;
      await deps.jobs.schedule(schedule.id, schedule.everyMs, schedule.job);
      deps.logger.warn({ schedule: schedule.id }, 'schedule missing from Redis; registered again');
    }
    const stale = await deps.media.unfinishedSince(new Date(Date.now() - deps.staleAfterMs));
    for (const item of stale) {
      if (await deps.jobs.requeueIfLost(keyedJobs.mediaProcess(item.id, item.version))) {
        deps.logger.warn(
          { mediaId: item.id, version: item.version },
          'processing job was lost; queued again',
        );
      }
    }
  }

  async function loop() {
    if (stopped) return;
    running = pass().catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'processing recovery pass failed');
    });
    await running;
    running = undefined;
    if (!stopped) timer = setTimeout(() => void loop(), deps.intervalMs);
  }

  return {
    /** Registers the schedules, then checks every `intervalMs`. */
    async start() {
      stopped = false;
      for (const schedule of deps.schedules)
        await deps.jobs.schedule(schedule.id, schedule.everyMs, schedule.job);
      timer = setTimeout(() => void loop(), deps.intervalMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * The shortest time between two percentage reports of one job. Twice a second still moves a bar for a person; at
 * 250 ms a one-second image job sent three, each two Redis round trips in the worker (BullMQ's progress and the
 * live event) and an event for every api to fan out (BENCHMARKS.md, pipeline, thirteenth session).
 */
export const PROGRESS_INTERVAL_MS = 500;

/**
 * A job's `progress` for its handler: percentages at most every {@link PROGRESS_INTERVAL_MS} (its end is announced
 * by its completion), counts (`{ done, total }`) always, as their last value is what a person reads.
 */
export function progressReporter(
  report: (value: number | Record<string, unknown>) => Promise<void>,
  now: () => number = () => performance.now(),
) {
  let lastAt: number | undefined;
  return async (value: number | Record<string, unknown>): Promise<void> => {
    if (typeof value === 'number') {
      const at = now();
      if (lastAt !== undefined && at - lastAt < PROGRESS_INTERVAL_MS) return;
      lastAt = at;
    }
    await report(value);
  };
}

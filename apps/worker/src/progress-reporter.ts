/** The shortest time between two percentage reports of one job. */
export const PROGRESS_INTERVAL_MS = 250;

/**
 * A job's `progress` for its handler: percentages at most every {@link PROGRESS_INTERVAL_MS} (each report is a
 * Redis write plus an event to every api, and a one-second image job would otherwise send six; its end is
 * announced by its completion), counts (`{ done, total }`) always, as their last value is what a person reads.
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

/** Rows one source may add per event type and minute; the rest are only counted (anyone can send bad requests). */
export const SECURITY_EVENTS_PER_SOURCE_PER_MINUTE = 20;
/** Sources whose dropped events are remembered at once; past it the tallies start again (memory stays bounded). */
const MAX_TALLIES = 10_000;

/**
 * Keeps anonymous floods (forged posts, bad webhook signatures) from filling `security_events`: per source and event
 * type, the first events of each minute are written and the rest dropped, their number carried into the source's
 * next written row. Per process: with N api processes a source writes at most N times the limit. The limit stays
 * above every monitoring rule's threshold, so a rule still sees an attack.
 */
export function createSecurityEventThrottle(
  limit = SECURITY_EVENTS_PER_SOURCE_PER_MINUTE,
  now: () => number = Date.now,
) {
  let minute = -1;
  const seenThisMinute = new Map<string, number>();
  const dropped = new Map<string, number>();

  return {
    /** `undefined`: drop this event (it is counted); a number: write it, noting how many like it were dropped. */
    admit(source: string): number | undefined {
      const current = Math.floor(now() / 60_000);
      if (current !== minute) {
        minute = current;
        seenThisMinute.clear();
      }
      const seen = (seenThisMinute.get(source) ?? 0) + 1;
      seenThisMinute.set(source, seen);
      if (seen > limit) {
        if (dropped.size >= MAX_TALLIES && !dropped.has(source)) dropped.clear();
        dropped.set(source, (dropped.get(source) ?? 0) + 1);
        return undefined;
      }
      const before = dropped.get(source) ?? 0;
      dropped.delete(source);
      return before;
    },
  };
}

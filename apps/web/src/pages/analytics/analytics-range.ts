/**
 * The analytics pages' range: the last 7, 30 or 90 days to today (UTC), kept in the URL as `?days=`. Pure: no
 * router, no clock of its own.
 */

export const rangeChoices = [7, 30, 90] as const;
export type RangeDays = (typeof rangeChoices)[number];

/** What a missing or unknown `?days=` means. */
export const DEFAULT_DAYS: RangeDays = 30;

const DAY_MS = 86_400_000;

/** `?days=` as one of the choices; anything else is the default. */
export function parseDays(value: string | string[] | undefined): RangeDays {
  const text = Array.isArray(value) ? value[0] : value;
  return rangeChoices.find((days) => String(days) === text) ?? DEFAULT_DAYS;
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The last `days` days to the UTC day of `now`, both ends included. */
export function rangeOf(days: number, now: number): { from: string; to: string } {
  return { from: utcDay(now - (days - 1) * DAY_MS), to: utcDay(now) };
}

/** Every day from `from` to `to` (`YYYY-MM-DD`, both included), oldest first. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(from); at <= Date.parse(to); at += DAY_MS) days.push(utcDay(at));
  return days;
}

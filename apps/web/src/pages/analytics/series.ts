/**
 * Per-day counts as the charts need them: the api leaves out days without any, the charts want one point a day.
 * Pure.
 */
import { daysBetween } from './analytics-range';

export interface DayCounts {
  day: string;
  views: number;
  downloads: number;
  edits: number;
}

/** One row per day of the range, oldest first; days the api left out are zeros, days outside it dropped. */
export function fillDays(range: { from: string; to: string }, rows: readonly DayCounts[]): DayCounts[] {
  const byDay = new Map(rows.map((row) => [row.day, row]));
  return daysBetween(range.from, range.to).map(
    (day) => byDay.get(day) ?? { day, views: 0, downloads: 0, edits: 0 },
  );
}

/** The sums over the rows. */
export function totalsOf(rows: readonly DayCounts[]): Omit<DayCounts, 'day'> {
  return rows.reduce(
    (sum, row) => ({
      views: sum.views + row.views,
      downloads: sum.downloads + row.downloads,
      edits: sum.edits + row.edits,
    }),
    { views: 0, downloads: 0, edits: 0 },
  );
}

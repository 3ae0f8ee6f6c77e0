import { describe, expect, it } from 'vitest';
import { lastHour } from './job-board';

const minute = 60_000;
const now = 1000 * minute + 30_000;

describe('lastHour: BullMQ metrics as jobs per minute, oldest first, ending now', () => {
  it('is all zeros before any job finished', () => {
    expect(lastHour({ meta: { count: 0, prevTS: 0, prevCount: 0 }, data: [] }, now)).toEqual(
      Array(60).fill(0),
    );
  });

  it("puts the last finished minute's pending count at its minute and older points before it", () => {
    // Last job finished 2 minutes ago; 3 jobs in that minute so far; the two minutes before it had 5 and 7.
    const points = lastHour(
      { meta: { count: 15, prevTS: 998 * minute + 10, prevCount: 12 }, data: [5, 7] },
      now,
    );
    expect(points).toHaveLength(60);
    expect(points.slice(-5)).toEqual([7, 5, 3, 0, 0]);
  });

  it('counts the current minute when the last job finished in it', () => {
    const points = lastHour({ meta: { count: 4, prevTS: now - 1000, prevCount: 0 }, data: [] }, now);
    expect(points.at(-1)).toBe(4);
  });
});

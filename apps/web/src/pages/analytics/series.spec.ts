import { describe, expect, it } from 'vitest';
import { fillDays, totalsOf } from './series';

describe('analytics series', () => {
  it('fills the days the api left out with zeros and keeps one row per day, oldest first', () => {
    const rows = [
      { day: '2026-02-27', views: 3, downloads: 1, edits: 0 },
      { day: '2026-03-02', views: 5, downloads: 0, edits: 2 },
      { day: '2026-03-09', views: 9, downloads: 9, edits: 9 }, // outside the range
    ];
    const filled = fillDays({ from: '2026-02-27', to: '2026-03-02' }, rows);
    expect(filled.map((row) => row.day)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(filled.map((row) => row.views)).toEqual([3, 0, 0, 5]);
    expect(filled[1]).toEqual({ day: '2026-02-28', views: 0, downloads: 0, edits: 0 });
    expect(totalsOf(filled)).toEqual({ views: 8, downloads: 1, edits: 2 });
    expect(totalsOf([])).toEqual({ views: 0, downloads: 0, edits: 0 });
  });
});

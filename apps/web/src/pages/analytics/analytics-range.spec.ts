import { describe, expect, it } from 'vitest';
import { daysBetween, parseDays, rangeOf } from './analytics-range';

describe('analytics range', () => {
  it('reads ?days= as 7, 30 or 90, anything else as 30', () => {
    expect(parseDays('7')).toBe(7);
    expect(parseDays('90')).toBe(90);
    expect(parseDays(['30', '7'])).toBe(30);
    for (const other of [undefined, '', '14', '7days', ' 7', '-7']) expect(parseDays(other)).toBe(30);
  });

  it('ends the range on the UTC day of now and includes both ends', () => {
    // 23:30 in UTC is already tomorrow east of Greenwich: the api counts in UTC days, so the range does too.
    const now = Date.parse('2026-03-01T23:30:00Z');
    expect(rangeOf(7, now)).toEqual({ from: '2026-02-23', to: '2026-03-01' });
    expect(rangeOf(1, now)).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    const month = rangeOf(30, now);
    expect(daysBetween(month.from, month.to)).toHaveLength(30);
  });

  it('lists every day between two days, across month ends', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(daysBetween('2026-03-02', '2026-03-01')).toEqual([]);
  });
});

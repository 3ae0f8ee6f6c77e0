import { describe, expect, it } from 'vitest';
import { csvCell, csvFilename, dayRange } from './analytics.service';

describe('analytics ranges and CSV cells', () => {
  const now = Date.parse('2026-03-10T15:00:00Z');

  it('defaults to the last 30 days to today (UTC), both ends included', () => {
    expect(dayRange({}, now)).toEqual({ from: '2026-02-09', to: '2026-03-10' });
    expect(dayRange({ to: '2026-01-31' }, now)).toEqual({ from: '2026-01-02', to: '2026-01-31' });
    expect(dayRange({ from: '2026-03-10', to: '2026-03-10' }, now)).toEqual({
      from: '2026-03-10',
      to: '2026-03-10',
    });
  });

  it('refuses a reversed range and one over 366 days', () => {
    expect(() => dayRange({ from: '2026-03-11', to: '2026-03-10' }, now)).toThrow(/366 days/);
    expect(() => dayRange({ from: '2025-03-09', to: '2026-03-10' }, now)).toThrow(/366 days/);
    expect(dayRange({ from: '2025-03-10', to: '2026-03-10' }, now).from).toBe('2025-03-10');
  });

  it('quotes cells and keeps spreadsheets from reading a filename as a formula', () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1+1.jpg')).toBe(`"'-1+1.jpg"`);
    expect(csvCell(42)).toBe('"42"');
  });

  it('names the export after the model and its days', () => {
    expect(csvFilename('mia', { from: '2026-02-09', to: '2026-03-10' })).toBe(
      'mia-analytics-2026-02-09-2026-03-10.csv',
    );
  });
});

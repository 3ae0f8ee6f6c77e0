// @vitest-environment node
// Pure helpers: no DOM needed (vite-plugin-solid would otherwise ask vitest for jsdom, which is not installed).
import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes, formatDuration, formatMs, formatOptional, formatPercent } from './format';

describe('format helpers', () => {
  it('formats bytes with binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(250 * 1024 ** 3)).toBe('250 GB');
  });

  it('formats durations coarsely', () => {
    expect(formatMs(0.4)).toBe('<1 ms');
    expect(formatMs(2.44)).toBe('2.4 ms');
    expect(formatMs(12.6)).toBe('13 ms');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(3 * 3_600_000 + 12 * 60_000)).toBe('3 h 12 min');
    expect(formatDuration(52 * 3_600_000)).toBe('2 d 4 h');
  });

  it('measures "ago" against the given now', () => {
    expect(formatAgo(10_000, 10_500)).toBe('just now');
    expect(formatAgo(10_000, 13_000)).toBe('3 s ago');
  });

  it('formats percentages and missing values', () => {
    expect(formatPercent(7.25)).toBe('7.3 %');
    expect(formatPercent(63.4)).toBe('63 %');
    expect(formatOptional(undefined, formatPercent)).toBe('–');
  });
});

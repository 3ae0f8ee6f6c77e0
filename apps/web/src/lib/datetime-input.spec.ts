// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fromDateTimeInput, toDateInput, toDateTimeInput } from './datetime-input';

describe('datetime-local input values', () => {
  it('round-trips a date at minute precision in local time', () => {
    const date = new Date(2031, 4, 7, 9, 5);
    expect(toDateTimeInput(date)).toBe('2031-05-07T09:05');
    expect(fromDateTimeInput('2031-05-07T09:05')?.getTime()).toBe(date.getTime());
    expect(toDateInput(date)).toBe('2031-05-07');
  });

  it('reads empty and unreadable values as no date', () => {
    expect(toDateTimeInput(null)).toBe('');
    expect(fromDateTimeInput('')).toBeNull();
    expect(fromDateTimeInput('not a date')).toBeNull();
  });
});

import { createRoot } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from './coalesce';

describe('coalesce', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('runs once per burst, and a steady stream of calls cannot postpone the run', () => {
    const run = vi.fn();
    createRoot(() => {
      const soon = coalesce(run, 300);
      // A call every 200 ms for 2 s: a restarting debounce would never run.
      for (let at = 0; at < 2_000; at += 200) {
        soon();
        vi.advanceTimersByTime(200);
      }
    });
    expect(run.mock.calls.length).toBeGreaterThanOrEqual(5);
    expect(run.mock.calls.length).toBeLessThanOrEqual(7);
  });

  it('joins the calls of one burst and stops with its owner', () => {
    const run = vi.fn();
    createRoot((dispose) => {
      const soon = coalesce(run, 300);
      soon();
      soon();
      vi.advanceTimersByTime(300);
      expect(run).toHaveBeenCalledTimes(1);
      soon();
      dispose();
      vi.advanceTimersByTime(300);
    });
    expect(run).toHaveBeenCalledTimes(1);
  });
});

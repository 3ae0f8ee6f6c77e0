import { describe, expect, it } from 'vitest';
import { PROGRESS_INTERVAL_MS, progressReporter } from './progress-reporter';

describe('progressReporter', () => {
  it('passes a percentage at most every interval, and every count', async () => {
    const sent: unknown[] = [];
    let clock = 1000;
    const progress = progressReporter(
      async (value) => {
        sent.push(value);
      },
      () => clock,
    );
    await progress(30);
    clock += PROGRESS_INTERVAL_MS - 1;
    await progress(42);
    await progress({ done: 1, total: 2 });
    clock += 1;
    await progress(54);
    await progress(66);
    await progress({ done: 2, total: 2 });
    expect(sent).toEqual([30, { done: 1, total: 2 }, 54, { done: 2, total: 2 }]);
  });
});

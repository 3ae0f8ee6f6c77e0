import { constants, PerformanceObserver } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { YoungGarbageCollector } from './young-garbage';

describe('YoungGarbageCollector', () => {
  let observer: PerformanceObserver | undefined;
  afterEach(() => observer?.disconnect());

  function countMinorGcs() {
    const counted = { minor: 0 };
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) {
          counted.minor += 1;
        }
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    return counted;
  }

  it('runs a scavenge each time the bytes it was told of pass its step, without --expose-gc', async () => {
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    const collector = new YoungGarbageCollector(1000);
    const counted = countMinorGcs();
    // 30 steps crossed: far more scavenges than this idle test process would run by itself.
    for (let step = 0; step < 60; step += 1) collector.add(500);
    await expect.poll(() => counted.minor).toBeGreaterThanOrEqual(30);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});

import { JobName, jobRegistry } from '@phoenix4ge/shared';
import { describe, expect, it } from 'vitest';
import { assertEveryJobHasAHandler, handlers } from './registry';

describe('job handler registry', () => {
  it('has exactly one handler for every registered job', () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(jobRegistry).sort());
    expect(() => assertEveryJobHasAHandler()).not.toThrow();
  });

  it('answers system.ping with the worker id and the request time', async () => {
    const result = await handlers[JobName.SystemPing](
      { requestedAt: 1000 },
      // The ping handler reads only workerId from its context.
      { workerId: 'w1' } as Parameters<(typeof handlers)['system.ping']>[1],
    );
    expect(result).toMatchObject({ workerId: 'w1', requestedAt: 1000 });
    expect(result.handledAt).toBeGreaterThanOrEqual(1000);
  });
});

import { expect, inject, it } from 'vitest';
import { builtWorker, spawnBuilt } from '../../api/test/support/processes';
import { describeNeeding, needBuilt } from '../../api/test/support/requirements';

/** Runs the built worker bundle as a real process (this also proves every external import resolves). */
const runBuiltWorker = (env: Record<string, string>) => spawnBuilt(builtWorker, env);

describeNeeding([needBuilt(builtWorker)], 'the built worker process', () => {
  it('exits 1 naming the bad variable', async () => {
    const run = runBuiltWorker({ ...inject('testEnv'), WORKER_CONCURRENCY: 'lots' });
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toContain(
      'WORKER_CONCURRENCY: expected a whole number from 1 to 64 (got "lots")',
    );
  });

  it('exits 1 with a clear message when Redis does not answer', async () => {
    const run = runBuiltWorker({ ...inject('testEnv'), REDIS_PORT: '1' });
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toMatch(/Cannot reach Redis at 127\.0\.0\.1:1/);
  });

  it('starts, then stops gracefully on SIGTERM', async () => {
    const run = runBuiltWorker({
      ...inject('testEnv'),
      LOG_LEVEL: 'info',
      REDIS_KEY_PREFIX: `${inject('testEnv').REDIS_KEY_PREFIX}_proc`,
    });
    await expect.poll(() => run.output().stdout, { timeout: 15_000 }).toContain('worker started');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toContain('worker stopped');
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JobName } from '@phoenix4ge/shared';
import { createRedis, JobProducer, redisOptions } from '@phoenix4ge/shared/node';
import { QueueEvents } from 'bullmq';
import { expect, inject, it } from 'vitest';
import { builtWorker, spawnBuilt } from '../../api/test/support/processes';
import { describeNeeding, needBuilt } from '../../api/test/support/requirements';
import { loadWorkerConfig } from '../src/env';
import { WORKER_NODE_FLAGS } from '../src/node-flags';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs the built worker bundle as a real process (this also proves every external import resolves). */
const runBuiltWorker = (env: Record<string, string>, nodeArgs: string[] = []) =>
  spawnBuilt(builtWorker, env, nodeArgs);

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

  it("its supervisor (dist/cluster.js) starts each copy with the worker's Node flags", async () => {
    const env: Record<string, string> = { ...inject('testEnv'), LOG_LEVEL: 'info', WORKER_INSTANCES: '1' };
    env.REDIS_KEY_PREFIX = `${env.REDIS_KEY_PREFIX}_flags`;
    const argsOf = async (pid: number) => (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    const childrenOf = async (pid: number) =>
      (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => ''))
        .split(' ')
        .filter(Boolean);
    const supervisor = spawnBuilt(path.join(path.dirname(builtWorker), 'cluster.js'), env);
    try {
      await expect.poll(() => childrenOf(supervisor.child.pid ?? 0), { timeout: 15_000 }).toHaveLength(1);
      const [copy] = await childrenOf(supervisor.child.pid ?? 0);
      // A copy seen between its fork and its exec has an empty command line yet: wait for the exec.
      await expect
        .poll(() => argsOf(Number(copy)), { timeout: 15_000 })
        .toEqual(expect.arrayContaining([...WORKER_NODE_FLAGS]));
    } finally {
      supervisor.child.kill('SIGTERM');
      await supervisor.exited;
    }
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

  it('logs an error thrown outside any job and keeps processing, despite tfjs-backend-wasm rethrowing it', async () => {
    const env: Record<string, string> = { ...inject('testEnv'), LOG_LEVEL: 'info' };
    env.REDIS_KEY_PREFIX = `${env.REDIS_KEY_PREFIX}_stray`;
    const run = runBuiltWorker(env, ['--expose-gc', '--import', path.join(here, 'support/stray-errors.mjs')]);
    const { redis: redisConfig } = loadWorkerConfig(env);
    const redis = createRedis(redisConfig, 'blocking', 'stray-errors-test');
    const producer = new JobProducer(redis, redisConfig.keyPrefix);
    const events = new QueueEvents('system', {
      connection: redisOptions(redisConfig, 'blocking', 'stray-errors-test-events'),
      prefix: `${redisConfig.keyPrefix}:bull`,
    });
    const ping = async () => {
      const job = await producer.enqueue(JobName.SystemPing, { requestedAt: Date.now() });
      return job.waitUntilFinished(events, 15_000);
    };
    try {
      await events.waitUntilReady();
      await expect.poll(() => run.output().stdout, { timeout: 20_000 }).toContain('worker started');
      // The WASM backend's own handlers are installed (one rethrowing listener per event).
      expect(run.output().stdout).toMatch(/"msg":"stray-errors preload ready","handlers":[1-9]/);
      expect(await ping()).toMatchObject({ requestedAt: expect.any(Number) });

      run.child.kill('SIGUSR2');
      const strayLog = () =>
        run
          .output()
          .stdout.split('\n')
          .filter((line) => line.includes('error outside any job or request; still running'))
          .join('\n');
      await expect.poll(strayLog, { timeout: 10_000 }).toContain('stray error from a timer');
      await expect.poll(strayLog, { timeout: 10_000 }).toContain('stray rejection');
      if (Number(process.versions.node.split('.')[0]) >= 25) {
        await expect.poll(strayLog, { timeout: 10_000 }).toContain('ERR_INVALID_STATE');
      }

      expect(run.child.exitCode).toBeNull();
      expect(await ping()).toMatchObject({ requestedAt: expect.any(Number) });
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
      await events.close();
      await producer.close();
      redis.disconnect();
    }
  }, 60_000);
});

import { randomBytes } from 'node:crypto';
import { JobName } from '@phoenix4ge/shared';
import { createRedis, JobProducer, readLiveWorkers, redisOptions, workersKey } from '@phoenix4ge/shared/node';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadWorkerConfig } from '../src/env';
import { createWorker } from '../src/worker';

describe('worker against real Redis and MariaDB', () => {
  const config = loadWorkerConfig({
    ...inject('testEnv'),
    REDIS_KEY_PREFIX: `${inject('testEnv').REDIS_KEY_PREFIX}_w${randomBytes(3).toString('hex')}`,
  });
  const redis = createRedis(config.redis, 'blocking', 'worker-test');
  const producer = new JobProducer(redis, config.redis.keyPrefix);
  const events = new QueueEvents('system', {
    connection: redisOptions(config.redis, 'blocking', 'worker-test-events'),
    prefix: `${config.redis.keyPrefix}:bull`,
  });
  const worker = createWorker({ config, workerId: 'worker-under-test' });

  beforeAll(async () => {
    await worker.start();
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await worker.stop();
    await events.close();
    await producer.close();
    redis.disconnect();
  });

  it('publishes a heartbeat the api can read', async () => {
    const live = await readLiveWorkers(redis, config.redis.keyPrefix);
    expect(live).toEqual([
      expect.objectContaining({
        workerId: 'worker-under-test',
        queues: ['system', 'media', 'maintenance', 'moderation', 'library'],
        concurrency: config.concurrency,
      }),
    ]);
  });

  it('handles system.ping and returns the validated result', async () => {
    const job = await producer.enqueue(JobName.SystemPing, { requestedAt: Date.now() });
    const result = await job.waitUntilFinished(events, 10_000);
    expect(result).toMatchObject({ workerId: 'worker-under-test' });
  });

  it('fails a job with an invalid payload at once, without retries', async () => {
    const job = await producer
      .queue('system')
      .add('system.ping', { requestedAt: 'yesterday' }, { attempts: 3 });
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrowError(
      /Invalid payload for system\.ping/,
    );
    const failed = await producer.queue('system').getJob(String(job.id));
    expect(failed?.attemptsMade).toBe(1);
  });

  it('fails an unknown job name without retries', async () => {
    const job = await producer.queue('system').add('system.unknown', {}, { attempts: 3 });
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrowError(/Unknown job "system\.unknown"/);
  });

  it('removes its heartbeat when it stops gracefully', async () => {
    const other = createWorker({ config, workerId: 'short-lived' });
    await other.start();
    expect(await redis.hexists(workersKey(config.redis.keyPrefix), 'short-lived')).toBe(1);
    await other.stop();
    expect(await redis.hexists(workersKey(config.redis.keyPrefix), 'short-lived')).toBe(0);
  });
});

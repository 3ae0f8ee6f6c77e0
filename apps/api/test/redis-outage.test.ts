import type { ChildProcess } from 'node:child_process';
import type { HealthReport } from '@phoenix4ge/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, startWorker, until } from './support/harness';
import { freePort } from './support/ports';
import { startRedis, stopRedis } from './support/redis';

/** GET /health, which must answer within 5 s (its probes time out at 2.5 s) or the fetch fails. */
async function health(url: string) {
  const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, body: (await response.json()) as HealthReport };
}

describe('Redis stopping while the api runs', () => {
  let port: number;
  let redis: ChildProcess | undefined;
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    const env = { REDIS_HOST: '127.0.0.1', REDIS_PORT: String(port), REDIS_DB: '0' };
    api = await startApi(env);
    worker = await startWorker(env);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    if (redis && redis.exitCode === null) await stopRedis(redis);
  });

  it('is healthy before', async () => {
    const { status } = await until(
      () => health(api.url),
      (r) => r.status === 200,
      10_000,
    );
    expect(status).toBe(200);
  });

  it('turns /health to 503 naming Redis, and the api keeps answering quickly', async () => {
    if (!redis) throw new Error('redis not started');
    await stopRedis(redis);
    const { status, body } = await until(
      () => health(api.url),
      (r) => r.status === 503,
      10_000,
    );
    expect(status).toBe(503);
    expect(body.services.redis.status).toBe('unhealthy');
    expect(body.services.redis.error).toBeTruthy();
    expect(body.services.database.status).toBe('healthy');
    // Outside `until`, which would retry a slow answer: the api still answers in time with Redis down.
    const again = await health(api.url);
    expect(again.status).toBe(503);
  });

  it('returns to 200 when Redis is back (the worker reconnects and beats again)', async () => {
    redis = await startRedis(port);
    const { status, body } = await until(
      () => health(api.url),
      (r) => r.status === 200,
      30_000,
    );
    expect(status).toBe(200);
    expect(body.services.redis.status).toBe('healthy');
    expect(body.services.worker.workers.map((w) => w.workerId)).toContain(worker.workerId);
  });
});

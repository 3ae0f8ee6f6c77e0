import type { HealthReport } from '@phoenix4ge/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedPrefix, signedInAdmin, startApi, startWorker, trpcClient, until } from './support/harness';

type Api = Awaited<ReturnType<typeof startApi>>;
type AppWorker = Awaited<ReturnType<typeof startWorker>>;

async function health(url: string) {
  const response = await fetch(`${url}/health`);
  return { status: response.status, body: (await response.json()) as HealthReport };
}

describe('GET /health and system.status against real MariaDB and Redis', () => {
  const prefix = isolatedPrefix();
  let api: Api;
  let worker: AppWorker | undefined;
  let client: ReturnType<typeof trpcClient>;

  beforeAll(async () => {
    api = await startApi(prefix);
    client = (await signedInAdmin(api)).client;
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
  });

  it('answers 503 naming the worker while no worker runs', async () => {
    const { status, body } = await health(api.url);
    expect(status).toBe(503);
    expect(body.status).toBe('degraded');
    expect(body.services.database.status).toBe('healthy');
    expect(body.services.redis.status).toBe('healthy');
    expect(body.services.worker).toMatchObject({ status: 'unhealthy', workers: [] });
    expect(body.services.worker.error).toMatch(/heartbeat/i);
  });

  it('refuses a ping with SERVICE_UNAVAILABLE while no worker runs', async () => {
    await expect(client.system.ping.mutate()).rejects.toMatchObject({
      data: { code: 'SERVICE_UNAVAILABLE' },
      message: expect.stringMatching(/no worker/i),
    });
  });

  it('answers 200 with database, Redis and worker healthy once a worker runs', async () => {
    worker = await startWorker(prefix);
    const { status, body } = await until(
      () => health(api.url),
      (result) => result.status === 200,
      10_000,
    );
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.services.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.services.worker.workers.map((w) => w.workerId)).toContain(worker.workerId);
    expect(body.services.disk.status).toMatch(/healthy|warning/);
    expect(body.services.disk.freeSpacePercent).toBeGreaterThan(0);
    expect(body.services.queues.queues.map((q) => q.name)).toContain('system');
  });

  it('refuses a ping from an anonymous caller', async () => {
    await expect(trpcClient(api.url).system.ping.mutate()).rejects.toMatchObject({
      data: { code: 'UNAUTHORIZED' },
    });
  });

  it('system.status over tRPC returns the same report shape', async () => {
    const report = await trpcClient(api.url).system.status.query();
    expect(report.status).toBe('ok');
    expect(new Date(report.timestamp).getTime()).toBeGreaterThan(0);
  });

  it('system.ping makes a real round trip through BullMQ to the worker', async () => {
    const result = await client.system.ping.mutate();
    expect(result.workerId).toBe(worker?.workerId);
    expect(result.jobId).toMatch(/\S/);
    expect(result.roundTripMs).toBeGreaterThan(0);
  });

  it('turns 503 again after the worker stops (its heartbeat is removed)', async () => {
    await worker?.stop();
    worker = undefined;
    const { status, body } = await health(api.url);
    expect(status).toBe(503);
    expect(body.services.worker.status).toBe('unhealthy');
  });

  it('answers unknown api paths with a JSON 404 in the error shape', async () => {
    const response = await fetch(`${api.url}/api/does-not-exist`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'No route for GET /api/does-not-exist' },
    });
  });
});

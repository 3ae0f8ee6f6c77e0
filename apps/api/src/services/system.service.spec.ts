import type { Jobs } from '@phoenix4ge/shared/node';
import { describe, expect, it } from 'vitest';
import type { HealthRepository } from '../repositories/health.repository';
import { createSystemService } from './system.service';

const liveWorker = {
  workerId: 'w1',
  hostname: 'h',
  pid: 1,
  startedAt: 1,
  queues: ['system'],
  concurrency: 2,
  lastSeenAt: Date.now(),
};

function fakeHealth(overrides: Partial<HealthRepository> = {}): HealthRepository {
  return {
    pingDatabase: async () => {},
    pingRedis: async () => {},
    diskSpace: async () => ({ path: '/media', free: 50, size: 100 }),
    liveWorkers: async () => [liveWorker],
    queueCounts: async (name) => ({
      name,
      waiting: 0,
      active: 0,
      delayed: 0,
      failed: 0,
      oldestWaitingMs: undefined,
    }),
    ...overrides,
  };
}

const fakeJobs = (run: Jobs['run']): Pick<Jobs, 'run'> => ({ run });
const noJobs = fakeJobs(async () => {
  throw new Error('not expected');
});

describe('system.status', () => {
  it('is ok when every part is healthy', async () => {
    const report = await createSystemService({ health: fakeHealth(), jobs: noJobs, version: 't' }).status();
    expect(report.status).toBe('ok');
    expect(report.services.disk).toMatchObject({ status: 'healthy', freeSpacePercent: 50 });
  });

  it('is degraded and names the failing part when the database fails', async () => {
    const health = fakeHealth({
      pingDatabase: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
      },
    });
    const report = await createSystemService({ health, jobs: noJobs, version: 't' }).status();
    expect(report.status).toBe('degraded');
    expect(report.services.database).toEqual({
      status: 'unhealthy',
      error: 'connect ECONNREFUSED 127.0.0.1:3306',
    });
    expect(report.services.redis.status).toBe('healthy');
  });

  it('only warns for low disk space and queue lag', async () => {
    const health = fakeHealth({
      diskSpace: async () => ({ path: '/media', free: 5, size: 100 }),
      queueCounts: async (name) => ({
        name,
        waiting: 3,
        active: 0,
        delayed: 0,
        failed: 0,
        oldestWaitingMs: 600_000,
      }),
    });
    const report = await createSystemService({ health, jobs: noJobs, version: 't' }).status();
    expect(report.status).toBe('ok');
    expect(report.services.disk.status).toBe('warning');
    expect(report.services.queues.status).toBe('warning');
  });

  it('is degraded when no worker has beaten recently', async () => {
    const report = await createSystemService({
      health: fakeHealth({ liveWorkers: async () => [] }),
      jobs: noJobs,
      version: 't',
    }).status();
    expect(report.status).toBe('degraded');
    expect(report.services.worker.status).toBe('unhealthy');
  });
});

describe('system.ping', () => {
  it('maps a wait timeout to TIMEOUT with a human message', async () => {
    const jobs = fakeJobs(async () => {
      throw new Error('Job wait system.ping timed out before finishing');
    });
    await expect(
      createSystemService({ health: fakeHealth(), jobs, version: 't' }).ping(),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'No worker answered within 10 s.',
    });
  });

  it('returns the answering worker', async () => {
    const jobs = fakeJobs(
      async () => ({ jobId: '7', result: { workerId: 'w1', requestedAt: 1, handledAt: 2 } }) as never,
    );
    const result = await createSystemService({ health: fakeHealth(), jobs, version: 't' }).ping();
    expect(result).toMatchObject({ jobId: '7', workerId: 'w1' });
  });
});

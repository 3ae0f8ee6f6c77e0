import type { ChildProcess } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { isolatedPrefix, isolatedStorage, testEnv } from '../test/support/harness';
import { freePort } from '../test/support/ports';
import { startRedis, stopRedis } from '../test/support/redis';
import { describeNeeding, needBuilt } from '../test/support/requirements';
import type { FaultAudit } from './support/fault-audit';
import { recordFaultTrial } from './support/fault-record';
import { faultRepetition, sleep } from './support/fault-repetition';
import { builtApiSupervisor, builtWorkerSupervisor, quickRecoveryEnv } from './support/fault-stack';
import { reliabilityProfile } from './support/profile';
import type { SentUpload } from './support/upload-load';

const profile = reliabilityProfile();

let redis: ChildProcess | undefined;

/** Stops the private server of the repetition before (each repetition starts its own), or of the last one. */
async function stopPrivateRedis() {
  if (redis && redis.exitCode === null && redis.signalCode === null) await stopRedis(redis);
  redis = undefined;
}
afterEach(stopPrivateRedis);

/**
 * One repetition against a private redis-server (no persistence: stopping it loses every key, BullMQ's queues
 * included): the stack under upload load, `fault` done to Redis, load after it, then the audit.
 */
async function repetition(label: string, fault: (port: number) => Promise<void>) {
  await stopPrivateRedis();
  const port = await freePort();
  redis = await startRedis(port);
  const env = testEnv({
    ...isolatedPrefix(),
    ...isolatedStorage(),
    REDIS_HOST: '127.0.0.1',
    REDIS_PORT: String(port),
    REDIS_DB: '0',
    ...quickRecoveryEnv,
  });
  return faultRepetition({ env, label, fault: () => fault(port) });
}

async function restartRedis(port: number) {
  if (redis) await stopRedis(redis);
  redis = await startRedis(port);
}

const needs = [needBuilt(builtApiSupervisor), needBuilt(builtWorkerSupervisor)];

describeNeeding(needs, 'Redis restarted (its data lost) while uploads are processed', () => {
  const repetitions = profile.repetitions(1, 3);
  it(`processes every 2xx upload anyway (${repetitions} times)`, async () => {
    const audits: FaultAudit[] = [];
    const sent: SentUpload[] = [];
    const apiErrors: string[] = [];
    for (let index = 1; index <= repetitions; index += 1) {
      const result = await repetition(`restart${index}`, restartRedis);
      audits.push(result.audit);
      sent.push(...result.sent);
      apiErrors.push(...result.apiErrors);
    }
    const record = await recordFaultTrial({
      id: 'redis-restart',
      action:
        'Redis (no persistence) stopped and started again while uploads were being processed: every queued job, schedule and heartbeat lost',
      audits,
      sent,
      apiErrors,
    });
    expect(record.passed, JSON.stringify({ record, audits, apiErrors }, null, 2)).toBe(true);
  });
});

describeNeeding(needs, `Redis down for ${profile.longOutageMs / 1000} s under upload load`, () => {
  const repetitions = profile.repetitions(1, 3);
  it(`answers uploads 201 meanwhile and processes them when it is back (${repetitions} times)`, async () => {
    const audits: FaultAudit[] = [];
    const sent: SentUpload[] = [];
    const apiErrors: string[] = [];
    for (let index = 1; index <= repetitions; index += 1) {
      const result = await repetition(`down${index}`, async (port) => {
        if (redis) await stopRedis(redis);
        await sleep(profile.longOutageMs);
        redis = await startRedis(port);
      });
      audits.push(result.audit);
      sent.push(...result.sent);
      apiErrors.push(...result.apiErrors);
    }
    const refused = sent.filter((upload) => upload.status === undefined || upload.status >= 500);
    const record = await recordFaultTrial({
      id: 'redis-down-60s',
      action: `Redis stopped for ${profile.longOutageMs / 1000} s while 2 clients kept uploading, then started again (empty)`,
      audits,
      sent,
      extraLost:
        refused.length > 0
          ? [`${refused.length} uploads refused (5xx or no answer) though only Redis was down`]
          : [],
      notes:
        'uploads during the outage are committed with their job in the outbox; the relay queues them when Redis is back',
      apiErrors,
    });
    expect(record.passed, JSON.stringify({ record, audits, apiErrors }, null, 2)).toBe(true);
  });
});

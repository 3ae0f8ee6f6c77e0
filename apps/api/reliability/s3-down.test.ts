import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startS3rver } from '@phoenix4ge/shared/testing';
import { expect, it } from 'vitest';
import { isolatedPrefix, isolatedStorage, testEnv, until } from '../test/support/harness';
import { freePort } from '../test/support/ports';
import { describeNeeding, needBuilt } from '../test/support/requirements';
import type { FaultAudit } from './support/fault-audit';
import { auditAfterFault } from './support/fault-audit';
import { recordFaultTrial } from './support/fault-record';
import {
  builtApiSupervisor,
  builtWorkerSupervisor,
  quickRecoveryEnv,
  startFaultStack,
} from './support/fault-stack';
import { reliabilityProfile } from './support/profile';
import { trialConfig, trialLibrary } from './support/trial-library';
import type { SentUpload } from './support/upload-load';
import { startUploadLoad } from './support/upload-load';

const profile = reliabilityProfile();
const repetitions = profile.repetitions(1, 3);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const outageMs = profile.longOutageMs / 2;

describeNeeding(
  [needBuilt(builtApiSupervisor), needBuilt(builtWorkerSupervisor)],
  'the S3-compatible server down and back',
  () => {
    it(`refuses uploads plainly while it is down and processes every 2xx when it is back (${repetitions} times)`, async () => {
      const audits: FaultAudit[] = [];
      const sent: SentUpload[] = [];
      const wrong: SentUpload[] = [];
      for (let repetition = 1; repetition <= repetitions; repetition += 1) {
        const directory = await mkdtemp(path.join(os.tmpdir(), 'p4g-reliability-s3-'));
        const port = await freePort();
        let s3 = await startS3rver('p4g-reliability', { port, directory });
        const env = testEnv({ ...isolatedPrefix(), ...isolatedStorage(), ...quickRecoveryEnv, ...s3.env });
        const library = await trialLibrary(env);
        const stack = await startFaultStack(env);
        try {
          await stack.waitHealthy();
          const load = startUploadLoad({
            ...library,
            url: stack.url,
            concurrency: 2,
            pauseMs: 500,
            label: `s3${repetition}`,
          });
          await until(
            async () => load.accepted().length,
            (count) => count >= 10,
            60_000,
          );
          const before = load.sent().length;
          await s3.stop();
          await sleep(outageMs);
          s3 = await startS3rver('p4g-reliability', { port, directory });
          await sleep(profile.loadAroundFaultMs);
          const all = await load.stop();
          sent.push(...all);
          wrong.push(
            ...all
              .slice(before)
              .filter(
                (upload) => upload.status !== undefined && upload.status >= 500 && upload.status !== 503,
              ),
          );
          audits.push(
            await auditAfterFault({
              config: trialConfig(env),
              modelId: library.modelId,
              acceptedIds: load.accepted().flatMap((upload) => (upload.id ? [upload.id] : [])),
              health: stack.health,
              timeoutMs: 240_000,
            }),
          );
        } finally {
          await stack.stop();
          await s3.stop();
          await rm(directory, { recursive: true, force: true });
        }
      }
      const record = await recordFaultTrial({
        id: 's3-down',
        action: `the S3-compatible server (s3rver, STORAGE_DRIVER=s3) stopped for ${outageMs / 1000} s while 2 clients kept uploading, then started again with its objects`,
        audits,
        sent,
        extraLost: wrong.length > 0 ? [`${wrong.length} uploads answered a bare 5xx instead of 503`] : [],
        notes:
          'with S3 the orphan check lists originals without a row directly (the sweep spares objects younger than an hour)',
      });
      expect(record.passed, JSON.stringify({ record, audits, wrong }, null, 2)).toBe(true);
    });
  },
);

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startS3rver } from '@phoenix4ge/shared/testing';
import { expect, it } from 'vitest';
import { isolatedPrefix, isolatedStorage, testEnv } from '../test/support/harness';
import { freePort } from '../test/support/ports';
import { describeNeeding, needBuilt } from '../test/support/requirements';
import type { FaultAudit } from './support/fault-audit';
import { recordFaultTrial } from './support/fault-record';
import { bareServerErrors, faultRepetition, sleep } from './support/fault-repetition';
import { builtApiSupervisor, builtWorkerSupervisor, quickRecoveryEnv } from './support/fault-stack';
import { reliabilityProfile } from './support/profile';
import type { SentUpload } from './support/upload-load';

const profile = reliabilityProfile();
const repetitions = profile.repetitions(1, 3);
const outageMs = profile.longOutageMs / 2;

describeNeeding(
  [needBuilt(builtApiSupervisor), needBuilt(builtWorkerSupervisor)],
  'the S3-compatible server down and back',
  () => {
    it(`refuses uploads plainly while it is down and processes every 2xx when it is back (${repetitions} times)`, async () => {
      const audits: FaultAudit[] = [];
      const sent: SentUpload[] = [];
      const apiErrors: string[] = [];
      const wrong: SentUpload[] = [];
      for (let repetition = 1; repetition <= repetitions; repetition += 1) {
        const directory = await mkdtemp(path.join(os.tmpdir(), 'p4g-reliability-s3-'));
        const port = await freePort();
        let s3 = await startS3rver('p4g-reliability', { port, directory });
        const env = testEnv({ ...isolatedPrefix(), ...isolatedStorage(), ...quickRecoveryEnv, ...s3.env });
        try {
          const result = await faultRepetition({
            env,
            label: `s3${repetition}`,
            fault: async () => {
              await s3.stop();
              await sleep(outageMs);
              s3 = await startS3rver('p4g-reliability', { port, directory });
            },
          });
          sent.push(...result.sent);
          wrong.push(...bareServerErrors(result.afterFault));
          audits.push(result.audit);
          apiErrors.push(...result.apiErrors);
        } finally {
          await s3.stop();
          await rm(directory, { recursive: true, force: true });
        }
      }
      const record = await recordFaultTrial({
        apiErrors,
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

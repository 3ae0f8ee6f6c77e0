import { createDb, eq, media } from '@phoenix4ge/db';
import { expect, it } from 'vitest';
import { slowJpeg, takeoverWorkerEnv } from '../test/support/crash';
import { isolatedPrefix, isolatedStorage, testEnv, until } from '../test/support/harness';
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
import { sendUpload, startUploadLoad } from './support/upload-load';

const profile = reliabilityProfile();
const repetitions = profile.repetitions(1, 3);

describeNeeding(
  [needBuilt(builtApiSupervisor), needBuilt(builtWorkerSupervisor)],
  'kill -9 of a worker in the middle of a job',
  () => {
    it(`finishes every job once, after the supervisor restarts it (${repetitions} times)`, async () => {
      const audits: FaultAudit[] = [];
      const sent: SentUpload[] = [];
      const big = await slowJpeg();
      for (let repetition = 1; repetition <= repetitions; repetition += 1) {
        const env = testEnv({
          ...isolatedPrefix(),
          ...isolatedStorage(),
          ...quickRecoveryEnv,
          ...takeoverWorkerEnv,
        });
        const library = await trialLibrary(env);
        const stack = await startFaultStack(env);
        const db = createDb(trialConfig(env).database);
        try {
          await stack.waitHealthy();
          // A large photo (seconds of work) queued first, so the kill lands in the middle of its job.
          const slow = await sendUpload(stack.url, library.slug, library.cookie, `big${repetition}.jpg`, big);
          sent.push(slow);
          const load = startUploadLoad({
            ...library,
            url: stack.url,
            concurrency: 2,
            pauseMs: 500,
            label: `w${repetition}`,
          });
          await until(
            () => db.db.query.media.findFirst({ where: eq(media.id, slow.id ?? 0) }),
            (row) => row?.processingStatus === 'processing',
            60_000,
          );
          const [victim] = stack.workerCopies();
          if (!victim) throw new Error(`no worker copy to kill\n${stack.logTail()}`);
          process.kill(victim, 'SIGKILL');
          await until(
            async () => stack.workerCopies(),
            (pids) => pids.length === 1 && pids[0] !== victim,
            30_000,
          );
          await new Promise((resolve) => setTimeout(resolve, profile.loadAroundFaultMs));
          sent.push(...(await load.stop()));
          audits.push(
            await auditAfterFault({
              config: trialConfig(env),
              modelId: library.modelId,
              acceptedIds: [slow, ...load.accepted()].flatMap((upload) => (upload.id ? [upload.id] : [])),
              health: stack.health,
              timeoutMs: 240_000,
            }),
          );
        } finally {
          await db.close();
          await stack.stop();
        }
      }
      const record = await recordFaultTrial({
        id: 'kill-worker-midjob',
        action:
          'kill -9 of the worker copy while it renders a 6000×4000 photo, 2 clients uploading; its supervisor starts a new copy, which takes the stalled job over',
        audits,
        sent,
      });
      expect(record.passed, JSON.stringify({ record, audits }, null, 2)).toBe(true);
    });
  },
);

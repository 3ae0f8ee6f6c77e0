import { expect, it } from 'vitest';
import { isolatedPrefix, isolatedStorage, testEnv, until } from '../test/support/harness';
import { describeNeeding, needBuilt } from '../test/support/requirements';
import type { FaultAudit } from './support/fault-audit';
import { auditAfterFault } from './support/fault-audit';
import { recordFaultTrial } from './support/fault-record';
import {
  builtApiSupervisor,
  builtWorkerSupervisor,
  isHealthy,
  quickRecoveryEnv,
  startFaultStack,
} from './support/fault-stack';
import { reliabilityProfile } from './support/profile';
import { trialConfig, trialLibrary } from './support/trial-library';
import type { SentUpload } from './support/upload-load';
import { outcomeCounts, startUploadLoad } from './support/upload-load';

const profile = reliabilityProfile();
const repetitions = profile.repetitions(2, 3);

describeNeeding(
  [needBuilt(builtApiSupervisor), needBuilt(builtWorkerSupervisor)],
  'kill -9 of the api with 20 uploads in flight',
  () => {
    it(`keeps every 2xx upload and comes back by itself (${repetitions} times)`, async () => {
      const audits: FaultAudit[] = [];
      const sent: SentUpload[] = [];
      const notServing: string[] = [];
      for (let repetition = 1; repetition <= repetitions; repetition += 1) {
        const env = testEnv({ ...isolatedPrefix(), ...isolatedStorage(), ...quickRecoveryEnv });
        const library = await trialLibrary(env);
        const stack = await startFaultStack(env);
        try {
          await until(stack.health, isHealthy, 60_000);
          const load = startUploadLoad({
            ...library,
            url: stack.url,
            concurrency: 20,
            label: `r${repetition}`,
          });
          await until(
            async () => load.accepted().length,
            (count) => count >= 20,
            60_000,
          );
          await until(
            async () => load.inFlight(),
            (count) => count >= 20,
            10_000,
          );
          const [victim] = stack.apiCopies();
          if (!victim) throw new Error(`no api copy to kill\n${stack.logTail()}`);
          process.kill(victim, 'SIGKILL');
          // The supervisor starts a new copy; the load's clients get answers again.
          await until(
            async () => stack.apiCopies(),
            (pids) => pids.length === 1 && pids[0] !== victim,
            30_000,
          );
          const before = load.sent().length;
          await new Promise((resolve) => setTimeout(resolve, profile.loadAroundFaultMs));
          const after = (await load.stop()).slice(before);
          sent.push(...load.sent());
          if (!after.some((upload) => upload.status === 201)) {
            notServing.push(`repetition ${repetition}: ${outcomeCounts(after)}\n${stack.logTail(15)}`);
          }
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
        }
      }
      const record = await recordFaultTrial({
        id: 'kill-api-uploads',
        action:
          'kill -9 of the api copy with 20 uploads in flight (20 clients uploading without pause); its supervisor starts a new copy',
        audits,
        sent,
        extraLost:
          notServing.length > 0
            ? [`no upload answered 201 after the restart in ${notServing.length} repetitions`]
            : [],
        notes:
          'uploads cut by the kill get no answer (not at stake); one committed before the kill but unanswered is still audited like the rest',
      });
      expect(record.passed, JSON.stringify({ record, audits, notServing }, null, 2)).toBe(true);
    });
  },
);

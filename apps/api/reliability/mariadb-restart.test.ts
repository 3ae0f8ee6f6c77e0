import { expect, it } from 'vitest';
import { isolatedPrefix, isolatedStorage, testEnv, until } from '../test/support/harness';
import { describeNeeding, need, needBuilt } from '../test/support/requirements';
import type { FaultAudit } from './support/fault-audit';
import { auditAfterFault } from './support/fault-audit';
import { recordFaultTrial } from './support/fault-record';
import {
  builtApiSupervisor,
  builtWorkerSupervisor,
  quickRecoveryEnv,
  startFaultStack,
} from './support/fault-stack';
import { installDb, mariadbd, startPrivateMariaDb } from './support/private-mariadb';
import { reliabilityProfile } from './support/profile';
import { trialConfig, trialLibrary } from './support/trial-library';
import type { SentUpload } from './support/upload-load';
import { startUploadLoad } from './support/upload-load';

const profile = reliabilityProfile();
const repetitions = profile.repetitions(1, 3);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeNeeding(
  [
    needBuilt(builtApiSupervisor),
    needBuilt(builtWorkerSupervisor),
    need(mariadbd, '/usr/sbin/mariadbd (the mariadb-server package)'),
    need(installDb, '/usr/bin/mariadb-install-db'),
  ],
  'MariaDB restarted under upload load',
  () => {
    it(`keeps every 2xx upload and recovers by itself (${repetitions} times)`, async () => {
      const audits: FaultAudit[] = [];
      const sent: SentUpload[] = [];
      const wrongAnswers: SentUpload[] = [];
      for (let repetition = 1; repetition <= repetitions; repetition += 1) {
        const database = await startPrivateMariaDb();
        const env = testEnv({
          ...isolatedPrefix(),
          ...isolatedStorage(),
          ...quickRecoveryEnv,
          ...database.env,
        });
        const stack = await startFaultStack(env).catch(async (error: unknown) => {
          await database.remove();
          throw error;
        });
        try {
          const library = await trialLibrary(env);
          await stack.waitHealthy();
          const load = startUploadLoad({
            ...library,
            url: stack.url,
            concurrency: 2,
            pauseMs: 500,
            label: `db${repetition}`,
          });
          await until(
            async () => load.accepted().length,
            (count) => count >= 10,
            60_000,
          );
          const before = load.sent().length;
          await database.stop('SIGTERM');
          await sleep(5000);
          await database.start();
          await sleep(profile.loadAroundFaultMs);
          const all = await load.stop();
          sent.push(...all);
          // While it is down an upload may be refused, but plainly: 503 (try again), never 500.
          wrongAnswers.push(
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
          await database.remove();
        }
      }
      const record = await recordFaultTrial({
        id: 'mariadb-restart',
        action: 'MariaDB stopped (SIGTERM) for 5 s and started again while 2 clients kept uploading',
        audits,
        sent,
        extraLost:
          wrongAnswers.length > 0
            ? [`${wrongAnswers.length} uploads answered a bare 5xx instead of 503`]
            : [],
      });
      expect(record.passed, JSON.stringify({ record, audits, wrongAnswers }, null, 2)).toBe(true);
    });
  },
);

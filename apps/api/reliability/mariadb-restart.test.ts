import { expect, it } from 'vitest';
import { isolatedPrefix, isolatedStorage, testEnv } from '../test/support/harness';
import { installDb, mariadbd, startPrivateMariaDb } from '../test/support/private-mariadb';
import { describeNeeding, need, needBuilt } from '../test/support/requirements';
import type { FaultAudit } from './support/fault-audit';
import { recordFaultTrial } from './support/fault-record';
import { bareServerErrors, faultRepetition, sleep } from './support/fault-repetition';
import { builtApiSupervisor, builtWorkerSupervisor, quickRecoveryEnv } from './support/fault-stack';
import { reliabilityProfile } from './support/profile';
import type { SentUpload } from './support/upload-load';

const profile = reliabilityProfile();
const repetitions = profile.repetitions(1, 3);

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
      const apiErrors: string[] = [];
      const wrongAnswers: SentUpload[] = [];
      for (let repetition = 1; repetition <= repetitions; repetition += 1) {
        const database = await startPrivateMariaDb();
        const env = testEnv({
          ...isolatedPrefix(),
          ...isolatedStorage(),
          ...quickRecoveryEnv,
          ...database.env,
        });
        try {
          const result = await faultRepetition({
            env,
            label: `db${repetition}`,
            fault: async () => {
              await database.stop('SIGTERM');
              await sleep(5000);
              await database.start();
            },
          });
          sent.push(...result.sent);
          // While it is down an upload may be refused, but plainly: 503 (try again), never 500.
          wrongAnswers.push(...bareServerErrors(result.afterFault));
          audits.push(result.audit);
          apiErrors.push(...result.apiErrors);
        } finally {
          await database.remove();
        }
      }
      const record = await recordFaultTrial({
        apiErrors,
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

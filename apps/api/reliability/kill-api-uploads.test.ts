import { expect, it } from 'vitest';
import { isolatedPrefix, isolatedStorage, testEnv, until } from '../test/support/harness';
import { describeNeeding, needBuilt } from '../test/support/requirements';
import { slowUpload, spoolFiles } from '../test/support/slow-upload';
import type { FaultAudit } from './support/fault-audit';
import { recordFaultTrial } from './support/fault-record';
import { faultRepetition } from './support/fault-repetition';
import { builtApiSupervisor, builtWorkerSupervisor, quickRecoveryEnv } from './support/fault-stack';
import { reliabilityProfile } from './support/profile';
import { trialConfig } from './support/trial-library';
import type { SentUpload } from './support/upload-load';
import { outcomeCounts, uniqueJpeg } from './support/upload-load';

const profile = reliabilityProfile();

const createdOrDuplicateId = (file: { status: string } | undefined) =>
  file && 'id' in file && typeof file.id === 'number' ? file.id : undefined;

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}
const repetitions = profile.repetitions(1, 3);

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
        let restartedAt = 0;
        const result = await faultRepetition({
          env,
          label: `r${repetition}`,
          acceptedBefore: 5,
          pauseMs: 300,
          // 20 uploads held halfway through their bodies, each with its spool file open in the api, when the kill
          // lands; the load's 2 clients keep uploading before and after.
          fault: async ({ stack, load, library, ownUploads }) => {
            const held = gate();
            const inFlight = await Promise.all(
              Array.from({ length: 20 }, async (_, index) => ({
                name: `held${repetition}-${index}.jpg`,
                data: await uniqueJpeg(),
              })),
            );
            const halfway = inFlight.map((file) =>
              slowUpload({
                ...file,
                port: stack.port,
                slug: library.slug,
                cookie: library.cookie,
                resume: held.opened,
              }),
            );
            await until(
              () => spoolFiles(trialConfig(env).storage.localPath),
              (names) => names.length >= 20,
              60_000,
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
            held.open();
            for (const [index, answer] of (await Promise.all(halfway)).entries()) {
              const name = inFlight[index]?.name ?? 'held';
              ownUploads.push(
                'status' in answer
                  ? { name, status: answer.status, id: createdOrDuplicateId(answer.body.files?.[0]) }
                  : { name, connectionError: answer.connectionError },
              );
            }
            // Answering again (the new copy listens), however long that took on this machine.
            await until(stack.health, (answer) => answer.status !== 0, 120_000);
            restartedAt = load.sent().length;
          },
        });
        sent.push(...result.sent);
        audits.push(result.audit);
        const after = result.loadSent.slice(restartedAt);
        if (!after.some((upload) => upload.status === 201)) {
          notServing.push(`repetition ${repetition}: ${outcomeCounts(after)}`);
        }
      }
      const record = await recordFaultTrial({
        id: 'kill-api-uploads',
        action:
          'kill -9 of the api copy with 20 uploads in flight (held halfway through their bodies) and 2 clients uploading; its supervisor starts a new copy',
        audits,
        sent,
        extraLost:
          notServing.length > 0
            ? [`no upload answered 201 after the restart in ${notServing.length} repetitions`]
            : [],
        notes:
          'the 20 uploads cut by the kill get no answer (not at stake); their spool files are what the orphan sweep must remove',
      });
      expect(record.passed, JSON.stringify({ record, audits, notServing }, null, 2)).toBe(true);
    });
  },
);

import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm, rmdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isolatedPrefix, testEnv, until } from '../test/support/harness';
import { describeNeeding, need, needBuilt } from '../test/support/requirements';
import type { FaultAudit } from './support/fault-audit';
import { recordFaultTrial } from './support/fault-record';
import { faultRepetition } from './support/fault-repetition';
import { builtApiSupervisor, builtWorkerSupervisor, quickRecoveryEnv } from './support/fault-stack';
import { reliabilityProfile } from './support/profile';
import type { SentUpload, UploadLoad } from './support/upload-load';
import { gotTwoHundred } from './support/upload-load';

const profile = reliabilityProfile();
const repetitions = profile.repetitions(1, 3);
const isRoot = process.getuid?.() === 0;

/** Writes zeros to `file` until the file system is full (ENOSPC); leaves the file. */
async function fillUp(file: string) {
  const handle = await open(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) await handle.write(chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    await handle.close();
  }
}

/** Waits until three of the load's uploads sent from `from` on were answered `status`. */
function answeredSince(load: UploadLoad, from: number, status: number) {
  return until(
    async () =>
      load
        .sent()
        .slice(from)
        .filter((upload) => upload.status === status).length,
    (count) => count >= 3,
    60_000,
  );
}

describeNeeding(
  [needBuilt(builtApiSupervisor), needBuilt(builtWorkerSupervisor), need(isRoot, 'root (to mount a tmpfs)')],
  'the storage filling up',
  () => {
    let mountPoint: string;
    beforeAll(async () => {
      mountPoint = await mkdtemp(path.join(os.tmpdir(), 'p4g-reliability-full-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', mountPoint]);
    });
    afterAll(async () => {
      execFileSync('umount', ['-l', mountPoint]);
      await rmdir(mountPoint);
    });

    it(`answers 507 with nothing half-written, and recovers when space returns (${repetitions} times)`, async () => {
      const audits: FaultAudit[] = [];
      const sent: SentUpload[] = [];
      const wrong: string[] = [];
      for (let repetition = 1; repetition <= repetitions; repetition += 1) {
        const storagePath = path.join(mountPoint, `r${repetition}`);
        const env = testEnv({ ...isolatedPrefix(), ...quickRecoveryEnv, MEDIA_STORAGE_PATH: storagePath });
        const filler = path.join(mountPoint, 'filler');
        try {
          const { sent: repetitionSent, audit } = await faultRepetition({
            env,
            label: `full${repetition}`,
            acceptedBefore: 5,
            fault: async ({ load }) => {
              await fillUp(filler);
              const before = load.sent().length;
              await answeredSince(load, before, 507);
              const whileFull = load.sent().slice(before);
              // Full: after the uploads already past storing, only plain 507s; no 500s.
              const bad = whileFull.filter((upload) => upload.status !== 507 && !gotTwoHundred(upload));
              if (bad.length > 0)
                wrong.push(
                  `${bad.length} answered ${[...new Set(bad.map((upload) => upload.status ?? upload.connectionError))].join('/')} instead of 507`,
                );
              const refusal = whileFull.find((upload) => upload.status === 507);
              if (!refusal?.message || !/full/i.test(refusal.message))
                wrong.push(`the 507 said "${refusal?.message}"`);
              await rm(filler);
              await answeredSince(load, load.sent().length, 201);
            },
          });
          sent.push(...repetitionSent);
          audits.push(audit);
          // Nothing half-written by the refused uploads or the failed variant writes: once every item settled,
          // no spool or partial file is left even before the sweep.
          if (audit.tempFilesBeforeSweep.length > 0)
            wrong.push(
              `${audit.tempFilesBeforeSweep.length} spool or partial files left: ${audit.tempFilesBeforeSweep.join(', ')}`,
            );
        } finally {
          await rm(filler, { force: true });
          await rm(storagePath, { recursive: true, force: true });
        }
      }
      const record = await recordFaultTrial({
        id: 'storage-full',
        action:
          'MEDIA_STORAGE_PATH on a 12 MB tmpfs filled up while 2 clients kept uploading, then space freed',
        audits,
        sent,
        extraLost: wrong,
        notes:
          'while full every new upload must get 507 with a plain message and leave no spool, partial file or row',
      });
      expect(record.passed, JSON.stringify({ record, audits, wrong }, null, 2)).toBe(true);
    });
  },
);

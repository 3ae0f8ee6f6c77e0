/** `pnpm cli verify`: every media row's original is in storage with the content its sha256 names. */
import type { StorageDriver } from '@phoenix4ge/shared/node';
import type { DatabaseContentsRepository } from '../../repositories/database-contents.repository';
import { eachLimited, hashStream } from './files';
import type { BackupProgress } from './progress';

export interface VerifyFailure {
  mediaId: number;
  key: string;
  problem: string;
}

export async function verifyOriginals(
  deps: { contents: DatabaseContentsRepository; storage: StorageDriver },
  progress: BackupProgress,
): Promise<{ checked: number; failures: VerifyFailure[] }> {
  const rows = await deps.contents.originals();
  const failures: VerifyFailure[] = [];
  progress.step('verifying originals', rows.length);
  let done = 0;
  await eachLimited(rows, 4, async (row) => {
    const key = row.storageKey;
    const fail = (problem: string) => failures.push({ mediaId: row.id, key, problem });
    const info = await deps.storage.stat(key);
    if (!info) fail('missing');
    else {
      const { sha256, bytes } = await hashStream(await deps.storage.get(key));
      if (sha256 !== row.sha256) fail(`changed: sha256 ${sha256}, expected ${row.sha256}`);
      else if (bytes !== row.bytes) fail(`size ${bytes} bytes, expected ${row.bytes}`);
    }
    done += 1;
    progress.update(done, key);
  });
  progress.end();
  return { checked: rows.length, failures: failures.sort((a, b) => a.mediaId - b.mediaId) };
}

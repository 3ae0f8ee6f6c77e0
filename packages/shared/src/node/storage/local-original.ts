import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { StorageDriver } from './driver';

/**
 * The original as a local file for libvips: the file itself with the local driver, a temporary download with
 * object storage. `release()` removes the download.
 */
export async function localOriginal(
  storage: StorageDriver,
  key: string,
): Promise<{ path: string; release(): Promise<void> }> {
  if (storage.localPath) return { path: storage.localPath(key), release: async () => {} };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'p4g-original-'));
  const file = path.join(dir, path.basename(key));
  await pipeline(await storage.get(key), createWriteStream(file));
  return { path: file, release: () => rm(dir, { recursive: true, force: true }) };
}

import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LOCAL_TEMP_DIR } from '@phoenix4ge/shared/node';
import { SpoolFileWriter } from './spool-file-writer';
import type { UploadInspector } from './upload-inspector';

/** Where uploads are spooled before they are judged and stored: on the storage root's file system. */
export function spoolDirectory(storageRoot: string): string {
  return path.join(storageRoot, LOCAL_TEMP_DIR);
}

/**
 * Writes an upload stream to a new spool file through `inspector` (which hashes and size-limits it), fsynced.
 * Removes the file again on any failure; the caller removes it once it is stored or refused.
 */
export async function spoolUpload(
  stream: Readable,
  inspector: UploadInspector,
  spoolDir: string,
): Promise<string> {
  await mkdir(spoolDir, { recursive: true, mode: 0o755 });
  const spoolPath = path.join(spoolDir, `${randomUUID()}.upload`);
  const file = new SpoolFileWriter(spoolPath);
  try {
    await pipeline(stream, inspector, file);
    return spoolPath;
  } catch (error) {
    // A failed pipeline rejects without waiting for the file stream to close: a file still being opened would
    // be created after the removal below (and left for the hourly sweep) unless the stream has closed first.
    if (!file.closed) await new Promise<void>((resolve) => file.once('close', () => resolve()));
    await rm(spoolPath, { force: true });
    throw error;
  }
}

/** Copying objects between the storage driver and a backup folder, hashing (sha256) and counting on the way. */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StorageDriver } from '@phoenix4ge/shared/node';

export interface Hashed {
  sha256: string;
  bytes: number;
}

/** A pass-through that hashes and counts what flows through it; read `result()` once the stream ended. */
export function hashing() {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, result: (): Hashed => ({ sha256: hash.digest('hex'), bytes }) };
}

export async function hashStream(source: Readable): Promise<Hashed> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of source) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export const hashFile = (file: string) => hashStream(createReadStream(file));

/** Writes a stream to `file` (through a temporary name, fsynced), returning its hash and size. */
export async function writeHashed(source: Readable, file: string): Promise<Hashed> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  const hashed = hashing();
  try {
    await pipeline(source, hashed.stream, createWriteStream(temp));
    const handle = await open(temp, 'r+');
    await handle.sync().finally(() => handle.close());
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return hashed.result();
}

/** The object `key` copied from storage into `folder/<key>`. */
export async function copyOut(storage: StorageDriver, key: string, folder: string): Promise<Hashed> {
  return writeHashed(await storage.get(key), path.join(folder, key));
}

/** Runs `work` over `items`, `limit` at a time, in order of start. */
export async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

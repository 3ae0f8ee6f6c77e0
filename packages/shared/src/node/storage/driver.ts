import type { Readable } from 'node:stream';

export interface ObjectInfo {
  key: string;
  bytes: number;
  modifiedAt: Date;
}

/** Inclusive byte range, as in an HTTP `Range: bytes=start-end` header. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface PutOptions {
  contentType?: string;
}

/** One object of a `putAll`. */
export interface PutObject extends PutOptions {
  key: string;
  body: Buffer;
}

/**
 * Where originals and variants live (DESIGN §7). Keys are content-addressed paths made by ./keys.ts, never user
 * input. Every write is all-or-nothing: a crash leaves no half file under a live key.
 */
export interface StorageDriver {
  readonly name: 'local' | 's3';
  /** Stores a local file under `key` (the upload spool); the file is moved or copied, then the spool removed. */
  putFile(key: string, filePath: string, options?: PutOptions): Promise<ObjectInfo>;
  /** Stores a buffer or stream under `key`. */
  put(key: string, body: Buffer | Readable, options?: PutOptions): Promise<ObjectInfo>;
  /**
   * Stores several buffers (a version's variant files), each all-or-nothing under its key; every one is durable
   * once it resolves. All are attempted; the first failure is thrown once the rest have settled.
   */
  putAll(objects: readonly PutObject[]): Promise<void>;
  get(key: string, range?: ByteRange): Promise<Readable>;
  stat(key: string): Promise<ObjectInfo | undefined>;
  delete(key: string): Promise<void>;
  /** Every object whose key starts with `prefix` (for the orphan sweep). */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /** The object's path on this machine's disk, when the driver keeps files locally (libvips reads it directly). */
  localPath?(key: string): string;
}

const validKey = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9/._-]*$/;

/** Refuses anything that is not a plain relative key (no `..`, no leading slash, no odd characters). */
export function assertValidKey(key: string): void {
  if (!validKey.test(key) || key.length > 512) throw new Error(`Invalid storage key "${key}"`);
}

/** Waits for every promise; then throws the first rejection, if any (nothing is left running behind an error). */
export async function settleAll(promises: readonly Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(promises)).find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

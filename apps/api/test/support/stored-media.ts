import { createHash } from 'node:crypto';
import { utimes } from 'node:fs/promises';
import type { DbHandle } from '@phoenix4ge/db';
import { media, mediaVariants } from '@phoenix4ge/db';
import { originalKey, variantKey } from '@phoenix4ge/shared';
import type { StorageDriver } from '@phoenix4ge/shared/node';

export interface StoredMediaOptions {
  filename?: string;
  /** The original's bytes (stored under its content address). */
  data: Buffer;
  /** In the trash since then; the files are dated a day before (stored at upload, trashed later). */
  deletedAt?: Date | null;
  categoryId?: number | null;
  /** Stores these presets' files (WebP, version 0) and their rows. */
  presets?: ('thumb' | 'sm' | 'md' | 'lg' | 'xl')[];
}

/**
 * A media row written straight to the database with its original in storage, bypassing upload and processing:
 * for selections and trashes of thousands of items, and for states an upload cannot make (trashed long ago).
 */
export async function insertStoredMedia(
  db: DbHandle,
  storage: StorageDriver,
  modelId: number,
  options: StoredMediaOptions,
): Promise<{ id: number; key: string; variantKeys: string[] }> {
  const sha256 = createHash('sha256').update(options.data).digest('hex');
  const key = originalKey(modelId, sha256, 'jpg');
  await storage.put(key, options.data);
  if (options.deletedAt)
    await dateStoredFile(storage, key, new Date(options.deletedAt.getTime() - 86_400_000));
  const [row] = await db.db
    .insert(media)
    .values({
      modelId,
      originalFilename: options.filename ?? `${sha256.slice(0, 8)}.jpg`,
      mimeType: 'image/jpeg',
      bytes: options.data.length,
      sha256,
      storageKey: key,
      deletedAt: options.deletedAt ?? null,
      categoryId: options.categoryId ?? null,
    })
    .$returningId();
  if (!row) throw new Error('insert returned no id');
  const variantKeys: string[] = [];
  for (const preset of options.presets ?? []) {
    const variant = variantKey(modelId, row.id, 0, preset, 'webp');
    const data = Buffer.concat([Buffer.from(`${preset}:`), options.data.subarray(0, 64)]);
    await storage.put(variant, data);
    await db.db.insert(mediaVariants).values({
      mediaId: row.id,
      version: 0,
      preset,
      format: 'webp',
      width: 10,
      height: 10,
      bytes: data.length,
      storageKey: variant,
    });
    variantKeys.push(variant);
  }
  return { id: row.id, key, variantKeys };
}

/** Every key under `prefix` in storage, sorted. */
export async function storedKeys(storage: StorageDriver, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of storage.list(prefix)) keys.push(object.key);
  return keys.sort();
}

/**
 * Dates a stored file (local storage) as written at `at`: with `deleted_at` set back in the database, the
 * original must look as old as an upload that happened before it went to the trash.
 */
export async function dateStoredFile(storage: StorageDriver, key: string, at: Date): Promise<void> {
  if (!storage.localPath) throw new Error('dateStoredFile needs the local storage driver');
  await utimes(storage.localPath(key), at, at);
}

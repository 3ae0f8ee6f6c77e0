import { createHash } from 'node:crypto';
import type { NewMedia } from '@phoenix4ge/db';
import { type createDb, media } from '@phoenix4ge/db';
import { originalKey } from '@phoenix4ge/shared';

/** What a seeded library row is made of (everything the filters and sorts read). */
export type SeedRow = Omit<NewMedia, 'sha256' | 'storageKey' | 'modelId' | 'mimeType' | 'bytes'> & {
  originalFilename: string;
  mimeType?: string;
  bytes?: number;
};

/**
 * Inserts library rows for a model directly (no files: for listing, filter and sort tests, which never read them),
 * each with a unique content hash and a well-formed original key. Returns the ids in insertion order.
 */
export async function seedMedia(database: ReturnType<typeof createDb>, modelId: number, rows: SeedRow[]) {
  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += 500) {
    const batch = rows.slice(start, start + 500).map((row, index) => {
      const sha256 = createHash('sha256')
        .update(`${modelId}:${start + index}:${row.originalFilename}:${Math.random()}`)
        .digest('hex');
      return {
        mimeType: 'image/jpeg',
        bytes: 1000,
        ...row,
        modelId,
        sha256,
        storageKey: originalKey(modelId, sha256, 'jpg'),
      };
    });
    const inserted = await database.db.insert(media).values(batch).$returningId();
    ids.push(...inserted.map((row) => row.id));
  }
  return ids;
}

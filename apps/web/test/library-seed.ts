import { createHash } from 'node:crypto';
import { createPool } from '@phoenix4ge/db/client';
import type { DatabaseConfig } from '@phoenix4ge/shared/node';

export interface SeedRow {
  name: string;
  moderation?: 'pending' | 'approved' | 'rejected' | 'flagged';
  categoryId?: number | null;
  width?: number;
  height?: number;
  bytes?: number;
}

/**
 * Library rows written straight into the database (multi-row INSERTs of 1,000), without files: enough for the
 * grid, filters, selection and bulk actions, which never read the files. Approved unless said otherwise, so they
 * wait in no moderation queue (the all-models queue of another test file shares this database). Uploaded one second apart, in order,
 * so the first row is the oldest. Returns the model's ids, oldest first (seed a model once).
 */
export async function seedMedia(
  database: DatabaseConfig,
  modelId: number,
  rows: readonly SeedRow[],
): Promise<number[]> {
  const pool = createPool(database, { connectionLimit: 1 });
  const start = Date.UTC(2024, 0, 1);
  const ids: number[] = [];
  try {
    for (let offset = 0; offset < rows.length; offset += 1000) {
      const chunk = rows.slice(offset, offset + 1000);
      const values = chunk.map((row, index) => {
        const at = offset + index;
        const sha = createHash('sha256').update(`${modelId}/${at}/${row.name}`).digest('hex');
        const width = row.width ?? 1200;
        const height = row.height ?? 800;
        return [
          modelId,
          row.categoryId ?? null,
          row.name,
          'image/jpeg',
          row.bytes ?? 100_000 + at,
          width,
          height,
          sha,
          `originals/${sha}`,
          'ready',
          row.moderation ?? 'approved',
          new Date(start + at * 1000),
          width > height ? 'landscape' : width < height ? 'portrait' : 'square',
        ];
      });
      await pool.query(
        `INSERT INTO model_media_library
          (model_id, category_id, original_filename, mime_type, bytes, width, height, sha256, storage_key,
           processing_status, moderation_status, upload_date, orientation)
         VALUES ?`,
        [values],
      );
    }
    // Read back rather than counted from insertId: concurrent inserts may interleave auto-increment values.
    const [found] = await pool.query(
      'SELECT id FROM model_media_library WHERE model_id = ? ORDER BY upload_date, id',
      [modelId],
    );
    ids.push(...(found as { id: number }[]).map((row) => row.id));
  } finally {
    await pool.end();
  }
  return ids;
}

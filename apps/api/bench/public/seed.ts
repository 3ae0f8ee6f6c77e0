/**
 * What the public-delivery benchmark adds to the generated library: the web presets of the items it reads
 * (the generator writes only thumbnails), and real files behind the image URLs it fetches.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DbHandle } from '@phoenix4ge/db';
import { variantPresets } from '@phoenix4ge/shared';

const webPresets = variantPresets.filter((preset) => preset.name !== 'thumb');
const formats = ['avif', 'webp', 'jpeg'] as const;

/** The storage key of a benchmark variant (unique per item, version, preset and format). */
export const benchVariantKey = (mediaId: number, version: number, preset: string, format: string) =>
  `bench-public/${mediaId}/${version}/${preset}.${format}`;

/** Every web preset in AVIF, WebP and JPEG for these items' public versions, as the worker would record them. */
export async function addWebVariants(handle: DbHandle, mediaIds: number[]): Promise<number> {
  if (mediaIds.length === 0) return 0;
  const presets = webPresets
    .map((preset, index) => `SELECT '${preset.name}' AS preset, ${preset.width} AS width, ${index} AS n`)
    .join(' UNION ALL ');
  const formatRows = formats.map((format) => `SELECT '${format}' AS format`).join(' UNION ALL ');
  const [result] = await handle.pool.query(
    `INSERT IGNORE INTO media_variants (media_id, version, preset, format, width, height, bytes, storage_key)
     SELECT m.id, m.public_version, p.preset, f.format, LEAST(p.width, m.width),
            ROUND(m.height * LEAST(p.width, m.width) / m.width), 20000 + p.n * 40000,
            CONCAT('bench-public/', m.id, '/', m.public_version, '/', p.preset, '.', f.format)
     FROM model_media_library m CROSS JOIN (${presets}) p CROSS JOIN (${formatRows}) f
     WHERE m.id IN (?) AND m.public_version IS NOT NULL AND m.width IS NOT NULL`,
    [mediaIds],
  );
  return (result as { affectedRows: number }).affectedRows;
}

/** Removes what addWebVariants added (a kept library stays as the generator left it). */
export async function removeWebVariants(handle: DbHandle, mediaIds: number[]): Promise<void> {
  if (mediaIds.length === 0) return;
  await handle.pool.query(
    `DELETE FROM media_variants WHERE media_id IN (?) AND storage_key LIKE 'bench-public/%'`,
    [mediaIds],
  );
}

/** Writes `bytes` under the local storage root at each key. */
export async function writeStoredFiles(storageRoot: string, keys: string[], bytes: Buffer): Promise<void> {
  for (const key of keys) {
    const file = path.join(storageRoot, key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
  }
}

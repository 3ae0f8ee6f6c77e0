import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/** `count` distinct, photo-like 4000×3000 JPEGs (q90): a real photo scaled, tinted and hue-turned differently each. */
export async function makePhotos(dir: string, source: string, count: number): Promise<string[]> {
  const files: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const file = path.join(dir, `photo-${index}.jpg`);
    await sharp(source)
      .rotate()
      .resize(4000, 3000, { fit: 'cover' })
      .modulate({
        brightness: 0.85 + (index % 7) * 0.05,
        hue: index * 7,
        saturation: 0.8 + (index % 5) * 0.1,
      })
      .jpeg({ quality: 90 })
      .toFile(file);
    files.push(file);
  }
  return files;
}

/** Resident memory of a process in bytes (Linux /proc). */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) * 1024;
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

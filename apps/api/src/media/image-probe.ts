/** The only file of the api that imports sharp: header reads, and a cheap decode for suspicious JPEGs. */
import sharp from 'sharp';

sharp.cache(false);
// One libvips thread per operation: the api answers requests on the same cores as the worker's renders, and an
// edit preview (a ≤ 1,200 px copy) needs no more (BENCHMARKS: edits).
sharp.concurrency(1);

export interface HeaderProbe {
  format: string;
  /** For HEIF containers: `av1` (AVIF, decodable) or `hevc` (HEIC, not decodable by prebuilt libvips). */
  compression: string | undefined;
  width: number;
  /** Height of one frame. */
  height: number;
  pages: number;
}

/** Reads the image header only (no pixel decode), so a decompression bomb costs nothing here. */
export async function probeHeader(filePath: string): Promise<HeaderProbe> {
  const metadata = await sharp(filePath, { failOn: 'error', limitInputPixels: false }).metadata();
  return {
    format: metadata.format ?? 'unknown',
    compression: metadata.compression,
    width: metadata.width ?? 0,
    height: metadata.pageHeight ?? metadata.height ?? 0,
    pages: metadata.pages ?? 1,
  };
}

/** Decodes a JPEG at 1/8 scale (shrink-on-load keeps it cheap) and fails on truncation. */
export async function decodesCompletely(filePath: string, maxPixels: number): Promise<boolean> {
  try {
    await sharp(filePath, { failOn: 'truncated', limitInputPixels: maxPixels })
      .resize(32, 32, { fit: 'inside', fastShrinkOnLoad: true })
      .raw()
      .toBuffer();
    return true;
  } catch {
    return false;
  }
}

/** The only file of the api that imports sharp: header reads, and a cheap decode for files whose end is in doubt. */
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

/**
 * Whether every row of the image decodes with the worker's own strictness (`failOn: 'error'`), so what the api
 * accepts the worker can render. Only for files whose end is in doubt (a JPEG without its EOI at the end, a PNG
 * that stops before IEND): a JPEG decodes at 1/8 scale (shrink-on-load), other formats row by row into a
 * thumbnail, so memory stays small.
 */
export async function decodesCompletely(filePath: string, maxPixels: number): Promise<boolean> {
  try {
    await sharp(filePath, { failOn: 'error', limitInputPixels: maxPixels })
      .resize(32, 32, { fit: 'inside', fastShrinkOnLoad: true })
      .raw()
      .toBuffer();
    return true;
  } catch {
    return false;
  }
}

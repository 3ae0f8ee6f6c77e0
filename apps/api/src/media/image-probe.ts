/** The only file of the api that imports sharp: header reads, and a cheap decode for suspicious JPEGs. */
import { perceptualHash } from '@phoenix4ge/shared';
import sharp from 'sharp';

sharp.cache(false);

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

/**
 * The perceptual hash of the upright image, for the near-duplicate hint in the upload response. Same steps as
 * the worker (100 px copy, then 32×32 grey), with shrink-on-load, so it costs a fraction of a full decode.
 */
export async function uploadPerceptualHash(filePath: string, maxPixels: number): Promise<string> {
  const { data, info } = await sharp(filePath, { failOn: 'error', limitInputPixels: maxPixels })
    .rotate()
    .resize(100, 100, { fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const grey = await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } })
    .resize(32, 32, { fit: 'fill' })
    .greyscale()
    .raw()
    .toBuffer();
  return perceptualHash(grey);
}

/**
 * The only file of the worker that imports sharp. Cache off (each image is seen once), concurrency and pixel
 * limits set deliberately (NOTES: sharp/libvips).
 */
import sharp from 'sharp';

sharp.cache(false);

export interface ImageProbe {
  format: string;
  /** Stored (pre-orientation) size of the first frame. */
  width: number;
  height: number;
  pages: number;
  orientation: number;
  /** Size as displayed, after applying the EXIF orientation (5–8 swap width and height). */
  uprightWidth: number;
  uprightHeight: number;
}

export async function probeImage(filePath: string, maxPixels: number): Promise<ImageProbe> {
  const metadata = await sharp(filePath, { limitInputPixels: maxPixels, failOn: 'error' }).metadata();
  const width = metadata.width ?? 0;
  const height = metadata.pageHeight ?? metadata.height ?? 0;
  const orientation = metadata.orientation ?? 1;
  const swapped = orientation >= 5 && orientation <= 8;
  return {
    format: metadata.format ?? 'unknown',
    width,
    height,
    pages: metadata.pages ?? 1,
    orientation,
    uprightWidth: swapped ? height : width,
    uprightHeight: swapped ? width : height,
  };
}

/** Fully decodes the first frame at a small size: proves the file is readable end to end. */
export async function decodeCheck(filePath: string, maxPixels: number): Promise<void> {
  await sharp(filePath, { limitInputPixels: maxPixels, failOn: 'error' })
    .resize(64, 64, { fit: 'inside' })
    .raw()
    .toBuffer();
}

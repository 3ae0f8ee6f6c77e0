import sharp from 'sharp';
import { perceptualHash } from '../perceptual-hash';

/**
 * The perceptual hash of an image file, the one way both apps compute it (the api at upload for the
 * near-duplicate hint, the worker when the api could not), so hints and stored hashes always agree: the upright
 * image shrunk on load to 100 px, then a 32×32 grey square, then the DCT hash. A fraction of a full decode.
 */
export async function perceptualHashOfFile(filePath: string, maxPixels: number): Promise<string> {
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

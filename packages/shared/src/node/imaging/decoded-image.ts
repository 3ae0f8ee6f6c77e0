import type { OutputInfo } from 'sharp';
import sharp from 'sharp';

/** Raw 8-bit sRGB pixels of an upright image, decoded once. */
export interface DecodedImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** sharp's raw output as a `DecodedImage`, widened to sRGB when libvips kept one or two bands. */
export async function toDecodedImage({ data, info }: { data: Buffer; info: OutputInfo }): Promise<DecodedImage> {
  if (info.channels === 3 || info.channels === 4)
    return { data, width: info.width, height: info.height, channels: info.channels };
  const widened = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: widened.data,
    width: widened.info.width,
    height: widened.info.height,
    channels: widened.info.channels as 3 | 4,
  };
}

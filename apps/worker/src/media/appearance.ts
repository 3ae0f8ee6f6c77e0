import type { MediaColorData } from '@phoenix4ge/db';
import { perceptualHash } from '@phoenix4ge/shared';
import { rgbaToThumbHash } from 'thumbhash';
import { paletteOf } from './colours';
import type { DecodedImage } from './sharp';
import { greySquare, shrinkRgba } from './sharp';

/**
 * How a media looks before its files load: a ThumbHash placeholder and its colours, from a 100 px copy; with
 * `hash`, also the perceptual hash of what was decoded (an edited version), the same steps as
 * `perceptualHashOfFile` takes from a file.
 */
export async function appearanceOf(
  decoded: DecodedImage,
  options: { hash?: boolean } = {},
): Promise<{ placeholder: string; colours: MediaColorData & { dominant: string }; phash?: string }> {
  const small = await shrinkRgba(decoded, 100);
  const placeholder = Buffer.from(rgbaToThumbHash(small.width, small.height, small.data)).toString('base64');
  const phash = options.hash ? perceptualHash(await greySquare(small, 32)) : undefined;
  return { placeholder, colours: paletteOf(small.data), phash };
}

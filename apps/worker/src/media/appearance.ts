import type { MediaColorData } from '@phoenix4ge/db';
import { perceptualHash } from '@phoenix4ge/shared';
import { rgbaToThumbHash } from 'thumbhash';
import { paletteOf } from './colours';
import type { DecodedImage } from './sharp';
import { greySquare, shrinkRgba } from './sharp';

/**
 * How a media looks before its files load, all from one 100 px copy of the decode the variants are made from:
 * a ThumbHash placeholder, its colours and the perceptual hash (a 32×32 grey square of that copy, so hashing
 * costs a few KB of pixels, never a decode of its own). The only place a pHash is computed: processed and
 * edited versions hash alike, and near-duplicates compare like with like.
 */
export async function appearanceOf(
  decoded: DecodedImage,
): Promise<{ placeholder: string; colours: MediaColorData & { dominant: string }; phash: string }> {
  const small = await shrinkRgba(decoded, 100);
  const placeholder = Buffer.from(rgbaToThumbHash(small.width, small.height, small.data)).toString('base64');
  const phash = perceptualHash(await greySquare(small, 32));
  return { placeholder, colours: paletteOf(small.data), phash };
}

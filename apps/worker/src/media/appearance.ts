import type { MediaColorData } from '@phoenix4ge/db';
import { rgbaToThumbHash } from 'thumbhash';
import { paletteOf } from './colours';
import type { DecodedImage } from './sharp';
import { shrinkRgba } from './sharp';

/** How a media looks before its files load: a ThumbHash placeholder and its colours, from a 100 px copy. */
export async function appearanceOf(
  decoded: DecodedImage,
): Promise<{ placeholder: string; colours: MediaColorData & { dominant: string } }> {
  const small = await shrinkRgba(decoded, 100);
  const placeholder = Buffer.from(rgbaToThumbHash(small.width, small.height, small.data)).toString('base64');
  return { placeholder, colours: paletteOf(small.data) };
}

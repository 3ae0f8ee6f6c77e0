import sharp from 'sharp';
import type { EditOperation } from '../../schemas/edits';
import type { DecodedImage } from './decoded-image';
import { toDecodedImage } from './decoded-image';
import { exifDihedral, turnedSize } from './dihedral';
import { editPipeline, rawPixels } from './edit-operations';
import type { EditPlan } from './edit-plan';
import { changesPixels, planEdit } from './edit-plan';

/**
 * Decodes the first frame once, upright (all eight EXIF orientations), converted to 8-bit sRGB (CMYK and
 * 16-bit inputs included) and shrunk on load to at most `maxWidth` wide; every variant is derived from this.
 * Fails on damaged data instead of producing grey blocks.
 *
 * With `operations` (a saved edit): the list applied to the full-resolution upright original, then shrunk to
 * `maxWidth`, still from one decode; the file is read at only the resolution the output needs. `watermark`
 * operations change no pixels here.
 */
export async function decodeUpright(
  filePath: string,
  maxPixels: number,
  maxWidth: number,
  operations: readonly EditOperation[] = [],
): Promise<DecodedImage> {
  if (!changesPixels(operations)) return decodeAsUploaded(filePath, maxPixels, maxWidth);
  const input = { file: filePath, maxPixels };
  const metadata = await sharp(filePath, { limitInputPixels: maxPixels, failOn: 'error' }).metadata();
  const stored = { width: metadata.width ?? 0, height: metadata.pageHeight ?? metadata.height ?? 0 };
  const orientation = exifDihedral(metadata.orientation);
  const upright = turnedSize(stored, orientation);
  const plan = planEdit(operations, upright, { size: stored, orientation, scale: 1 }, { maxWidth });
  if (!plan.stages[0]?.preCrop || !shrinksOnLoad(metadata.format, plan)) {
    return rawPixels(await editPipeline(input, plan));
  }
  // A crop before a straighten is sharp's pre-resize extract, which turns shrink-on-load off: decode at the
  // working resolution first (shrink-on-load on), then edit that.
  const { data, info } = await sharp(filePath, { limitInputPixels: maxPixels, failOn: 'error' })
    .autoOrient()
    .resize(
      Math.max(1, Math.round(upright.width * plan.working)),
      Math.max(1, Math.round(upright.height * plan.working)),
      { fit: 'fill' },
    )
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const image = await toDecodedImage({ data, info });
  const scaled = planEdit(
    operations,
    upright,
    {
      size: { width: image.width, height: image.height },
      orientation: { flop: false, rotate: 0 },
      scale: image.width / upright.width,
    },
    { maxWidth },
  );
  return rawPixels(await editPipeline({ image }, scaled));
}

/** sharp's JPEG shrink-on-load starts at a factor of 3 (it backs off below that); WebP scales to any size. */
function shrinksOnLoad(format: string | undefined, plan: EditPlan) {
  if (format === 'jpeg') return plan.working <= 1 / 3;
  return format === 'webp' && plan.working < 1;
}

/** The upload's first processing: exactly the pixels every variant of an unedited item is made from. */
async function decodeAsUploaded(filePath: string, maxPixels: number, maxWidth: number) {
  const { data, info } = await sharp(filePath, { limitInputPixels: maxPixels, failOn: 'error' })
    .rotate()
    .resize({ width: maxWidth, withoutEnlargement: true })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return toDecodedImage({ data, info });
}

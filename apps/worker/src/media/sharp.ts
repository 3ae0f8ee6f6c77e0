/**
 * The only file of the worker that imports sharp (the upright decode and edits come from the shared imaging
 * engine, re-exported below). Cache off (each image is seen once), pixel limits and failOn
 * set on every input (NOTES: sharp/libvips). Everything else in the worker talks to images through here.
 */

import type { VariantFormat } from '@phoenix4ge/shared';
import type { DecodedImage } from '@phoenix4ge/shared/node';
import type { Sharp } from 'sharp';
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
  space: string | undefined;
  channels: number | undefined;
  depth: string | undefined;
  density: number | undefined;
  hasAlpha: boolean;
  hasProfile: boolean;
  isProgressive: boolean;
  compression: string | undefined;
  loop: number | undefined;
  /** The raw EXIF block libvips read with the header, if the file has one. */
  exif: Buffer | undefined;
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
    space: metadata.space,
    channels: metadata.channels,
    depth: metadata.depth,
    density: metadata.density,
    hasAlpha: metadata.hasAlpha ?? false,
    hasProfile: metadata.hasProfile ?? false,
    isProgressive: metadata.isProgressive ?? false,
    compression: metadata.compression,
    loop: metadata.loop,
    exif: metadata.exif,
  };
}

/**
 * The upright decode (with an operation list for an edited version) is shared with the api's preview, so it
 * lives in `@phoenix4ge/shared/node` (imaging); the worker reaches it through here like every other image call.
 */
export type { DecodedImage } from '@phoenix4ge/shared/node';
export { decodeUpright } from '@phoenix4ge/shared/node';

export interface SizeSpec {
  width: number;
  /** With a height: a cover crop around what draws attention (thumbnails). */
  height?: number;
  /** A PNG drawn over the result (the watermark), with its placement. */
  overlay?: { image: Buffer; gravity: WatermarkGravity };
  /** For a cover crop: the point (0–1 from the left and top) to keep in the middle, instead of attention. */
  focus?: { x: number; y: number };
}

/** The window of a `width`×`height` cover crop of an image, centred on `focus` as far as the edges allow. */
export function focusWindow(
  image: { width: number; height: number },
  target: { width: number; height: number },
  focus: { x: number; y: number },
) {
  const scale = Math.max(target.width / image.width, target.height / image.height);
  const scaled = {
    width: Math.max(target.width, Math.round(image.width * scale)),
    height: Math.max(target.height, Math.round(image.height * scale)),
  };
  const clamp = (value: number, max: number) => Math.min(Math.max(0, Math.round(value)), max);
  return {
    scaled,
    left: clamp(focus.x * scaled.width - target.width / 2, scaled.width - target.width),
    top: clamp(focus.y * scaled.height - target.height / 2, scaled.height - target.height),
  };
}

export type WatermarkGravity = 'northwest' | 'northeast' | 'southwest' | 'southeast' | 'centre';

function encoder(pipeline: Sharp, format: VariantFormat, quality: number, hasAlpha: boolean) {
  switch (format) {
    case 'webp':
      return pipeline.webp({ quality, effort: 4 });
    case 'avif':
      // effort 2: ~5× cheaper than the default for ~10 % more bytes (NOTES).
      return pipeline.avif({ quality: Math.max(1, quality - 25), effort: 2 });
    case 'jpeg':
      return (hasAlpha ? pipeline.flatten({ background: '#ffffff' }) : pipeline).jpeg({
        quality,
        progressive: true,
        chromaSubsampling: '4:2:0',
      });
  }
}

/**
 * The pixels of one preset, resized (or cover-cropped) from the decode and watermarked. Every format of the
 * preset is encoded from these: resizing once per preset instead of once per file saved 2–8 % of a 12 MP photo's
 * sharp CPU (BENCHMARKS.md, pipeline, tenth session).
 */
export async function variantPixels(image: DecodedImage, spec: SizeSpec): Promise<DecodedImage> {
  if (!spec.height && !spec.overlay && spec.width >= image.width) return image;
  const raw = { raw: { width: image.width, height: image.height, channels: image.channels } };
  let pipeline: Sharp;
  if (spec.height && spec.focus) {
    const target = { width: spec.width, height: spec.height };
    const crop = focusWindow(image, target, spec.focus);
    pipeline = sharp(
      await sharp(image.data, raw)
        .resize(crop.scaled.width, crop.scaled.height, { fit: 'fill' })
        .raw()
        .toBuffer(),
      { raw: { width: crop.scaled.width, height: crop.scaled.height, channels: image.channels } },
    ).extract({ left: crop.left, top: crop.top, ...target });
  } else {
    pipeline = spec.height
      ? sharp(image.data, raw).resize(spec.width, spec.height, {
          fit: 'cover',
          position: sharp.strategy.attention,
        })
      : sharp(image.data, raw).resize({ width: spec.width, withoutEnlargement: true });
  }
  if (spec.overlay) {
    // Composite applies after resize; resize first into a buffer so the overlay is scaled to the output size.
    const resized = await pipeline.raw().toBuffer({ resolveWithObject: true });
    pipeline = sharp(resized.data, {
      raw: { width: resized.info.width, height: resized.info.height, channels: resized.info.channels },
    }).composite([{ input: spec.overlay.image, gravity: spec.overlay.gravity }]);
  }
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels === 4 ? 4 : 3 };
}

/** Encodes one file from a preset's pixels (`variantPixels`); no EXIF, XMP, GPS or ICC data is written. */
export async function encodeVariant(pixels: DecodedImage, format: VariantFormat, quality: number) {
  const input = sharp(pixels.data, {
    raw: { width: pixels.width, height: pixels.height, channels: pixels.channels },
  });
  const { data, info } = await encoder(input, format, quality, pixels.channels === 4).toBuffer({
    resolveWithObject: true,
  });
  return { data, width: info.width, height: info.height };
}

/** Animated GIF/WebP: WebP variants keep every frame (JPEG variants use the first frame, from `decodeUpright`). */
export async function encodeAnimatedWebp(
  filePath: string,
  maxPixels: number,
  spec: { width: number; height?: number; quality: number },
) {
  const pipeline = sharp(filePath, { animated: true, limitInputPixels: maxPixels, failOn: 'error' });
  const resized = spec.height
    ? pipeline.resize(spec.width, spec.height, { fit: 'cover', position: 'centre' })
    : pipeline.resize({ width: spec.width, withoutEnlargement: true });
  const { data, info } = await resized
    .webp({ quality: spec.quality, effort: 4, loop: 0 })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.pageHeight ?? info.height };
}

/** A small RGBA copy (longest side `size`) for the placeholder and colours. */
export async function shrinkRgba(image: DecodedImage, size: number) {
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  })
    .resize(size, size, { fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The watermark from a picture: a fifth of the variant's width, faded to `opacity`. */
export async function imageOverlay(
  filePath: string,
  maxPixels: number,
  targetWidth: number,
  opacity: number,
): Promise<Buffer> {
  const width = Math.max(16, Math.round(targetWidth * 0.2));
  return sharp(filePath, { failOn: 'error', limitInputPixels: maxPixels })
    .rotate()
    .resize(width, width, { fit: 'inside' })
    .toColourspace('srgb')
    .ensureAlpha()
    .linear([1, 1, 1, opacity], [0, 0, 0, 0])
    .png()
    .toBuffer();
}

/** The watermark: white text with a soft shadow, rendered with a font shipped in node_modules (no network). */
export async function textOverlay(
  text: string,
  fontfile: string,
  targetWidth: number,
  opacity: number,
): Promise<Buffer> {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const rendered = await sharp({
    text: {
      text: `<span foreground="white">${escaped}</span>`,
      fontfile,
      font: 'DejaVu Sans Bold',
      width: Math.round(targetWidth * 0.3),
      dpi: Math.max(72, Math.round(targetWidth / 6)),
      rgba: true,
    },
  })
    .png()
    .toBuffer();
  const { width = 1, height = 1 } = await sharp(rendered).metadata();
  const pad = Math.max(8, Math.round(targetWidth * 0.02));
  return sharp({
    create: {
      width: width + pad * 2,
      height: height + pad * 2,
      channels: 4,
      background: { r: 0, g: 0, b: 0, alpha: 0 },
    },
  })
    .composite([{ input: rendered, top: pad, left: pad }])
    .linear([1, 1, 1, opacity], [0, 0, 0, 0])
    .png()
    .toBuffer();
}

/** The classifier's input: the upright image as exactly size×size 8-bit sRGB RGB (no alpha: flattened on white). */
export async function classifierInput(
  filePath: string,
  maxPixels: number,
  size = 224,
): Promise<{ data: Buffer; width: number; height: number; channels: 3 }> {
  const { data, info } = await sharp(filePath, { limitInputPixels: maxPixels, failOn: 'error' })
    .rotate()
    // fill, not cover: nsfwjs squashes the whole picture to a square itself (and was trained so); no edge is cut off.
    .resize(size, size, { fit: 'fill' })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || info.width !== size || info.height !== size) {
    throw new Error(`classifier input came out ${info.width}×${info.height}×${info.channels}`);
  }
  return { data, width: size, height: size, channels: 3 };
}

/** A `size`² grey copy of an RGBA image, stretched to the square (the perceptual hash's input). */
export async function greySquare(
  image: { data: Buffer; width: number; height: number },
  size: number,
): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .resize(size, size, { fit: 'fill' })
    .greyscale()
    .raw()
    .toBuffer();
}

/** Fixtures and pixel measures for the imaging specs (not shipped code: only `*.spec.ts` import this). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sharp } from 'sharp';
import sharp from 'sharp';
import type { DecodedImage } from './decoded-image';

export const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../../apps/api/test/fixtures/images',
);
export const fixture = (name: string) => path.join(fixtures, name);
export const MAX_PIXELS = 100_000_000;

/** sharp's own upright decode of a fixture (the reference every geometric expectation starts from). */
export async function upright(name: string, width?: number): Promise<DecodedImage> {
  const pipeline = sharp(fixture(name)).autoOrient();
  const { data, info } = await (width ? pipeline.resize({ width }) : pipeline)
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 3 | 4 };
}

export async function rawOf(pipeline: Sharp): Promise<DecodedImage> {
  const { data, info } = await pipeline
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 3 | 4 };
}

export const pipelineOf = (image: DecodedImage) =>
  sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });

/** The pixel at x, y as an array of its channels. */
export function pixel(image: DecodedImage, x: number, y: number): number[] {
  const at = (y * image.width + x) * image.channels;
  return [...image.data.subarray(at, at + image.channels)];
}

/** Mean absolute difference per channel value of two images of the same size and channels. */
export function meanAbsoluteDifference(a: DecodedImage, b: DecodedImage): number {
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels)
    throw new Error(`${a.width}×${a.height}×${a.channels} vs ${b.width}×${b.height}×${b.channels}`);
  let sum = 0;
  for (let index = 0; index < a.data.length; index += 1)
    sum += Math.abs((a.data[index] ?? 0) - (b.data[index] ?? 0));
  return sum / a.data.length;
}

/** Both images resized to `width`×`height` (3 channels) and compared. */
export async function resizedDifference(a: DecodedImage, b: DecodedImage, width: number, height: number) {
  const shrink = (image: DecodedImage) =>
    rawOf(pipelineOf(image).resize(width, height, { fit: 'fill' }).removeAlpha());
  return meanAbsoluteDifference(await shrink(a), await shrink(b));
}

const luma = (image: DecodedImage, index: number) =>
  0.2126 * (image.data[index] ?? 0) +
  0.7152 * (image.data[index + 1] ?? 0) +
  0.0722 * (image.data[index + 2] ?? 0);

/** Mean absolute luma step between neighbouring pixels (right and down): high for sharp detail, low for blur. */
export function edgeEnergy(image: DecodedImage): number {
  let sum = 0;
  let count = 0;
  const { width, height, channels } = image;
  for (let y = 0; y < height - 1; y += 1) {
    for (let x = 0; x < width - 1; x += 1) {
      const at = (y * width + x) * channels;
      const here = luma(image, at);
      sum +=
        Math.abs(luma(image, at + channels) - here) + Math.abs(luma(image, at + width * channels) - here);
      count += 2;
    }
  }
  return sum / count;
}

/** Mean and standard deviation of the colour channels (alpha left out). */
export function channelStats(image: DecodedImage) {
  let sum = 0;
  let squares = 0;
  let count = 0;
  for (let index = 0; index < image.data.length; index += image.channels) {
    for (let channel = 0; channel < 3; channel += 1) {
      const value = image.data[index + channel] ?? 0;
      sum += value;
      squares += value * value;
      count += 1;
    }
  }
  const mean = sum / count;
  return { mean, stdev: Math.sqrt(squares / count - mean * mean) };
}

/** The image with one row or column order reversed (the expected flip or flop). */
export function mirrored(image: DecodedImage, axis: 'rows' | 'columns'): DecodedImage {
  const { width, height, channels } = image;
  const data = Buffer.alloc(image.data.length);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const from =
        axis === 'rows'
          ? ((height - 1 - y) * width + x) * channels
          : (y * width + (width - 1 - x)) * channels;
      image.data.copy(data, (y * width + x) * channels, from, from + channels);
    }
  }
  return { ...image, data };
}

export const withAlpha = async (image: DecodedImage) => rawOf(pipelineOf(image).ensureAlpha());

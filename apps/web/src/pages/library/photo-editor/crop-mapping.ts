/**
 * Between the crop box on screen and the crop the editor keeps. The crop canvas shows the photo already turned,
 * mirrored and straightened (`crop-canvas-image.ts`), scaled to fit; the box and the image are both measured in
 * the canvas's CSS pixels, so the crop is the box's place on the image as fractions, whatever the scale. Those
 * fractions times the size `cropFrameSize` gives are the pixels `editGeometry` expects for the crop.
 */
import type { NormRect } from './edit-state';

/** A rectangle in CSS pixels, relative to the crop canvas. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** The crop box's place on the image, as fractions of it, clipped to the image. */
export function boxToCrop(box: Box, image: Box): NormRect {
  const left = clamp((box.x - image.x) / image.width, 0, 1);
  const top = clamp((box.y - image.y) / image.height, 0, 1);
  const right = clamp((box.x + box.width - image.x) / image.width, 0, 1);
  const bottom = clamp((box.y + box.height - image.y) / image.height, 0, 1);
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** Where a crop goes on the image shown at `image`. */
export function cropToBox(crop: NormRect, image: Box): Box {
  return {
    x: image.x + crop.x * image.width,
    y: image.y + crop.y * image.height,
    width: crop.width * image.width,
    height: crop.height * image.height,
  };
}

/** Whether a box lies on the image (half a pixel of slack for the canvas's rounding). */
export function boxInside(box: Box, image: Box, slack = 0.5): boolean {
  return (
    box.x >= image.x - slack &&
    box.y >= image.y - slack &&
    box.x + box.width <= image.x + image.width + slack &&
    box.y + box.height <= image.y + image.height + slack
  );
}

/** The largest box of `ratio` (width ÷ height) that fits in `frame`, centred in it: where the image is shown. */
export function containBox(frame: { width: number; height: number }, ratio: number): Box {
  let width = frame.width;
  let height = width / ratio;
  if (height > frame.height) {
    height = frame.height;
    width = height * ratio;
  }
  return { x: (frame.width - width) / 2, y: (frame.height - height) / 2, width, height };
}

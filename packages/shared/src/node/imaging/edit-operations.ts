/**
 * Renders an operation list with sharp, from a file or from already-decoded pixels, following an `EditPlan`:
 * one pipeline per planned stage and per further filter run; the caller picks the last pipeline's output
 * (raw pixels for the variants, JPEG for the preview), so no extra round trip is spent on it.
 */
import type { Sharp } from 'sharp';
import sharp from 'sharp';
import type { EditOperation, Size } from '../../schemas/edits';
import type { DecodedImage } from './decoded-image';
import { toDecodedImage } from './decoded-image';
import type { EditPlan, FilterRun, OutputBound, PlannedStage } from './edit-plan';
import { planEdit } from './edit-plan';

// Opaque, so an image without alpha gets none; the corners it fills are cut away with the margin anyway.
const corner = { r: 0, g: 0, b: 0 };

export type EditInput = { file: string; maxPixels: number } | { image: DecodedImage };

function open(input: EditInput): Sharp {
  return 'file' in input
    ? sharp(input.file, { limitInputPixels: input.maxPixels, failOn: 'error' })
    : sharp(input.image.data, {
        raw: { width: input.image.width, height: input.image.height, channels: input.image.channels },
      });
}

async function applyStage(pipeline: Sharp, stage: PlannedStage): Promise<Sharp> {
  // Call order matters: extract before resize is sharp's pre-resize extract; resize before rotate keeps the
  // rotation after it (and a resize to the same size costs nothing); extract after both is the post extract.
  let result = stage.preCrop ? pipeline.extract(stage.preCrop) : pipeline;
  result = result.resize(stage.resize.width, stage.resize.height, { fit: 'fill' });
  if (stage.flop) result = result.flop();
  if (stage.zoom) {
    const angle = (stage.rotate * Math.PI) / 180;
    const [cos, sin] = [stage.zoom * Math.cos(angle), stage.zoom * Math.sin(angle)];
    result = await materialise(
      result.affine([cos, -sin, sin, cos], { background: corner, interpolator: sharp.interpolators.bilinear }),
    );
  } else if (stage.rotate % 360 !== 0) {
    result = result.rotate(stage.rotate, { background: corner });
  }
  return stage.postCrop ? result.extract(stage.postCrop) : result;
}

function applyFilters(pipeline: Sharp, run: FilterRun): Sharp {
  let result = pipeline;
  if (run.blur) result = result.blur(run.blur);
  if (run.matrix) result = result.recomb(run.matrix);
  if (run.sharpen) result = result.sharpen({ sigma: run.sharpen });
  if (run.linear) result = result.linear(run.linear.a, run.linear.b);
  return result;
}

async function materialise(pipeline: Sharp): Promise<Sharp> {
  const image = await toDecodedImage(
    await pipeline.toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }),
  );
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });
}

/** The last pipeline of `plan` over `input`, ready for an output format (earlier stages already ran). */
export async function editPipeline(input: EditInput, plan: EditPlan): Promise<Sharp> {
  let pipeline = open(input);
  for (const [index, stage] of plan.stages.entries()) {
    if (index > 0) pipeline = await materialise(pipeline);
    pipeline = await applyStage(pipeline, stage);
  }
  for (const [index, run] of plan.filterRuns.entries()) {
    if (index > 0) pipeline = await materialise(pipeline);
    pipeline = applyFilters(pipeline, run);
  }
  return pipeline;
}

export async function rawPixels(pipeline: Sharp): Promise<DecodedImage> {
  return toDecodedImage(
    await pipeline.toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }),
  );
}

export interface ApplyEditOptions extends OutputBound {
  /** The image's pixels per upright original pixel (a 1200 px copy of a 4000 px original: 0.3). */
  scale: number;
  /** The upright original's size (crop rectangles are in its pixels); by default the image's size ÷ scale. */
  upright?: Size;
}

/**
 * The operation list applied to an upright decoded copy (`scale` maps the list's original pixels onto it),
 * never enlarging past the copy's resolution; `maxWidth`/`maxSize` bound the result.
 */
export async function applyEditOperations(
  image: DecodedImage,
  operations: readonly EditOperation[],
  options: ApplyEditOptions,
): Promise<DecodedImage> {
  const plan = planFor(image, operations, options);
  return rawPixels(await editPipeline({ image }, plan));
}

/** The plan of `applyEditOperations` (the preview reuses it with a JPEG output). */
export function planFor(image: DecodedImage, operations: readonly EditOperation[], options: ApplyEditOptions) {
  const upright = options.upright ?? {
    width: Math.round(image.width / options.scale),
    height: Math.round(image.height / options.scale),
  };
  return planEdit(
    operations,
    upright,
    {
      size: { width: image.width, height: image.height },
      orientation: { flop: false, rotate: 0 },
      scale: image.width / upright.width,
    },
    options,
  );
}

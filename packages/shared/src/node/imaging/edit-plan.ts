/**
 * Turns an operation list into as few sharp pipelines as the order allows (no sharp here: plain arithmetic,
 * tested on its own). One sharp pipeline runs its steps in a fixed order: extract → resize → flop → rotate →
 * extract → greyscale/blur/modulate/sharpen/linear. So:
 * - flips, flops, quarter turns (and the file's EXIF orientation) collapse into one `flop` + `rotate`;
 * - a crop after them is the second extract, mapped through later turns; resize operations only change how
 *   many pixels stand for one pixel of the operation list (the image is shrunk once, to what the output needs);
 * - a straighten (fine rotation) joins the quarter turn in one `rotate`, crops before it become the first
 *   extract, and its largest upright rectangle (kept 2 px inside, the content zoomed by a hair to make room)
 *   the second; a turn or another straighten after it starts a new pipeline;
 * - filters follow in runs of that fixed order (blur-then-sharpen is one run, sharpen-then-blur two).
 * Sizes in the list are "nominal" (upright original pixels, then each step's own); the planner works in the
 * pixels actually read and rounds only when it emits a stage.
 */
import type { EditOperation, PixelRect, Size } from '../../schemas/edits';
import {
  blurSigma,
  cropRect,
  editGeometry,
  largestUprightRectExact,
  rotatedBounds,
  sharpenSigma,
} from '../../schemas/edits';
import type { Dihedral, RealRect } from './dihedral';
import { compose, flipOnly, flopOnly, inverse, quarterTurn, turnedSize, turnRect } from './dihedral';

/** Pixels kept between a straightened window and the rotated picture's edge (antialiasing and rounding). */
const STRAIGHTEN_MARGIN = 2;

type Matrix = [[number, number, number], [number, number, number], [number, number, number]];

/**
 * Filters one sharp pipeline applies, in its order: blur → colour matrix (greyscale, brightness, saturation,
 * hue: one `recomb`, ~3× cheaper than sharp's `modulate` through LCh) → sharpen → linear (contrast).
 */
export interface FilterRun {
  blur?: number;
  matrix?: Matrix;
  sharpen?: number;
  linear?: { a: number; b: number };
}

/** Rec. 709 luma weights, the ones the SVG and CSS colour filters use. */
const R = 0.2126;
const G = 0.7152;
const B = 0.0722;

const greyMatrix: Matrix = [
  [R, G, B],
  [R, G, B],
  [R, G, B],
];

function multiply(second: Matrix, first: Matrix): Matrix {
  const cell = (i: 0 | 1 | 2, j: 0 | 1 | 2) =>
    second[i][0] * first[0][j] + second[i][1] * first[1][j] + second[i][2] * first[2][j];
  const row = (i: 0 | 1 | 2): [number, number, number] => [cell(i, 0), cell(i, 1), cell(i, 2)];
  return [row(0), row(1), row(2)];
}

/** Saturation, then hue (turned about the grey axis, as CSS `hue-rotate`), then brightness. */
function modulateMatrix(brightness: number, saturation: number, hue: number): Matrix {
  const s = saturation;
  const saturate: Matrix = [
    [R + (1 - R) * s, G - G * s, B - B * s],
    [R - R * s, G + (1 - G) * s, B - B * s],
    [R - R * s, G - G * s, B + (1 - B) * s],
  ];
  const cos = Math.cos((hue * Math.PI) / 180);
  const sin = Math.sin((hue * Math.PI) / 180);
  const turn: Matrix = [
    [R + cos * (1 - R) - sin * R, G - cos * G - sin * G, B - cos * B + sin * (1 - B)],
    [R - cos * R + sin * 0.143, G + cos * (1 - G) + sin * 0.14, B - cos * B - sin * 0.283],
    [R - cos * R - sin * (1 - R), G - cos * G + sin * G, B + cos * (1 - B) + sin * B],
  ];
  return multiply(
    [
      [brightness, 0, 0],
      [0, brightness, 0],
      [0, 0, brightness],
    ],
    multiply(turn, saturate),
  );
}

/** One sharp pipeline's geometry, in the pixels it reads. */
export interface PlannedStage {
  input: Size;
  preCrop?: PixelRect;
  /** After `preCrop`; equal to its size when nothing is scaled. */
  resize: Size;
  flop: boolean;
  /** Degrees clockwise: a quarter turn, or any angle when the stage straightens. */
  rotate: number;
  /**
   * A straighten at full resolution needs its picture a hair larger for the margin: the turn and the zoom are
   * then one affine step (sharp runs that after its extracts, so `postCrop` runs on the materialised result).
   */
  zoom?: number;
  postCrop?: PixelRect;
  output: Size;
}

export interface EditPlan {
  stages: PlannedStage[];
  /** The first run goes into the last stage's pipeline; each further run is one more pipeline. */
  filterRuns: FilterRun[];
  output: Size;
  /** The size the operation list gives at full resolution (`editGeometry(...).size`). */
  nominal: Size;
  /** Pixels per upright original pixel the work starts at (the source is shrunk to this first). */
  working: number;
}

/** What the plan reads: a file (stored orientation, full size) or a decoded upright copy at `scale`. */
export interface PlanSource {
  size: Size;
  /** Stored pixels → upright (EXIF orientation); the identity for an upright copy. */
  orientation: Dihedral;
  /** Pixels read per upright original pixel. */
  scale: number;
}

/** The output's limits: `maxWidth` (variants) and/or `maxSize` on the longer side (preview). Never enlarges. */
export interface OutputBound {
  maxWidth?: number;
  maxSize?: number;
}

export class EditGeometryError extends Error {
  constructor(readonly problems: { path: (string | number)[]; message: string }[]) {
    super(problems.map((problem) => `${problem.path.join('.')}: ${problem.message}`).join('; '));
    this.name = 'EditGeometryError';
  }
}

interface Draft {
  input: Size;
  dihedral: Dihedral;
  /** Resize factor of the stage (pixels after ÷ pixels read), before `zoom`. */
  scale: number;
  zoom: number;
  preCrop?: RealRect;
  /** Straighten angle; 0 for none. */
  fine: number;
  /** The straightened window, centred in the rotated bounds. */
  window?: Size;
  /** Without `fine`: in the turned frame; with it: relative to the window's corner. */
  postCrop?: RealRect;
}

const scaleRect = (rect: RealRect, by: number): RealRect => ({
  left: rect.left * by,
  top: rect.top * by,
  width: rect.width * by,
  height: rect.height * by,
});

const roundSize = (size: Size): Size => ({
  width: Math.max(1, Math.round(size.width)),
  height: Math.max(1, Math.round(size.height)),
});

function preSize(draft: Draft): Size {
  return draft.preCrop ? { width: draft.preCrop.width, height: draft.preCrop.height } : draft.input;
}

/** The stage's frame after resize and turns, in real pixels (what `postCrop` of an unstraightened stage is in). */
function turnedFrame(draft: Draft): Size {
  const size = preSize(draft);
  return turnedSize({ width: size.width * draft.scale, height: size.height * draft.scale }, draft.dihedral);
}

function pixelRect(rect: RealRect, within: Size, size?: Size): PixelRect {
  const width = Math.min(within.width, size?.width ?? Math.max(1, Math.round(rect.width)));
  const height = Math.min(within.height, size?.height ?? Math.max(1, Math.round(rect.height)));
  return {
    left: Math.min(within.width - width, Math.max(0, Math.round(rect.left))),
    top: Math.min(within.height - height, Math.max(0, Math.round(rect.top))),
    width,
    height,
  };
}

/** Rounds a draft into a stage; the last stage produces exactly `last` (the plan's output size). */
function finish(draft: Draft, last?: Size): PlannedStage {
  const preCrop = draft.preCrop ? pixelRect(draft.preCrop, draft.input) : undefined;
  const read = preCrop ?? draft.input;
  const base = { input: draft.input, ...(preCrop && { preCrop }), flop: draft.dihedral.flop };
  if (!draft.fine) {
    const resize =
      last && !draft.postCrop
        ? turnedSize(last, inverse(draft.dihedral))
        : roundSize({ width: read.width * draft.scale, height: read.height * draft.scale });
    const frame = turnedSize(resize, draft.dihedral);
    let postCrop: PixelRect | undefined;
    if (draft.postCrop) {
      const real = turnedFrame(draft);
      const rect = {
        left: (draft.postCrop.left * frame.width) / real.width,
        top: (draft.postCrop.top * frame.height) / real.height,
        width: (draft.postCrop.width * frame.width) / real.width,
        height: (draft.postCrop.height * frame.height) / real.height,
      };
      postCrop = pixelRect(rect, frame, last);
    }
    return {
      ...base,
      resize,
      rotate: draft.dihedral.rotate,
      ...(postCrop && { postCrop }),
      output: postCrop ? { width: postCrop.width, height: postCrop.height } : frame,
    };
  }
  // Enlarging with resize is slow (~3× a reduce) and interpolates twice: fold the zoom into a shrink when the
  // stage shrinks enough, else into the rotation's affine.
  const folded = draft.scale * draft.zoom <= 1;
  const resizeScale = folded ? draft.scale * draft.zoom : draft.scale;
  const resize = roundSize({ width: read.width * resizeScale, height: read.height * resizeScale });
  const turned = turnedSize(resize, draft.dihedral);
  const zoom = folded ? 1 : draft.zoom;
  // libvips sizes a rotation's output as its exact bounds, rounded to the nearest pixel.
  const bounds = roundSize(
    rotatedBounds({ width: turned.width * zoom, height: turned.height * zoom }, draft.fine),
  );
  const window = draft.window ?? bounds;
  const relative = draft.postCrop ?? { left: 0, top: 0, ...window };
  const postCrop = pixelRect(
    {
      ...relative,
      left: (bounds.width - window.width) / 2 + relative.left,
      top: (bounds.height - window.height) / 2 + relative.top,
    },
    bounds,
    last,
  );
  return {
    ...base,
    resize,
    rotate: draft.dihedral.rotate + draft.fine,
    ...(!folded && { zoom }),
    postCrop,
    output: { width: postCrop.width, height: postCrop.height },
  };
}

/**
 * The filters in their listed order as few pipelines as possible, with strengths for an image whose longer
 * side is `longSide`. Blur and the colour matrix are linear, so they swap freely (two blurs are one, two
 * matrices their product); sharpen and contrast are not, so anything listed after them starts a new run.
 */
export function planFilters(operations: readonly EditOperation[], longSide: number): FilterRun[] {
  const runs: FilterRun[] = [];
  let run: FilterRun = {};
  const open = (closedBy: (keyof FilterRun)[]) => {
    if (closedBy.some((key) => run[key] !== undefined)) {
      runs.push(run);
      run = {};
    }
    return run;
  };
  const addMatrix = (matrix: Matrix) => {
    const target = open(['sharpen', 'linear']);
    target.matrix = target.matrix ? multiply(matrix, target.matrix) : matrix;
  };
  for (const operation of operations) {
    switch (operation.type) {
      case 'grayscale':
        addMatrix(greyMatrix);
        break;
      case 'blur': {
        if (operation.amount <= 0) break;
        const sigma = blurSigma(operation.amount, longSide);
        const target = open(['sharpen', 'linear']);
        target.blur = Math.hypot(target.blur ?? 0, sigma);
        break;
      }
      case 'sharpen':
        if (operation.amount > 0) open(['sharpen', 'linear']).sharpen = sharpenSigma(operation.amount, longSide);
        break;
      case 'modulate': {
        const brightness = operation.brightness ?? 1;
        const saturation = operation.saturation ?? 1;
        const hue = operation.hue ?? 0;
        if (brightness !== 1 || saturation !== 1 || hue !== 0) addMatrix(modulateMatrix(brightness, saturation, hue));
        break;
      }
      case 'contrast': {
        // Around middle grey: −100 flattens to grey, 100 doubles the distance from it.
        const a = 1 + operation.amount / 100;
        if (a === 1) break;
        const target = open([]);
        target.linear = target.linear
          ? { a: a * target.linear.a, b: a * target.linear.b + 128 * (1 - a) }
          : { a, b: 128 * (1 - a) };
        break;
      }
      default:
        break;
    }
  }
  if (Object.keys(run).length > 0) runs.push(run);
  return runs;
}

/** Whether the list changes pixels at all (`watermark` alone does not). */
export const changesPixels = (operations: readonly EditOperation[]) =>
  operations.some((operation) => operation.type !== 'watermark');

export function planEdit(
  operations: readonly EditOperation[],
  upright: Size,
  source: PlanSource,
  bound: OutputBound,
): EditPlan {
  const geometry = editGeometry(operations, upright);
  if (geometry.problems.length > 0) throw new EditGeometryError(geometry.problems);
  const nominal = geometry.size;
  const fit = Math.min(
    1,
    bound.maxWidth ? bound.maxWidth / nominal.width : 1,
    bound.maxSize ? bound.maxSize / Math.max(nominal.width, nominal.height) : 1,
  );
  // How much the list's own resizes shrink: the source is read at only the resolution the output needs.
  let shrink = 1;
  operations.forEach((operation, index) => {
    if (operation.type !== 'resize') return;
    const before = index === 0 ? upright : (geometry.sizes[index - 1] ?? upright);
    shrink *= (geometry.sizes[index]?.width ?? before.width) / before.width;
  });
  const working = Math.min(source.scale, fit * shrink);
  /** Pixels per nominal pixel of the current step. */
  let ratio = working;
  let current = upright;
  const stages: PlannedStage[] = [];
  let draft: Draft = {
    input: source.size,
    dihedral: source.orientation,
    scale: working / source.scale,
    zoom: 1,
    fine: 0,
  };
  const next = () => {
    const done = finish(draft);
    stages.push(done);
    draft = { input: done.output, dihedral: { flop: false, rotate: 0 }, scale: 1, zoom: 1, fine: 0 };
  };
  const turn = (dihedral: Dihedral) => {
    if (draft.fine) next();
    if (draft.postCrop) draft.postCrop = turnRect(draft.postCrop, turnedFrame(draft), dihedral);
    draft.dihedral = compose(draft.dihedral, dihedral);
  };

  operations.forEach((operation, index) => {
    const after = geometry.sizes[index] ?? current;
    switch (operation.type) {
      case 'crop': {
        const rect = cropRect(operation, current);
        const real = scaleRect(
          { ...rect, width: after.width, height: after.height } satisfies RealRect,
          ratio,
        );
        const origin = draft.postCrop ?? { left: 0, top: 0 };
        draft.postCrop = { ...real, left: origin.left + real.left, top: origin.top + real.top };
        break;
      }
      case 'flip':
        turn(flipOnly);
        break;
      case 'flop':
        turn(flopOnly);
        break;
      case 'rotate':
        if (operation.angle === 90 || operation.angle === 180 || operation.angle === 270) {
          turn(quarterTurn(operation.angle));
        } else if (operation.angle !== 0) {
          if (draft.fine) next();
          if (draft.postCrop) {
            // A crop before the straighten becomes the stage's first extract, in the pixels it reads.
            const unturned = turnRect(draft.postCrop, turnedFrame(draft), inverse(draft.dihedral));
            draft.preCrop = scaleRect(unturned, 1 / draft.scale);
            draft.postCrop = undefined;
          }
          const window = { width: after.width * ratio, height: after.height * ratio };
          const inside = largestUprightRectExact(turnedFrame(draft), operation.angle);
          draft.fine = operation.angle;
          draft.window = window;
          draft.zoom = Math.max(
            1,
            (window.width + 2 * STRAIGHTEN_MARGIN) / inside.width,
            (window.height + 2 * STRAIGHTEN_MARGIN) / inside.height,
          );
        }
        break;
      case 'resize':
        ratio *= current.width / after.width;
        break;
      default:
        break;
    }
    current = after;
  });
  const output = roundSize({ width: nominal.width * ratio, height: nominal.height * ratio });
  stages.push(finish(draft, output));
  return {
    stages,
    filterRuns: planFilters(operations, Math.max(output.width, output.height)),
    output,
    nominal,
    working,
  };
}

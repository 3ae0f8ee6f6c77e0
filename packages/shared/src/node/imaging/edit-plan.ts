/**
 * Turns an operation list into as few sharp pipelines as the order allows (no sharp here: plain arithmetic,
 * tested on its own). One sharp pipeline runs its steps in a fixed order: extract → resize → flop → rotate →
 * extract → blur → recomb → sharpen → linear. So:
 * - flips, flops, quarter turns (and the file's EXIF orientation) collapse into one `flop` + `rotate`;
 * - a crop after them is the second extract, mapped through later turns; resize operations only change how
 *   many pixels stand for one pixel of the operation list (the image is shrunk once, to what the output needs);
 * - a straighten (fine rotation) joins the quarter turn in one `rotate`, crops before it become the first
 *   extract, and its largest upright rectangle (kept 2 px inside, the content zoomed by a hair to make room)
 *   the second; a turn or another straighten after it starts a new pipeline;
 * - filters follow in runs of that fixed order (`filter-plan.ts`).
 * Sizes in the list are "nominal" (upright original pixels, then each step's own); the planner works in the
 * pixels actually read and rounds only when it emits a stage.
 */
import type { EditOperation, PixelRect, Size } from '../../schemas/edits';
import { cropRect, editGeometry, largestUprightRectExact } from '../../schemas/edits';
import type { Dihedral, RealRect } from './dihedral';
import { compose, flipOnly, flopOnly, inverse, quarterTurn, turnedSize, turnRect } from './dihedral';
import type { FilterRun } from './filter-plan';
import { planFilters } from './filter-plan';
import { turnedLayout } from './turned-layout';

/** Pixels kept between a straightened window and the rotated picture's edge (antialiasing and rounding). */
const STRAIGHTEN_MARGIN = 2;

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
  const zoom = folded ? 1 : draft.zoom;
  // sharp turns the resized (and flopped) picture by the quarter turn and the straighten together.
  const { bounds, centre } = turnedLayout(resize, draft.dihedral.rotate + draft.fine, zoom);
  const window = draft.window ?? bounds;
  const relative = draft.postCrop ?? { left: 0, top: 0, ...window };
  const postCrop = pixelRect(
    {
      ...relative,
      left: centre.x - (window.width - 1) / 2 + relative.left,
      top: centre.y - (window.height - 1) / 2 + relative.top,
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

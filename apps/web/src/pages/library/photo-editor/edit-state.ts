/**
 * What the photo editor holds while editing, and the changes its buttons make, as pure functions. The state
 * describes the whole edit from the upright original (a saved version is a full operation list, never a change
 * on top of the previous one), in the order it compiles to (`edit-compiler.ts`): quarter turns, then mirrors,
 * then straightening, then the crop, then the filters.
 *
 * Turning or mirroring what the user sees is re-expressed in that order: a turn after a mirror swaps which
 * mirror it is (turning a left↔right mirrored photo a quarter equals mirroring the turned photo top↔bottom), a
 * mirror after straightening negates the angle, and the crop turns and mirrors with the photo, so the part of
 * the photo the user chose stays chosen.
 */
import type { CropAspect, EditOperation } from '@phoenix4ge/shared';
import { cropAspects } from '@phoenix4ge/shared';

/** A rectangle as fractions (0–1) of the width and height of the image it lies on. */
export interface NormRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const FULL_FRAME: NormRect = { x: 0, y: 0, width: 1, height: 1 };

export type QuarterTurns = 0 | 1 | 2 | 3;

export interface AspectLock {
  name: CropAspect;
  /** A quarter turn swapped it: 4:5 now frames 5:4. */
  turned: boolean;
}

export type ResizeOperation = Extract<EditOperation, { type: 'resize' }>;

export interface EditorState {
  /** Clockwise quarter turns. */
  quarterTurns: QuarterTurns;
  /** Mirrored left↔right after the turns (sharp's `flop`). */
  flipHorizontal: boolean;
  /** Mirrored top↔bottom after the turns (sharp's `flip`). Never both: both is a half turn. */
  flipVertical: boolean;
  /** Fine rotation in degrees (−45…45, clockwise), keeping the largest upright rectangle. */
  straighten: number;
  /** What is kept, as fractions of the image after the turns, mirrors and straightening. */
  crop: NormRect;
  aspect: AspectLock | null;
  /** 0–100, the seed's scale. */
  blur: number;
  /** 0–100. */
  sharpen: number;
  /** −100…100 %: the multiplier 1 + value/100. */
  brightness: number;
  /** −100…100 %: the multiplier 1 + value/100. */
  saturation: number;
  /** −180…180°. */
  hue: number;
  /** −100…100. */
  contrast: number;
  grayscale: boolean;
  /** A resize of the version opened, kept as it is (the editor has no control for it). */
  resize: ResizeOperation | null;
  /** This item's watermark: on, off, or `null` for the model's setting. */
  watermark: boolean | null;
}

export const initialEditorState: EditorState = {
  quarterTurns: 0,
  flipHorizontal: false,
  flipVertical: false,
  straighten: 0,
  crop: FULL_FRAME,
  aspect: null,
  blur: 0,
  sharpen: 0,
  brightness: 0,
  saturation: 0,
  hue: 0,
  contrast: 0,
  grayscale: false,
  resize: null,
  watermark: null,
};

export type Adjustment = 'blur' | 'sharpen' | 'brightness' | 'saturation' | 'hue' | 'contrast';

/** The sliders' ranges. */
export const adjustmentRanges: Record<Adjustment, { min: number; max: number; step: number }> = {
  blur: { min: 0, max: 100, step: 1 },
  sharpen: { min: 0, max: 100, step: 1 },
  brightness: { min: -100, max: 100, step: 1 },
  saturation: { min: -100, max: 100, step: 1 },
  hue: { min: -180, max: 180, step: 1 },
  contrast: { min: -100, max: 100, step: 1 },
};

export const STRAIGHTEN_LIMIT = 45;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** The crop turned a quarter clockwise (`1`) or anticlockwise (`-1`) with its image. */
export function turnRect(rect: NormRect, direction: 1 | -1): NormRect {
  return direction === 1
    ? { x: 1 - rect.y - rect.height, y: rect.x, width: rect.height, height: rect.width }
    : { x: rect.y, y: 1 - rect.x - rect.width, width: rect.height, height: rect.width };
}

export function mirrorRect(rect: NormRect, axis: 'horizontal' | 'vertical'): NormRect {
  return axis === 'horizontal'
    ? { ...rect, x: 1 - rect.x - rect.width }
    : { ...rect, y: 1 - rect.y - rect.height };
}

/** Both mirrors at once are a half turn. */
function normaliseMirrors(state: EditorState): EditorState {
  if (!state.flipHorizontal || !state.flipVertical) return state;
  return {
    ...state,
    flipHorizontal: false,
    flipVertical: false,
    quarterTurns: ((state.quarterTurns + 2) % 4) as QuarterTurns,
  };
}

/** "Rotate right" (1) or "rotate left" (−1) of what the user sees. */
export function rotateQuarter(state: EditorState, direction: 1 | -1): EditorState {
  return {
    ...state,
    quarterTurns: ((state.quarterTurns + direction + 4) % 4) as QuarterTurns,
    // A turn after a mirror is the other mirror after the turn.
    flipHorizontal: state.flipVertical,
    flipVertical: state.flipHorizontal,
    crop: turnRect(state.crop, direction),
    aspect: state.aspect ? { ...state.aspect, turned: !state.aspect.turned } : null,
  };
}

/** "Flip horizontal" / "flip vertical" of what the user sees. */
export function mirror(state: EditorState, axis: 'horizontal' | 'vertical'): EditorState {
  return normaliseMirrors({
    ...state,
    flipHorizontal: axis === 'horizontal' ? !state.flipHorizontal : state.flipHorizontal,
    flipVertical: axis === 'vertical' ? !state.flipVertical : state.flipVertical,
    // Mirroring a photo turned by a° is turning the mirrored photo by −a°.
    straighten: state.straighten === 0 ? 0 : -state.straighten,
    crop: mirrorRect(state.crop, axis),
  });
}

/** The aspect (width ÷ height) a lock frames. */
export function lockRatio(aspect: AspectLock): number {
  const ratio = cropAspects[aspect.name];
  return aspect.turned ? 1 / ratio : ratio;
}

/**
 * The largest rectangle of `ratio` (in pixels, width ÷ height) inside `within`, centred on it, on an image whose
 * width ÷ height is `imageAspect`.
 */
export function fitAspect(within: NormRect, ratio: number, imageAspect: number): NormRect {
  // In fractions, a rectangle of pixel ratio r has width/height = r / imageAspect.
  const fractionRatio = ratio / imageAspect;
  let width = within.width;
  let height = width / fractionRatio;
  if (height > within.height) {
    height = within.height;
    width = height * fractionRatio;
  }
  const x = clamp(within.x + (within.width - width) / 2, 0, 1 - width);
  const y = clamp(within.y + (within.height - height) / 2, 0, 1 - height);
  return { x, y, width, height };
}

/**
 * Locks the crop to an aspect preset (or frees it with `null`): the largest rectangle of that aspect inside the
 * current crop, centred on it. A preset keeps the way it was turned when chosen again. `imageAspect` is the
 * width ÷ height of the image the crop lies on.
 */
export function setAspect(state: EditorState, name: CropAspect | null, imageAspect: number): EditorState {
  if (name === null) return { ...state, aspect: null };
  const aspect = { name, turned: state.aspect?.name === name ? state.aspect.turned : false };
  return { ...state, aspect, crop: fitAspect(state.crop, lockRatio(aspect), imageAspect) };
}

/** A crop drawn by the user: kept inside the image, and at the locked aspect if there is one. */
export function setCrop(state: EditorState, crop: NormRect, imageAspect: number): EditorState {
  if (![crop.x, crop.y, crop.width, crop.height, imageAspect].every(Number.isFinite)) return state;
  const width = clamp(crop.width, 0.001, 1);
  const height = clamp(crop.height, 0.001, 1);
  const inside = { x: clamp(crop.x, 0, 1 - width), y: clamp(crop.y, 0, 1 - height), width, height };
  return {
    ...state,
    crop: state.aspect ? fitAspect(inside, lockRatio(state.aspect), imageAspect) : inside,
  };
}

/**
 * A new straightening angle. The image the crop lies on changes shape a little (the largest upright rectangle of
 * the turned photo), so a locked aspect is fitted again.
 */
export function setStraighten(state: EditorState, degrees: number, imageAspectAfter: number): EditorState {
  const straighten = clamp(Math.round(degrees * 10) / 10, -STRAIGHTEN_LIMIT, STRAIGHTEN_LIMIT);
  const next = { ...state, straighten };
  return state.aspect
    ? { ...next, crop: fitAspect(state.crop, lockRatio(state.aspect), imageAspectAfter) }
    : next;
}

export function resetCrop(state: EditorState): EditorState {
  return {
    ...state,
    quarterTurns: 0,
    flipHorizontal: false,
    flipVertical: false,
    straighten: 0,
    crop: FULL_FRAME,
    aspect: null,
  };
}

export function resetAdjustments(state: EditorState): EditorState {
  const { blur, sharpen, brightness, saturation, hue, contrast, grayscale } = initialEditorState;
  return { ...state, blur, sharpen, brightness, saturation, hue, contrast, grayscale };
}

export const isFullFrame = (crop: NormRect) =>
  crop.x <= 1e-6 && crop.y <= 1e-6 && crop.width >= 1 - 1e-6 && crop.height >= 1 - 1e-6;

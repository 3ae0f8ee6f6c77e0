/**
 * The editor's state as the operation list a saved version stores (and back, for the version the editor opens).
 * Order: quarter turn → mirror (`flip` top↔bottom, `flop` left↔right) → straighten (fine rotate) → crop, in the
 * pixels those produced → the version's resize, if it had one → modulate → contrast → grayscale → blur → sharpen
 * → watermark. The colour changes come before grayscale so they still matter to its tones; blur and sharpen last,
 * on the final tones.
 */
import type { EditOperation, PixelRect, Size } from '@phoenix4ge/shared';
import { cropAspects, cropRect, editGeometry } from '@phoenix4ge/shared';
import type { AspectLock, EditorState, NormRect, QuarterTurns } from './edit-state';
import { initialEditorState, isFullFrame, lockRatio } from './edit-state';

/** The geometric operations before the crop: turns, mirrors, straightening. */
export function geometryOperations(state: EditorState): EditOperation[] {
  const operations: EditOperation[] = [];
  if (state.quarterTurns !== 0)
    operations.push({ type: 'rotate', angle: (state.quarterTurns * 90) as 90 | 180 | 270 });
  if (state.flipVertical) operations.push({ type: 'flip' });
  if (state.flipHorizontal) operations.push({ type: 'flop' });
  if (state.straighten !== 0) operations.push({ type: 'rotate', angle: state.straighten });
  return operations;
}

/** The size, in the original's pixels, of the image the crop lies on. */
export function cropFrameSize(state: EditorState, upright: Size): Size {
  return editGeometry(geometryOperations(state), upright).size;
}

/**
 * A crop in fractions as whole pixels of a `size` image, always inside it (at least one pixel) and at the
 * locked aspect when there is one; `undefined` when it keeps the whole image.
 */
export function cropPixels(crop: NormRect, size: Size, aspect: AspectLock | null): PixelRect | undefined {
  if (isFullFrame(crop) && !aspect) return undefined;
  const left = Math.min(size.width - 1, Math.max(0, Math.round(crop.x * size.width)));
  const top = Math.min(size.height - 1, Math.max(0, Math.round(crop.y * size.height)));
  let width = Math.min(size.width - left, Math.max(1, Math.round(crop.width * size.width)));
  let height = Math.min(size.height - top, Math.max(1, Math.round(crop.height * size.height)));
  if (aspect) {
    const ratio = lockRatio(aspect);
    height = Math.max(1, Math.round(width / ratio));
    if (height > size.height - top) {
      height = size.height - top;
      width = Math.min(size.width - left, Math.max(1, Math.round(height * ratio)));
    }
  }
  if (left === 0 && top === 0 && width === size.width && height === size.height) return undefined;
  return { left, top, width, height };
}

const multiplier = (percent: number) => Math.round((1 + percent / 100) * 1000) / 1000;
const percentOf = (value: number) => Math.round((value - 1) * 100 * 100) / 100;

/** The operation list of an editor state, for an original whose upright size is `upright`. */
export function compileOperations(state: EditorState, upright: Size): EditOperation[] {
  const operations = geometryOperations(state);
  const crop = cropPixels(state.crop, cropFrameSize(state, upright), state.aspect);
  if (crop) operations.push({ type: 'crop', ...crop });
  if (state.resize) operations.push(state.resize);
  if (state.brightness !== 0 || state.saturation !== 0 || state.hue !== 0) {
    operations.push({
      type: 'modulate',
      ...(state.brightness !== 0 ? { brightness: multiplier(state.brightness) } : {}),
      ...(state.saturation !== 0 ? { saturation: multiplier(state.saturation) } : {}),
      ...(state.hue !== 0 ? { hue: state.hue } : {}),
    });
  }
  if (state.contrast !== 0) operations.push({ type: 'contrast', amount: state.contrast });
  if (state.grayscale) operations.push({ type: 'grayscale' });
  if (state.blur > 0) operations.push({ type: 'blur', amount: state.blur });
  if (state.sharpen > 0) operations.push({ type: 'sharpen', amount: state.sharpen });
  if (state.watermark !== null) operations.push({ type: 'watermark', enabled: state.watermark });
  return operations;
}

export const sameOperations = (a: readonly EditOperation[], b: readonly EditOperation[]) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * How the editor can show a saved version: `exact` (saving it unchanged stores the same list), `approximate`
 * (the editor's order or ranges differ a little: filters in another order or twice, a brightness past the
 * slider), or
 * `unsupported` (an order the editor cannot express, such as a crop before a turn; the editor starts from the
 * original).
 */
export type Fidelity = 'exact' | 'approximate' | 'unsupported';

/** Stages of the editor's order; an operation from an earlier stage after a later one is not expressible. */
const stageOf: Record<EditOperation['type'], number> = {
  rotate: 0,
  flip: 1,
  flop: 1,
  crop: 3,
  resize: 4,
  modulate: 5,
  contrast: 5,
  grayscale: 5,
  blur: 5,
  sharpen: 5,
  watermark: 6,
};

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** The editor state of a saved operation list (over an original of upright size `upright`). */
export function stateFromOperations(
  operations: readonly EditOperation[],
  upright: Size,
): { state: EditorState; fidelity: Fidelity } {
  const state: EditorState = { ...initialEditorState };
  const seen = new Set<string>();
  let stage = 0;
  // A filter twice (the seed's blur route adds a blur to whatever the current version has): the last one is kept.
  let repeated = false;
  const unsupported = { state: { ...initialEditorState }, fidelity: 'unsupported' as const };

  for (const [index, operation] of operations.entries()) {
    const fine = operation.type === 'rotate' && operation.angle > -90 && operation.angle < 90;
    const at = fine ? 2 : stageOf[operation.type];
    // Filters may come in any order; geometry only in the editor's order, each step once.
    if (at < stage || (at >= 2 && at <= 4 && seen.has(fine ? 'straighten' : operation.type)))
      return unsupported;
    if (at === 5 && seen.has(operation.type)) repeated = true;
    stage = at;
    seen.add(fine ? 'straighten' : operation.type);
    switch (operation.type) {
      case 'rotate':
        if (fine) state.straighten = operation.angle;
        else state.quarterTurns = ((state.quarterTurns + operation.angle / 90) % 4) as QuarterTurns;
        break;
      case 'flip':
        state.flipVertical = !state.flipVertical;
        break;
      case 'flop':
        state.flipHorizontal = !state.flipHorizontal;
        break;
      case 'crop': {
        const size = editGeometry(operations.slice(0, index), upright).size;
        const rect = cropRect(operation, size);
        state.crop = {
          x: rect.left / size.width,
          y: rect.top / size.height,
          width: rect.width / size.width,
          height: rect.height / size.height,
        };
        state.aspect = operation.aspect
          ? { name: operation.aspect, turned: false }
          : presetOf(rect.width, rect.height);
        break;
      }
      case 'resize':
        state.resize = operation;
        break;
      case 'modulate':
        state.brightness = clamp(percentOf(operation.brightness ?? 1), -100, 100);
        state.saturation = clamp(percentOf(operation.saturation ?? 1), -100, 100);
        state.hue = operation.hue ?? 0;
        break;
      case 'contrast':
        state.contrast = operation.amount;
        break;
      case 'grayscale':
        state.grayscale = true;
        break;
      case 'blur':
        state.blur = operation.amount;
        break;
      case 'sharpen':
        state.sharpen = operation.amount;
        break;
      case 'watermark':
        state.watermark = operation.enabled;
        break;
    }
  }
  if (state.flipHorizontal && state.flipVertical) return unsupported;
  const fidelity =
    !repeated && sameOperations(compileOperations(state, upright), operations) ? 'exact' : 'approximate';
  return { state, fidelity };
}

/** The preset a saved crop of `width`×`height` pixels was made with, when it is exactly one (either way up). */
function presetOf(width: number, height: number): AspectLock | null {
  for (const [name, ratio] of Object.entries(cropAspects) as [AspectLock['name'], number][]) {
    if (Math.max(1, Math.round(width / ratio)) === height) return { name, turned: false };
    if (name !== '1:1' && Math.max(1, Math.round(width * ratio)) === height) return { name, turned: true };
  }
  return null;
}

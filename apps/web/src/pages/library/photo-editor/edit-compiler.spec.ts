import type { EditOperation, Size } from '@phoenix4ge/shared';
import { EditOperationsSchema, editGeometry } from '@phoenix4ge/shared';
import { describe, expect, it } from 'vitest';
import { boxToCrop, containBox, cropToBox } from './crop-mapping';
import { compileOperations, cropFrameSize, stateFromOperations } from './edit-compiler';
import type { EditorState, NormRect } from './edit-state';
import { initialEditorState, mirror, rotateQuarter, setAspect, setCrop, setStraighten } from './edit-state';
import { describeOperations } from './edit-summary';

// ---- A tiny reference renderer: a grid of labelled pixels, turned, mirrored and cropped like sharp does ----
type Grid = string[][];
const gridOf = (width: number, height: number): Grid =>
  Array.from({ length: height }, (_, y) => Array.from({ length: width }, (_, x) => `${x},${y}`));
const turnRight = (grid: Grid): Grid =>
  Array.from({ length: grid[0]?.length ?? 0 }, (_, y) =>
    Array.from({ length: grid.length }, (_, x) => grid[grid.length - 1 - x]?.[y] ?? '?'),
  );
const mirrorLeftRight = (grid: Grid): Grid => grid.map((row) => [...row].reverse());
const mirrorTopBottom = (grid: Grid): Grid => [...grid].reverse();
const cut = (grid: Grid, rect: { left: number; top: number; width: number; height: number }): Grid =>
  grid.slice(rect.top, rect.top + rect.height).map((row) => row.slice(rect.left, rect.left + rect.width));

function render(grid: Grid, operations: readonly EditOperation[]): Grid {
  return operations.reduce((image, operation) => {
    switch (operation.type) {
      case 'rotate':
        if (operation.angle === 90) return turnRight(image);
        if (operation.angle === 180) return turnRight(turnRight(image));
        if (operation.angle === 270) return turnRight(turnRight(turnRight(image)));
        throw new Error('fine rotation is not modelled here');
      case 'flip':
        return mirrorTopBottom(image);
      case 'flop':
        return mirrorLeftRight(image);
      case 'crop': {
        const { left = 0, top = 0, width = 0, height = 0 } = operation;
        return cut(image, { left, top, width, height });
      }
      default:
        return image;
    }
  }, grid);
}

const sizeOf = (grid: Grid): Size => ({ width: grid[0]?.length ?? 0, height: grid.length });
/** The crop the user draws on what they see, in whole pixels of it. */
const pixelsToCrop = (
  rect: { left: number; top: number; width: number; height: number },
  size: Size,
): NormRect => ({
  x: rect.left / size.width,
  y: rect.top / size.height,
  width: rect.width / size.width,
  height: rect.height / size.height,
});

describe('compileOperations', () => {
  const upright = { width: 4000, height: 3000 };

  it('compiles an untouched state to no operations', () => {
    expect(compileOperations(initialEditorState, upright)).toEqual([]);
  });

  it('orders turns, mirrors, straightening, crop and filters', () => {
    let state = rotateQuarter(initialEditorState, 1);
    state = mirror(state, 'horizontal');
    state = setStraighten(state, 3.04, 1);
    state = {
      ...state,
      crop: { x: 0.1, y: 0.2, width: 0.5, height: 0.5 },
      brightness: 20,
      hue: -30,
      contrast: 15,
      grayscale: true,
      blur: 12,
      sharpen: 40,
      watermark: false,
    };
    const frame = cropFrameSize(state, upright);
    const operations = compileOperations(state, upright);
    expect(operations).toEqual([
      { type: 'rotate', angle: 90 },
      { type: 'flop' },
      { type: 'rotate', angle: 3 },
      {
        type: 'crop',
        left: Math.round(0.1 * frame.width),
        top: Math.round(0.2 * frame.height),
        width: Math.round(0.5 * frame.width),
        height: Math.round(0.5 * frame.height),
      },
      { type: 'modulate', brightness: 1.2, hue: -30 },
      { type: 'contrast', amount: 15 },
      { type: 'grayscale' },
      { type: 'blur', amount: 12 },
      { type: 'sharpen', amount: 40 },
      { type: 'watermark', enabled: false },
    ]);
    expect(EditOperationsSchema.safeParse(operations).success).toBe(true);
    expect(editGeometry(operations, upright).problems).toEqual([]);
  });

  it('renders what the user saw: crops, turns and mirrors in any order', () => {
    const original = gridOf(5, 3);
    // Each step as the user sees it (on the grid shown) and as the editor records it.
    const cropped = { left: 1, top: 0, width: 3, height: 2 };
    const steps: {
      name: string;
      edit: (state: EditorState, seen: Grid) => EditorState;
      view: (seen: Grid) => Grid;
    }[] = [
      {
        name: 'crop',
        edit: (state, seen) =>
          setCrop(state, pixelsToCrop(cropped, sizeOf(seen)), sizeOf(seen).width / sizeOf(seen).height),
        view: (seen) => cut(seen, cropped),
      },
      { name: 'right', edit: (state) => rotateQuarter(state, 1), view: turnRight },
      { name: 'mirror left-right', edit: (state) => mirror(state, 'horizontal'), view: mirrorLeftRight },
      {
        name: 'left',
        edit: (state) => rotateQuarter(state, -1),
        view: (seen) => turnRight(turnRight(turnRight(seen))),
      },
      { name: 'mirror top-bottom', edit: (state) => mirror(state, 'vertical'), view: mirrorTopBottom },
      { name: 'right again', edit: (state) => rotateQuarter(state, 1), view: turnRight },
      {
        name: 'mirror left-right again',
        edit: (state) => mirror(state, 'horizontal'),
        view: mirrorLeftRight,
      },
    ];
    let seen = original;
    let state: EditorState = initialEditorState;
    for (const step of steps) {
      state = step.edit(state, seen);
      seen = step.view(seen);
      const operations = compileOperations(state, sizeOf(original));
      expect(render(original, operations), `after ${step.name}: ${describeOperations(operations)}`).toEqual(
        seen,
      );
      expect(state.flipHorizontal && state.flipVertical).toBe(false);
    }
  });

  it('negates the straightening angle when the photo is mirrored', () => {
    const state = mirror(setStraighten(initialEditorState, 5, 1), 'vertical');
    expect(state.straighten).toBe(-5);
    expect(compileOperations(state, upright)).toEqual([{ type: 'flip' }, { type: 'rotate', angle: -5 }]);
  });

  it('crops to a 4:5 preset exactly, and turns it to 5:4 with the photo', () => {
    const cropped = setAspect(initialEditorState, '4:5', upright.width / upright.height);
    expect(compileOperations(cropped, upright)).toEqual([
      { type: 'crop', left: 800, top: 0, width: 2400, height: 3000 },
    ]);
    const turned = rotateQuarter(cropped, 1);
    const operations = compileOperations(turned, upright);
    expect(operations).toEqual([
      { type: 'rotate', angle: 90 },
      { type: 'crop', left: 0, top: 800, width: 3000, height: 2400 },
    ]);
    expect(editGeometry(operations, upright)).toMatchObject({
      size: { width: 3000, height: 2400 },
      problems: [],
    });
  });

  it('keeps a locked aspect exact after straightening changes the frame', () => {
    let state = setAspect(initialEditorState, '4:5', 4 / 3);
    state = setStraighten(state, 7.5, cropFrameSize({ ...state, straighten: 7.5 }, upright).width / 3000);
    const operations = compileOperations(state, upright);
    const crop = operations.find((operation) => operation.type === 'crop');
    expect(crop?.type === 'crop' && Math.abs((crop.width ?? 0) / (crop.height ?? 1) - 0.8)).toBeLessThan(
      0.001,
    );
    expect(editGeometry(operations, upright).problems).toEqual([]);
  });

  it('always stays inside the image, whatever the turns, straightening and crop', () => {
    const crops: NormRect[] = [
      { x: 0, y: 0, width: 1, height: 1 },
      { x: 0.999, y: 0.999, width: 0.001, height: 0.001 },
      { x: 0.3333, y: 0.6667, width: 0.6667, height: 0.3333 },
    ];
    for (const size of [upright, { width: 31, height: 4001 }, { width: 1, height: 1 }]) {
      for (const quarterTurns of [0, 1, 2, 3] as const) {
        for (const straighten of [-45, -0.1, 0, 12.3, 45]) {
          for (const crop of crops) {
            const state = { ...initialEditorState, quarterTurns, straighten, crop };
            const operations = compileOperations(state, size);
            expect(editGeometry(operations, size).problems, JSON.stringify(state)).toEqual([]);
            expect(EditOperationsSchema.safeParse(operations).success).toBe(true);
          }
        }
      }
    }
  });
});

describe('the crop box on screen → the crop in pixels', () => {
  const upright = { width: 4000, height: 3000 };
  const canvas = { width: 800, height: 600 };

  it('maps the box on an unturned photo shown at a fifth of its size', () => {
    const state = initialEditorState;
    const frame = cropFrameSize(state, upright);
    const image = containBox(canvas, frame.width / frame.height);
    expect(image).toEqual({ x: 0, y: 0, width: 800, height: 600 });
    const crop = boxToCrop({ x: 100, y: 60, width: 400, height: 300 }, image);
    expect(compileOperations(setCrop(state, crop, 4 / 3), upright)).toEqual([
      { type: 'crop', left: 500, top: 300, width: 2000, height: 1500 },
    ]);
  });

  it('maps the box after a quarter turn: the frame is the turned photo, letterboxed in the canvas', () => {
    const state = rotateQuarter(initialEditorState, 1);
    const frame = cropFrameSize(state, upright);
    expect(frame).toEqual({ width: 3000, height: 4000 });
    const image = containBox(canvas, frame.width / frame.height);
    expect(image).toEqual({ x: 175, y: 0, width: 450, height: 600 });
    // The top 15/16 of the turned photo, its full width; a box hanging past the image is clipped to it.
    const crop = boxToCrop({ x: 170, y: -4, width: 460, height: 566.5 }, image);
    expect(crop).toEqual({ x: 0, y: 0, width: 1, height: 0.9375 });
    const operations = compileOperations(setCrop(state, crop, frame.width / frame.height), upright);
    expect(operations).toEqual([
      { type: 'rotate', angle: 90 },
      { type: 'crop', left: 0, top: 0, width: 3000, height: 3750 },
    ]);
    expect(editGeometry(operations, upright)).toMatchObject({
      size: { width: 3000, height: 3750 },
      problems: [],
    });
  });

  it('puts a saved crop back where it was on screen', () => {
    const image = { x: 175, y: 0, width: 450, height: 600 };
    const crop = { x: 0.1, y: 0.25, width: 0.5, height: 0.5 };
    const box = cropToBox(crop, image);
    expect(box).toEqual({ x: 220, y: 150, width: 225, height: 300 });
    expect(boxToCrop(box, image)).toEqual(crop);
  });
});

describe('stateFromOperations', () => {
  const upright = { width: 4000, height: 3000 };

  it('reads back what the editor saved, exactly', () => {
    let state = setAspect(rotateQuarter(initialEditorState, -1), '3:2', 3 / 4);
    state = mirror(state, 'horizontal');
    state = { ...state, saturation: -35, contrast: -20, blur: 33, watermark: true };
    const operations = compileOperations(state, upright);
    const read = stateFromOperations(operations, upright);
    expect(read.fidelity).toBe('exact');
    expect(compileOperations(read.state, upright)).toEqual(operations);
    expect(read.state.aspect).toEqual({ name: '3:2', turned: false });
  });

  it('reads the original and a version from the blur route', () => {
    expect(stateFromOperations([], upright)).toEqual({ state: initialEditorState, fidelity: 'exact' });
    expect(stateFromOperations([{ type: 'blur', amount: 40 }], upright)).toMatchObject({
      state: { blur: 40 },
      fidelity: 'exact',
    });
  });

  it('resolves an aspect-preset crop to pixels (the same picture, another list)', () => {
    const read = stateFromOperations([{ type: 'crop', aspect: '1:1' }], upright);
    expect(read.fidelity).toBe('approximate');
    expect(compileOperations(read.state, upright)).toEqual([
      { type: 'crop', left: 500, top: 0, width: 3000, height: 3000 },
    ]);
  });

  it('calls filters in another order approximate, and an order it cannot express unsupported', () => {
    expect(
      stateFromOperations(
        [
          { type: 'blur', amount: 10 },
          { type: 'modulate', brightness: 1.1 },
        ],
        upright,
      ).fidelity,
    ).toBe('approximate');
    const crop: EditOperation = { type: 'crop', left: 0, top: 0, width: 10, height: 10 };
    expect(stateFromOperations([crop, { type: 'rotate', angle: 90 }], upright)).toEqual({
      state: initialEditorState,
      fidelity: 'unsupported',
    });
    const twice: EditOperation = { type: 'crop', left: 0, top: 0, width: 10, height: 10 };
    expect(stateFromOperations([twice, twice], upright).fidelity).toBe('unsupported');
  });

  it('keeps the geometry of a version blurred twice by the seed route, with the last blur', () => {
    const read = stateFromOperations(
      [
        { type: 'rotate', angle: 90 },
        { type: 'crop', left: 0, top: 0, width: 1500, height: 2000 },
        { type: 'blur', amount: 10 },
        { type: 'blur', amount: 30 },
      ],
      upright,
    );
    expect(read.fidelity).toBe('approximate');
    expect(compileOperations(read.state, upright)).toEqual([
      { type: 'rotate', angle: 90 },
      { type: 'crop', left: 0, top: 0, width: 1500, height: 2000 },
      { type: 'blur', amount: 30 },
    ]);
  });
});

describe('describeOperations', () => {
  it('says what a version did', () => {
    expect(describeOperations([])).toBe('Original');
    expect(
      describeOperations([
        { type: 'rotate', angle: 270 },
        { type: 'crop', left: 0, top: 0, width: 960, height: 1200 },
        { type: 'modulate', brightness: 1.25 },
        { type: 'grayscale' },
      ]),
    ).toBe('Rotated 90° left · Cropped to 960×1200 · Brightness +25% · Black and white');
  });
});

import { describe, expect, it } from 'vitest';
import type { EditOperation } from '../../schemas/edits';
import { blurSigma, editGeometry } from '../../schemas/edits';
import { exifDihedral, identity } from './dihedral';
import { EditGeometryError, planEdit } from './edit-plan';
import { planFilters } from './filter-plan';

const photo = { width: 4000, height: 3000 };
const file = { size: photo, orientation: identity, scale: 1 };
const plan = (operations: EditOperation[], bound = {}) => planEdit(operations, photo, file, bound);

describe('planEdit: pipelines', () => {
  it('does a crop, turns, mirrors, another crop and every filter in one pipeline', () => {
    const result = plan([
      { type: 'crop', left: 100, top: 200, width: 3000, height: 2000 },
      { type: 'rotate', angle: 90 },
      { type: 'flip' },
      { type: 'flop' },
      { type: 'crop', left: 10, top: 20, width: 1000, height: 1500 },
      { type: 'rotate', angle: 180 },
      { type: 'grayscale' },
      { type: 'blur', amount: 10 },
      { type: 'modulate', brightness: 1.2 },
      { type: 'sharpen', amount: 30 },
      { type: 'contrast', amount: 20 },
    ]);
    expect(result.stages).toHaveLength(1);
    expect(result.filterRuns).toHaveLength(1);
    expect(result.stages[0]).toMatchObject({
      rotate: 90,
      flop: false,
      output: { width: 1000, height: 1500 },
    });
  });

  it('maps crops through the turns after them, in the source pixels', () => {
    // Turned 90° then cropped: the crop's top-left in the turned image is the bottom-left in the original.
    const [stage] = plan([
      { type: 'rotate', angle: 90 },
      { type: 'crop', left: 0, top: 0, width: 100, height: 50 },
    ]).stages;
    expect(stage).toMatchObject({
      resize: photo,
      rotate: 90,
      postCrop: { left: 0, top: 0, width: 100, height: 50 },
    });
  });

  it('straightens with the crops before and after it in one pipeline', () => {
    const result = plan([
      { type: 'crop', aspect: '4:5' },
      { type: 'rotate', angle: 90 },
      { type: 'rotate', angle: 8 },
      { type: 'crop', left: 10, top: 10, width: 500, height: 400 },
    ]);
    expect(result.stages).toHaveLength(1);
    expect(result.stages[0]).toMatchObject({
      preCrop: { left: 800, top: 0, width: 2400, height: 3000 },
      rotate: 98,
      output: { width: 500, height: 400 },
    });
  });

  it('starts a new pipeline for a turn or a second straighten after a straighten', () => {
    expect(
      plan([
        { type: 'rotate', angle: 8 },
        { type: 'rotate', angle: 90 },
      ]).stages,
    ).toHaveLength(2);
    expect(
      plan([{ type: 'rotate', angle: 8 }, { type: 'rotate', angle: -3 }, { type: 'flop' }]).stages,
    ).toHaveLength(3);
  });

  it('produces exactly the size editGeometry gives, at full resolution', () => {
    const lists: EditOperation[][] = [
      [{ type: 'crop', aspect: '16:9', x: 0.2, y: 0.9, scale: 0.7 }],
      [
        { type: 'rotate', angle: -13.7 },
        { type: 'crop', aspect: '2:3' },
      ],
      [
        { type: 'resize', maxWidth: 1234 },
        { type: 'rotate', angle: 270 },
        { type: 'rotate', angle: 44 },
      ],
      [
        { type: 'rotate', angle: 3 },
        { type: 'flop' },
        { type: 'rotate', angle: 45 },
        { type: 'crop', aspect: '1:1' },
      ],
    ];
    for (const operations of lists) {
      expect(plan(operations).output).toEqual(editGeometry(operations, photo).size);
      expect(plan(operations).stages.at(-1)?.output).toEqual(editGeometry(operations, photo).size);
    }
  });

  it('reads the source at only the resolution the output needs', () => {
    const cropped = plan([{ type: 'crop', aspect: '4:5' }], { maxWidth: 1200 });
    expect(cropped.working).toBeCloseTo(0.5);
    expect(cropped.stages[0]?.resize).toEqual({ width: 2000, height: 1500 });
    expect(cropped.output).toEqual({ width: 1200, height: 1500 });
    // The list's own resize already brings 4000 px to 1000: the source is shrunk once, straight to that.
    const resized = plan([{ type: 'resize', maxWidth: 1000 }], { maxWidth: 1920 });
    expect(resized.working).toBeCloseTo(0.25);
    expect(resized.output).toEqual({ width: 1000, height: 750 });
    // A preview never asks more of its copy than it has: a 400 px crop of a 0.3 copy comes out 120 px.
    const copy = planEdit(
      [{ type: 'crop', left: 0, top: 0, width: 400, height: 400 }],
      photo,
      { size: { width: 1200, height: 900 }, orientation: identity, scale: 0.3 },
      { maxSize: 1200 },
    );
    expect(copy.output).toEqual({ width: 120, height: 120 });
  });

  it('crops an EXIF-turned file in upright pixels (stored 3000×4000, orientation 6)', () => {
    const [stage] = planEdit(
      [{ type: 'crop', left: 0, top: 0, width: 100, height: 50 }],
      photo,
      { size: { width: 3000, height: 4000 }, orientation: exifDihedral(6), scale: 1 },
      {},
    ).stages;
    expect(stage).toMatchObject({
      resize: { width: 3000, height: 4000 },
      rotate: 90,
      postCrop: { width: 100 },
    });
  });

  it('refuses a crop outside the image with the problems of editGeometry', () => {
    expect(() => plan([{ type: 'crop', left: 3999, top: 0, width: 2, height: 2 }])).toThrow(
      EditGeometryError,
    );
  });
});

describe('planFilters', () => {
  it('keeps filters in one run where the order allows and sizes strengths to the output', () => {
    const runs = planFilters(
      [
        { type: 'blur', amount: 30 },
        { type: 'modulate', saturation: 0.5 },
        { type: 'blur', amount: 40 },
        { type: 'grayscale' },
      ],
      2000,
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]?.blur).toBeCloseTo(Math.hypot(blurSigma(30, 2000), blurSigma(40, 2000)));
    // Greyscale after the saturation change: every row of the product is the same.
    const matrix = runs[0]?.matrix;
    expect(matrix?.[0]).toEqual(matrix?.[1]);
    expect(matrix?.[1]).toEqual(matrix?.[2]);
  });

  it('opens a new run for a filter listed after sharpen or contrast, and skips no-ops', () => {
    expect(
      planFilters(
        [
          { type: 'sharpen', amount: 50 },
          { type: 'blur', amount: 10 },
        ],
        1000,
      ),
    ).toHaveLength(2);
    expect(
      planFilters(
        [
          { type: 'contrast', amount: 20 },
          { type: 'contrast', amount: -20 },
        ],
        1000,
      ),
    ).toHaveLength(1);
    expect(
      planFilters(
        [
          { type: 'blur', amount: 0 },
          { type: 'modulate' },
          { type: 'contrast', amount: 0 },
          { type: 'watermark', enabled: false },
        ],
        1000,
      ),
    ).toEqual([]);
  });
});

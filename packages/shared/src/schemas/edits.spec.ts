import { describe, expect, it } from 'vitest';
import {
  cropAspects,
  cropRect,
  EditApplyInputSchema,
  editGeometry,
  largestUprightRect,
  largestUprightRectExact,
  resizedSize,
  rotatedBounds,
  watermarkOverride,
} from './edits';

const photo = { width: 4000, height: 3000 };

describe('largestUprightRect', () => {
  it('is the whole image unturned and swaps nothing at 0°', () => {
    expect(largestUprightRect(photo, 0)).toEqual(photo);
  });

  it('matches the closed form for a small turn of a landscape', () => {
    // Fully constrained case: w' = (w cos − h sin) / cos 2θ, h' = (h cos − w sin) / cos 2θ.
    const angle = (5 * Math.PI) / 180;
    const cos2 = Math.cos(2 * angle);
    expect(largestUprightRect(photo, 5)).toEqual({
      width: Math.floor((4000 * Math.cos(angle) - 3000 * Math.sin(angle)) / cos2),
      height: Math.floor((3000 * Math.cos(angle) - 4000 * Math.sin(angle)) / cos2),
    });
  });

  it('is the same for ±angle, loses area as the angle grows, and fits inside the rotated bounds', () => {
    let previous = photo;
    for (const degrees of [1, 5, 10, 20, 30, 45]) {
      const rect = largestUprightRect(photo, degrees);
      expect(largestUprightRect(photo, -degrees)).toEqual(rect);
      // The area falls; past the half-constrained point the rectangle gets narrower but taller.
      expect(rect.width * rect.height).toBeLessThan(previous.width * previous.height);
      const bounds = rotatedBounds(photo, degrees);
      expect(rect.width).toBeLessThan(bounds.width);
      expect(rect.height).toBeLessThan(bounds.height);
      previous = rect;
    }
  });

  it('keeps all four corners inside the turned image (checked by turning them back)', () => {
    for (const size of [photo, { width: 1200, height: 1800 }, { width: 4096, height: 800 }]) {
      for (const degrees of [-45, -17, 3, 30, 45]) {
        const rect = largestUprightRectExact(size, degrees);
        const angle = (degrees * Math.PI) / 180;
        for (const [sx, sy] of [
          [-1, -1],
          [1, -1],
          [1, 1],
          [-1, 1],
        ] as const) {
          const x = (sx * rect.width) / 2;
          const y = (sy * rect.height) / 2;
          // Back into the unturned image's frame (centre at 0, 0).
          const u = x * Math.cos(angle) + y * Math.sin(angle);
          const v = -x * Math.sin(angle) + y * Math.cos(angle);
          expect(Math.abs(u)).toBeLessThanOrEqual(size.width / 2 + 1e-6);
          expect(Math.abs(v)).toBeLessThanOrEqual(size.height / 2 + 1e-6);
        }
      }
    }
  });

  it('uses the half-constrained form for a long panorama turned far', () => {
    // 4096×800 at 30°: the short side limits, two corners touch the long sides.
    const rect = largestUprightRectExact({ width: 4096, height: 800 }, 30);
    expect(rect.width).toBeCloseTo(400 / Math.sin(Math.PI / 6), 6);
    expect(rect.height).toBeCloseTo(400 / Math.cos(Math.PI / 6), 6);
  });
});

describe('cropRect', () => {
  it('returns a rectangle as given', () => {
    expect(cropRect({ type: 'crop', left: 10, top: 20, width: 300, height: 400 }, photo)).toEqual({
      left: 10,
      top: 20,
      width: 300,
      height: 400,
    });
  });

  it('resolves every aspect preset to the largest centred rectangle of that ratio', () => {
    for (const [aspect, ratio] of Object.entries(cropAspects)) {
      const rect = cropRect({ type: 'crop', aspect: aspect as keyof typeof cropAspects }, photo);
      expect(rect.width / rect.height).toBeCloseTo(ratio, 2);
      expect(rect.width === photo.width || rect.height === photo.height).toBe(true);
      expect(Math.abs(rect.left * 2 + rect.width - photo.width)).toBeLessThanOrEqual(1);
      expect(Math.abs(rect.top * 2 + rect.height - photo.height)).toBeLessThanOrEqual(1);
    }
  });

  it('places and scales an aspect crop, kept inside the image', () => {
    expect(cropRect({ type: 'crop', aspect: '1:1', scale: 0.5, x: 0, y: 0 }, photo)).toEqual({
      left: 0,
      top: 0,
      width: 1500,
      height: 1500,
    });
    expect(cropRect({ type: 'crop', aspect: '1:1', scale: 0.5, x: 1, y: 1 }, photo)).toEqual({
      left: 2500,
      top: 1500,
      width: 1500,
      height: 1500,
    });
  });
});

describe('resizedSize', () => {
  it('fits inside the box and never enlarges', () => {
    expect(resizedSize({ type: 'resize', maxWidth: 1000 }, photo)).toEqual({ width: 1000, height: 750 });
    expect(resizedSize({ type: 'resize', maxHeight: 600 }, photo)).toEqual({ width: 800, height: 600 });
    expect(resizedSize({ type: 'resize', maxWidth: 1000, maxHeight: 100 }, photo)).toEqual({
      width: 133,
      height: 100,
    });
    expect(resizedSize({ type: 'resize', maxWidth: 9000, maxHeight: 9000 }, photo)).toEqual(photo);
  });
});

describe('editGeometry', () => {
  it('walks the sizes: crop, quarter turn, straighten, resize; flips and filters keep the size', () => {
    const { size, sizes, problems } = editGeometry(
      [
        { type: 'crop', left: 0, top: 0, width: 3000, height: 2000 },
        { type: 'rotate', angle: 90 },
        { type: 'flip' },
        { type: 'rotate', angle: 10 },
        { type: 'blur', amount: 20 },
        { type: 'resize', maxWidth: 500 },
      ],
      photo,
    );
    const straightened = largestUprightRect({ width: 2000, height: 3000 }, 10);
    expect(problems).toEqual([]);
    expect(sizes).toEqual([
      { width: 3000, height: 2000 },
      { width: 2000, height: 3000 },
      { width: 2000, height: 3000 },
      straightened,
      straightened,
      resizedSize({ type: 'resize', maxWidth: 500 }, straightened),
    ]);
    expect(size).toEqual(sizes.at(-1));
  });

  it('measures a crop after a turn in the turned pixels', () => {
    const ops = [
      { type: 'rotate' as const, angle: 90 as const },
      { type: 'crop' as const, left: 0, top: 3500, width: 3000, height: 500 },
    ];
    expect(editGeometry(ops, photo).problems).toEqual([]);
    expect(editGeometry(ops.slice(1), photo).problems).toHaveLength(1);
  });

  it('names the field of a crop past the right or bottom edge, with the operation index', () => {
    const { problems } = editGeometry(
      [
        { type: 'flop' },
        { type: 'crop', left: 3900, top: 0, width: 200, height: 100 },
        { type: 'crop', left: 0, top: 0, width: 50, height: 60 },
        { type: 'crop', left: 0, top: 10, width: 10, height: 100 },
        { type: 'crop', left: 60, top: 0, width: 10, height: 10 },
      ],
      photo,
    );
    expect(problems.map((problem) => problem.path)).toEqual([
      [1, 'width'],
      [3, 'height'],
      [4, 'left'],
    ]);
    expect(problems[0]?.message).toMatch(/right edge of the 4000×3000 image/);
    expect(problems[1]?.message).toMatch(/bottom edge of the 50×60 image/);
    expect(problems[2]?.message).toMatch(/right edge of the 10×50 image/);
  });

  it('reports a crop entirely below the image at its top', () => {
    const { problems } = editGeometry([{ type: 'crop', left: 0, top: 3000, width: 10, height: 10 }], photo);
    expect(problems.map((problem) => problem.path)).toEqual([[0, 'top']]);
  });
});

describe('the schemas around the geometry', () => {
  const parse = (operations: unknown[]) =>
    EditApplyInputSchema.safeParse({ mediaId: 1, baseVersion: 0, operations });
  const paths = (operations: unknown[]) => {
    const result = parse(operations);
    return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
  };

  it('names the missing parts of a crop rectangle and a zero-size crop', () => {
    expect(paths([{ type: 'crop', left: 0, top: 0 }])).toEqual(['operations.0.width', 'operations.0.height']);
    expect(paths([{ type: 'crop', left: 0, top: 0, width: 0, height: 10 }])).toEqual(['operations.0.width']);
    expect(paths([{ type: 'crop' }])).toEqual(['operations.0.aspect']);
  });

  it('refuses a resize to 0 or above 10,000 px, an unknown operation and more than 20', () => {
    expect(paths([{ type: 'resize', maxWidth: 0 }])).toEqual(['operations.0.maxWidth']);
    expect(paths([{ type: 'resize', maxHeight: 10_001 }])).toEqual(['operations.0.maxHeight']);
    expect(paths([{ type: 'swirl' }])).toEqual(['operations.0.type']);
    expect(paths(Array.from({ length: 21 }, () => ({ type: 'flip' })))).toEqual(['operations']);
    expect(paths(Array.from({ length: 20 }, () => ({ type: 'flip' })))).toEqual([]);
  });

  it('takes 90, 180, 270 and −45…45 as angles, nothing else', () => {
    for (const angle of [90, 180, 270, -45, 0, 12.5, 45])
      expect(paths([{ type: 'rotate', angle }])).toEqual([]);
    for (const angle of [46, 89, 100, -46, 360]) expect(paths([{ type: 'rotate', angle }])).not.toEqual([]);
  });

  it('reads the watermark switch from the last watermark operation', () => {
    expect(watermarkOverride([{ type: 'flip' }])).toBeUndefined();
    expect(
      watermarkOverride([
        { type: 'watermark', enabled: true },
        { type: 'watermark', enabled: false },
      ]),
    ).toBe(false);
  });
});

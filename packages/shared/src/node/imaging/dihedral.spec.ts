import { describe, expect, it } from 'vitest';
import type { Dihedral } from './dihedral';
import {
  compose,
  exifDihedral,
  flipOnly,
  flopOnly,
  identity,
  inverse,
  quarterTurn,
  turnedSize,
  turnRect,
} from './dihedral';

const all: Dihedral[] = [false, true].flatMap((flop) =>
  ([0, 90, 180, 270] as const).map((rotate) => ({ flop, rotate })),
);
const frame = { width: 40, height: 30 };
const rect = { left: 3, top: 5, width: 10, height: 7 };

describe('dihedral', () => {
  it('forms a group: identity, inverses, and turning a rectangle there and back', () => {
    for (const a of all) {
      expect(compose(a, identity)).toEqual(a);
      expect(compose(identity, a)).toEqual(a);
      expect(compose(a, inverse(a))).toEqual(identity);
      const turned = turnRect(rect, frame, a);
      expect(turnRect(turned, turnedSize(frame, a), inverse(a))).toEqual(rect);
    }
  });

  it('composes the way turning rectangles step by step does', () => {
    for (const a of all) {
      for (const b of all) {
        const stepwise = turnRect(turnRect(rect, frame, a), turnedSize(frame, a), b);
        expect(turnRect(rect, frame, compose(a, b))).toEqual(stepwise);
      }
    }
  });

  it('maps the quarter turn, the flop and the flip onto the expected corners', () => {
    expect(turnRect(rect, frame, quarterTurn(90))).toEqual({
      left: 30 - 5 - 7,
      top: 3,
      width: 7,
      height: 10,
    });
    expect(turnRect(rect, frame, flopOnly)).toEqual({ left: 40 - 3 - 10, top: 5, width: 10, height: 7 });
    expect(turnRect(rect, frame, flipOnly)).toEqual({ left: 3, top: 30 - 5 - 7, width: 10, height: 7 });
  });

  it('reads the eight EXIF orientations as eight different turns (1 is none)', () => {
    const turns = [1, 2, 3, 4, 5, 6, 7, 8].map(exifDihedral);
    expect(turns[0]).toEqual(identity);
    expect(new Set(turns.map((turn) => JSON.stringify(turn))).size).toBe(8);
    expect(exifDihedral(6)).toEqual(quarterTurn(90));
    expect(exifDihedral(4)).toEqual(flipOnly);
    expect(exifDihedral(undefined)).toEqual(identity);
  });
});

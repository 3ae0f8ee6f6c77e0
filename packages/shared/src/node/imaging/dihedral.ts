/**
 * The eight right-angle orientations as "mirror left-right if `flop`, then turn `rotate` degrees clockwise":
 * the order sharp applies `.flop()` and `.rotate(90k)` in one pipeline, so any chain of flips, flops, quarter
 * turns and the EXIF orientation collapses into one of these and costs one step.
 */
import type { Size } from '../../schemas/edits';

export type QuarterTurn = 0 | 90 | 180 | 270;

export interface Dihedral {
  flop: boolean;
  rotate: QuarterTurn;
}

/** A rectangle in real-valued pixels (planning keeps fractions; only the built pipeline rounds). */
export interface RealRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export const identity: Dihedral = { flop: false, rotate: 0 };
export const flopOnly: Dihedral = { flop: true, rotate: 0 };
/** A vertical mirror is a horizontal one turned half way. */
export const flipOnly: Dihedral = { flop: true, rotate: 180 };
export const quarterTurn = (degrees: QuarterTurn): Dihedral => ({ flop: false, rotate: degrees });

const turn = (degrees: number) => ((((degrees % 360) + 360) % 360) as QuarterTurn);

/** `first`, then `second`. */
export function compose(first: Dihedral, second: Dihedral): Dihedral {
  // A mirror reverses the direction of every turn made before it.
  return {
    flop: first.flop !== second.flop,
    rotate: turn(second.flop ? second.rotate - first.rotate : second.rotate + first.rotate),
  };
}

export function inverse(dihedral: Dihedral): Dihedral {
  return dihedral.flop ? dihedral : { flop: false, rotate: turn(-dihedral.rotate) };
}

/**
 * EXIF orientation 1–8 as the turn that makes the stored pixels upright (sharp's autoOrient: rotate, then flop).
 */
export function exifDihedral(orientation: number | undefined): Dihedral {
  const [rotate, flop]: [QuarterTurn, boolean] = (
    {
      2: [0, true],
      3: [180, false],
      4: [180, true],
      5: [90, true],
      6: [90, false],
      7: [270, true],
      8: [270, false],
    } as Record<number, [QuarterTurn, boolean]>
  )[orientation ?? 1] ?? [0, false];
  return compose(quarterTurn(rotate), flop ? flopOnly : identity);
}

export function turnedSize(size: Size, dihedral: Dihedral): Size {
  return dihedral.rotate === 90 || dihedral.rotate === 270
    ? { width: size.height, height: size.width }
    : { ...size };
}

/** Where `rect` of a `frame`-sized image lands once the image is turned by `dihedral`. */
export function turnRect(rect: RealRect, frame: Size, dihedral: Dihedral): RealRect {
  let current = dihedral.flop ? { ...rect, left: frame.width - rect.left - rect.width } : { ...rect };
  let size = { ...frame };
  for (let step = 0; step < dihedral.rotate / 90; step += 1) {
    current = {
      left: size.height - current.top - current.height,
      top: current.left,
      width: current.height,
      height: current.width,
    };
    size = { width: size.height, height: size.width };
  }
  return current;
}

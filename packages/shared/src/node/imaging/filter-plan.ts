/**
 * The filters of an operation list as sharp pipelines' filter steps. They apply after the geometry, in their
 * listed order, with strengths relative to the output's size (so a variant, the preview and the full render
 * look alike); pointwise colour changes commute with shrinking, so they run on the shrunk result.
 */
import type { EditOperation } from '../../schemas/edits';
import { blurSigma, sharpenSigma } from '../../schemas/edits';

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
        if (operation.amount > 0)
          open(['sharpen', 'linear']).sharpen = sharpenSigma(operation.amount, longSide);
        break;
      case 'modulate': {
        const brightness = operation.brightness ?? 1;
        const saturation = operation.saturation ?? 1;
        const hue = operation.hue ?? 0;
        if (brightness !== 1 || saturation !== 1 || hue !== 0)
          addMatrix(modulateMatrix(brightness, saturation, hue));
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

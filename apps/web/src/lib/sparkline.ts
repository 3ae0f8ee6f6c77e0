/** The geometry of an inline SVG sparkline. Pure. */

/**
 * The SVG polyline points of a sparkline of `values` in a `width` × `height` box: evenly spaced left to right,
 * the largest value at the top, zero on the bottom edge (all zeros: a flat line on it). Rounded to 0.1.
 */
export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const max = Math.max(...values, 0);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const round = (value: number) => Math.round(value * 10) / 10;
  return values
    .map((value, index) => {
      const y = max === 0 ? height : height - (value / max) * height;
      return `${round(index * step)},${round(y)}`;
    })
    .join(' ');
}

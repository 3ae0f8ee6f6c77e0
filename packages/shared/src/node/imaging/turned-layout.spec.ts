import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { turnedLayout } from './turned-layout';

/** A black image with a white 7×7 square centred on pixel ((w−1)/2, (h−1)/2); odd sizes keep it exact. */
async function turnedSquare(width: number, height: number, degrees: number, zoom: number) {
  const data = Buffer.alloc(width * height * 3);
  const [cx, cy] = [(width - 1) / 2, (height - 1) / 2];
  for (let y = cy - 3; y <= cy + 3; y += 1)
    data.fill(255, (y * width + cx - 3) * 3, (y * width + cx + 4) * 3);
  const angle = (degrees * Math.PI) / 180;
  const [cos, sin] = [zoom * Math.cos(angle), zoom * Math.sin(angle)];
  const { data: out, info } = await sharp(data, { raw: { width, height, channels: 3 } })
    .affine([cos, -sin, sin, cos], { interpolator: sharp.interpolators.bilinear })
    .raw()
    .toBuffer({ resolveWithObject: true });
  let [sx, sy, sum] = [0, 0, 0];
  for (let y = 0; y < info.height; y += 1) {
    for (let x = 0; x < info.width; x += 1) {
      const value = out[(y * info.width + x) * 3] ?? 0;
      [sx, sy, sum] = [sx + value * x, sy + value * y, sum + value];
    }
  }
  return { size: { width: info.width, height: info.height }, centre: { x: sx / sum, y: sy / sum } };
}

describe('turnedLayout', () => {
  it("predicts libvips's output size and where the picture's centre lands, in every quadrant", async () => {
    for (const [width, height] of [
      [601, 401],
      [333, 555],
    ] as const) {
      for (const degrees of [-44, -6, 3, 84, 96, 174, 186, 264, 277, 30]) {
        for (const zoom of [1, 1.013]) {
          const measured = await turnedSquare(width, height, degrees, zoom);
          const predicted = turnedLayout({ width, height }, degrees, zoom);
          expect(measured.size).toEqual(predicted.bounds);
          // A centroid of an interpolated square is good to a few hundredths; the middle of the output is off
          // by up to a pixel and a formula without the origin's rounding by a quarter.
          expect(Math.abs(measured.centre.x - predicted.centre.x)).toBeLessThan(0.1);
          expect(Math.abs(measured.centre.y - predicted.centre.y)).toBeLessThan(0.1);
        }
      }
    }
  });
});

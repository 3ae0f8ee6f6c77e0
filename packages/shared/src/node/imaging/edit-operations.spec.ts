/**
 * Pixel tests of every operation on real photos, each against an expected render: geometry against sharp's own
 * extract/rotate/mirror of the upright original (exact), filters by what they must do to the pixels.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { EditOperation } from '../../schemas/edits';
import { cropRect, editGeometry } from '../../schemas/edits';
import type { DecodedImage } from './decoded-image';
import { applyEditOperations } from './edit-operations';
import {
  channelStats,
  edgeEnergy,
  meanAbsoluteDifference,
  mirrored,
  pipelineOf,
  pixel,
  rawOf,
  resizedDifference,
  upright,
  withAlpha,
} from './spec-helpers';

let photo: DecodedImage; // Landscape_1.jpg, 1800×1200, at full size
let small: DecodedImage; // DSCN0010.jpg, 640×480
const size = () => ({ width: photo.width, height: photo.height });
const edit = (image: DecodedImage, operations: EditOperation[], options = {}) =>
  applyEditOperations(image, operations, { scale: 1, ...options });

beforeAll(async () => {
  photo = await upright('Landscape_1.jpg');
  small = await upright('DSCN0010.jpg');
});

describe('geometry, exact against sharp', () => {
  it('crops the exact rectangle', async () => {
    const rect = { left: 123, top: 45, width: 678, height: 901 };
    const result = await edit(photo, [{ type: 'crop', ...rect }]);
    expect(meanAbsoluteDifference(result, await rawOf(pipelineOf(photo).extract(rect)))).toBe(0);
  });

  it('crops every aspect preset to its ratio, centred unless placed', async () => {
    for (const aspect of ['1:1', '4:5', '3:2', '2:3', '16:9'] as const) {
      const operation = { type: 'crop', aspect, x: 0.3, y: 0.6 } as const;
      const result = await edit(small, [operation]);
      const rect = cropRect(operation, { width: small.width, height: small.height });
      expect({ width: result.width, height: result.height }).toEqual({
        width: rect.width,
        height: rect.height,
      });
      expect(meanAbsoluteDifference(result, await rawOf(pipelineOf(small).extract(rect)))).toBe(0);
    }
  });

  it('turns 90° (swapping width and height), 180° and 270° exactly as sharp does', async () => {
    for (const angle of [90, 180, 270] as const) {
      const result = await edit(small, [{ type: 'rotate', angle }]);
      const expected = await rawOf(pipelineOf(small).rotate(angle));
      expect({ width: result.width, height: result.height }).toEqual(
        angle === 180 ? { width: 640, height: 480 } : { width: 480, height: 640 },
      );
      expect(meanAbsoluteDifference(result, expected)).toBe(0);
    }
  });

  it('flips (rows reversed) and flops (columns reversed)', async () => {
    const flipped = await edit(small, [{ type: 'flip' }]);
    const flopped = await edit(small, [{ type: 'flop' }]);
    expect(meanAbsoluteDifference(flipped, mirrored(small, 'rows'))).toBe(0);
    expect(meanAbsoluteDifference(flopped, mirrored(small, 'columns'))).toBe(0);
    expect(pixel(flopped, 0, 7)).toEqual(pixel(small, 639, 7));
    expect(meanAbsoluteDifference(flipped, small)).toBeGreaterThan(10);
  });

  it('applies a chain in order, each step in the pixels of the one before', async () => {
    const operations: EditOperation[] = [
      { type: 'crop', left: 40, top: 30, width: 500, height: 400 },
      { type: 'rotate', angle: 90 },
      { type: 'flip' },
      { type: 'crop', left: 10, top: 100, width: 300, height: 200 },
      { type: 'flop' },
      { type: 'rotate', angle: 270 },
    ];
    // One sharp pipeline per step (within one, sharp would flip before it rotates).
    let expected = small;
    for (const step of [
      (image: DecodedImage) => pipelineOf(image).extract({ left: 40, top: 30, width: 500, height: 400 }),
      (image: DecodedImage) => pipelineOf(image).rotate(90),
      (image: DecodedImage) => pipelineOf(image).flip(),
      (image: DecodedImage) => pipelineOf(image).extract({ left: 10, top: 100, width: 300, height: 200 }),
      (image: DecodedImage) => pipelineOf(image).flop(),
      (image: DecodedImage) => pipelineOf(image).rotate(270),
    ])
      expected = await rawOf(step(expected));
    expect({ width: expected.width, height: expected.height }).toEqual({ width: 200, height: 300 });
    expect(meanAbsoluteDifference(await edit(small, operations), expected)).toBe(0);
  });

  it('never enlarges with resize, and fits the box', async () => {
    const larger = await edit(photo, [{ type: 'resize', maxWidth: 5000, maxHeight: 5000 }]);
    expect({ width: larger.width, height: larger.height }).toEqual(size());
    expect(meanAbsoluteDifference(larger, photo)).toBe(0);
    const fitted = await edit(photo, [{ type: 'resize', maxWidth: 900, maxHeight: 300 }]);
    expect({ width: fitted.width, height: fitted.height }).toEqual({ width: 450, height: 300 });
    const expected = await rawOf(pipelineOf(photo).resize(450, 300));
    expect(meanAbsoluteDifference(fitted, expected)).toBeLessThan(1);
  });

  it('bounds the output with maxWidth (variants) and maxSize (preview) without enlarging', async () => {
    const variant = await edit(photo, [{ type: 'crop', aspect: '4:5' }], { maxWidth: 400 });
    expect({ width: variant.width, height: variant.height }).toEqual({ width: 400, height: 500 });
    const preview = await edit(photo, [{ type: 'crop', aspect: '4:5' }], { maxSize: 400 });
    expect({ width: preview.width, height: preview.height }).toEqual({ width: 320, height: 400 });
    const tiny = await edit(small, [{ type: 'crop', aspect: '1:1' }], { maxWidth: 5000 });
    expect({ width: tiny.width, height: tiny.height }).toEqual({ width: 480, height: 480 });
  });
});

describe('straighten (fine rotation)', () => {
  const angles = [-45, -30, -12.5, -1, 0.4, 3, 17, 33.3, 45];

  it('leaves no transparent pixel anywhere, at full size and shrunk, for every angle', async () => {
    const opaque = await withAlpha(photo);
    for (const angle of angles) {
      for (const options of [{}, { maxWidth: 700 }]) {
        const result = await edit(opaque, [{ type: 'rotate', angle }], options);
        expect(result.channels).toBe(4);
        let minimum = 255;
        for (let index = 3; index < result.data.length; index += 4)
          minimum = Math.min(minimum, result.data[index] ?? 0);
        expect({ angle, options, minimum }).toEqual({ angle, options, minimum: 255 });
      }
    }
  });

  it('leaves no dark corners or edges on an image with no dark pixel', async () => {
    // Every input value lifted to 128…255: any blend with the black fill behind the turn shows as darker.
    const light = await rawOf(pipelineOf(small).linear(0.5, 128));
    for (const angle of angles) {
      const result = await edit(light, [
        { type: 'crop', aspect: '4:5' },
        { type: 'rotate', angle },
      ]);
      const { width, height } = result;
      let darkest = 255;
      for (let x = 0; x < width; x += 1) {
        for (const y of [0, height - 1]) darkest = Math.min(darkest, ...pixel(result, x, y));
      }
      for (let y = 0; y < height; y += 1) {
        for (const x of [0, width - 1]) darkest = Math.min(darkest, ...pixel(result, x, y));
      }
      expect({ angle, darkest: darkest >= 120 }).toEqual({ angle, darkest: true });
    }
  });

  it('keeps the size editGeometry promises, with quarter turns, flips and crops around it', async () => {
    const lists: EditOperation[][] = [
      [{ type: 'rotate', angle: 7 }],
      [
        { type: 'rotate', angle: 90 },
        { type: 'rotate', angle: -20 },
        { type: 'crop', aspect: '1:1' },
      ],
      [{ type: 'crop', aspect: '16:9' }, { type: 'flop' }, { type: 'rotate', angle: 11 }, { type: 'flip' }],
      [
        { type: 'rotate', angle: 10 },
        { type: 'rotate', angle: -10 },
        { type: 'rotate', angle: 270 },
      ],
    ];
    const opaque = await withAlpha(small);
    for (const operations of lists) {
      const result = await edit(opaque, operations);
      const expected = editGeometry(operations, { width: small.width, height: small.height }).size;
      expect({ width: result.width, height: result.height }).toEqual(expected);
      let minimum = 255;
      for (let index = 3; index < result.data.length; index += 4)
        minimum = Math.min(minimum, result.data[index] ?? 0);
      expect(minimum).toBe(255);
    }
  });

  it("places the straightened window on the turned picture's centre for every quarter turn", async () => {
    // A quarter turn and a straighten commute; one pipeline (turned 90k+θ at once) and two (θ, then an exact
    // quarter turn) agree to the pixel only if the window follows libvips's off-middle centre.
    for (const [quarter, angle] of [
      [90, 7],
      [180, -6],
      [270, -12],
      [90, 30],
    ] as const) {
      const once = await edit(photo, [
        { type: 'rotate', angle: quarter },
        { type: 'rotate', angle },
      ]);
      const twice = await edit(photo, [
        { type: 'rotate', angle },
        { type: 'rotate', angle: quarter },
      ]);
      // (Up to a rare off-by-one value from floating point; half a pixel off would be ~5.)
      expect({ quarter, angle, same: meanAbsoluteDifference(once, twice) < 0.01 }).toEqual({
        quarter,
        angle,
        same: true,
      });
    }
  });

  it('turns clockwise for a positive angle, like sharp', async () => {
    const result = await edit(photo, [{ type: 'rotate', angle: 10 }], { maxWidth: 300 });
    const expected = await rawOf(pipelineOf(photo).rotate(10));
    const clockwise = await resizedDifference(
      result,
      await rawOf(pipelineOf(expected).extract(centred(expected, result, photo, 10))),
      150,
      Math.round((150 * result.height) / result.width),
    );
    const anticlockwise = await resizedDifference(
      result,
      await rawOf(
        pipelineOf(await rawOf(pipelineOf(photo).rotate(-10))).extract(centred(expected, result, photo, 10)),
      ),
      150,
      Math.round((150 * result.height) / result.width),
    );
    // Not zero: the 2 px margin kept inside the turned picture is 12 px of the original at this size.
    expect(clockwise).toBeLessThan(12);
    expect(anticlockwise).toBeGreaterThan(clockwise * 3);
  });
});

/** The centred window of a full-size rotation matching the aspect of a straightened result. */
function centred(rotated: DecodedImage, result: DecodedImage, source: DecodedImage, angle: number) {
  const window = editGeometry([{ type: 'rotate', angle }], {
    width: source.width,
    height: source.height,
  }).size;
  expect(window.width / window.height).toBeCloseTo(result.width / result.height, 1);
  return {
    left: Math.round((rotated.width - window.width) / 2),
    top: Math.round((rotated.height - window.height) / 2),
    width: window.width,
    height: window.height,
  };
}

describe('filters', () => {
  it('greyscale makes the three channels equal and stays 3-channel sRGB', async () => {
    const result = await edit(small, [{ type: 'grayscale' }]);
    expect(result.channels).toBe(3);
    let unequal = 0;
    for (let index = 0; index < result.data.length; index += 3) {
      if (result.data[index] !== result.data[index + 1] || result.data[index + 1] !== result.data[index + 2])
        unequal += 1;
    }
    expect(unequal).toBe(0);
    // The input is a colour photo: the same test on it fails.
    let colour = 0;
    for (let index = 0; index < small.data.length; index += 3)
      if (small.data[index] !== small.data[index + 2]) colour += 1;
    expect(colour).toBeGreaterThan(small.width * small.height * 0.5);
  });

  it('blur lowers the edge energy, more for a larger amount', async () => {
    const original = edgeEnergy(small);
    const light = edgeEnergy(await edit(small, [{ type: 'blur', amount: 10 }]));
    const heavy = edgeEnergy(await edit(small, [{ type: 'blur', amount: 60 }]));
    expect(light).toBeLessThan(original * 0.8);
    expect(heavy).toBeLessThan(light * 0.5);
    // Amount 0 is no blur at all.
    expect(meanAbsoluteDifference(await edit(small, [{ type: 'blur', amount: 0 }]), small)).toBe(0);
  });

  it('sharpen raises the edge energy', async () => {
    const original = edgeEnergy(small);
    const sharpened = edgeEnergy(await edit(small, [{ type: 'sharpen', amount: 60 }]));
    expect(sharpened).toBeGreaterThan(original * 1.1);
  });

  it('blur is relative to the image size: the shrunk render looks like the full one shrunk', async () => {
    const full = await edit(photo, [{ type: 'blur', amount: 40 }]);
    const shrunk = await edit(photo, [{ type: 'blur', amount: 40 }], { maxWidth: 450 });
    expect(await resizedDifference(full, shrunk, 450, 300)).toBeLessThan(2);
  });

  it('modulate: brightness raises the mean, saturation 0 greys, hue turns colours but keeps grey', async () => {
    const before = channelStats(small).mean;
    expect(channelStats(await edit(small, [{ type: 'modulate', brightness: 1.3 }])).mean).toBeGreaterThan(
      before * 1.15,
    );
    expect(channelStats(await edit(small, [{ type: 'modulate', brightness: 0.6 }])).mean).toBeLessThan(
      before * 0.7,
    );
    const grey = await edit(small, [{ type: 'modulate', saturation: 0 }]);
    let spread = 0;
    for (let index = 0; index < grey.data.length; index += 3) {
      const values = [grey.data[index] ?? 0, grey.data[index + 1] ?? 0, grey.data[index + 2] ?? 0];
      spread = Math.max(spread, Math.max(...values) - Math.min(...values));
    }
    expect(spread).toBeLessThanOrEqual(1);
    const turned = await edit(small, [{ type: 'modulate', hue: 120 }]);
    expect(meanAbsoluteDifference(turned, small)).toBeGreaterThan(10);
    const greyTurned = await edit(grey, [{ type: 'modulate', hue: 120 }]);
    expect(meanAbsoluteDifference(greyTurned, grey)).toBeLessThan(1);
  });

  it('contrast widens the spread around middle grey; −100 flattens to grey', async () => {
    const before = channelStats(small).stdev;
    expect(channelStats(await edit(small, [{ type: 'contrast', amount: 50 }])).stdev).toBeGreaterThan(
      before * 1.3,
    );
    expect(channelStats(await edit(small, [{ type: 'contrast', amount: -50 }])).stdev).toBeLessThan(
      before * 0.6,
    );
    const flat = channelStats(await edit(small, [{ type: 'contrast', amount: -100 }]));
    expect(flat.stdev).toBeLessThan(1);
    expect(flat.mean).toBeCloseTo(128, 0);
  });

  it('applies filters in their listed order (blur then sharpen differs from sharpen then blur)', async () => {
    const blurFirst = await edit(small, [
      { type: 'blur', amount: 20 },
      { type: 'sharpen', amount: 80 },
    ]);
    const sharpenFirst = await edit(small, [
      { type: 'sharpen', amount: 80 },
      { type: 'blur', amount: 20 },
    ]);
    expect(edgeEnergy(blurFirst)).toBeGreaterThan(edgeEnergy(sharpenFirst));
  });

  it('keeps an alpha channel through filters and geometry', async () => {
    const rgba = await upright('5_webp_a.webp');
    expect(rgba.channels).toBe(4);
    const result = await edit(rgba, [
      { type: 'flop' },
      { type: 'modulate', brightness: 1.2 },
      { type: 'blur', amount: 5 },
    ]);
    expect(result.channels).toBe(4);
  });
});

describe('scale: a downsized copy', () => {
  it('maps crop rectangles in original pixels onto the copy', async () => {
    const copy = await upright('Landscape_1.jpg', 600); // a third of the original
    const operations: EditOperation[] = [{ type: 'crop', left: 300, top: 150, width: 900, height: 600 }];
    const onCopy = await applyEditOperations(copy, operations, {
      scale: copy.width / photo.width,
      upright: size(),
    });
    expect({ width: onCopy.width, height: onCopy.height }).toEqual({ width: 300, height: 200 });
    const full = await edit(photo, operations);
    expect(await resizedDifference(onCopy, full, 300, 200)).toBeLessThan(3);
  });
});

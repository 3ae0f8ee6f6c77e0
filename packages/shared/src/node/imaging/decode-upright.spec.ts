import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { EditOperation } from '../../schemas/edits';
import { decodeUpright } from './decode-upright';
import type { DecodedImage } from './decoded-image';
import { exifDihedral } from './dihedral';
import { applyEditOperations } from './edit-operations';
import { EditGeometryError, planEdit } from './edit-plan';
import {
  fixture,
  MAX_PIXELS,
  meanAbsoluteDifference,
  pipelineOf,
  rawOf,
  resizedDifference,
  upright,
} from './spec-helpers';

const orientations = [1, 2, 3, 4, 5, 6, 7, 8];
const photos = orientations.flatMap((orientation) => [
  `Landscape_${orientation}.jpg`,
  `Portrait_${orientation}.jpg`,
]);
const decode = (name: string, operations: EditOperation[] = [], maxWidth = 10_000) =>
  decodeUpright(fixture(name), MAX_PIXELS, maxWidth, operations);

describe('decodeUpright without operations', () => {
  it('is the first processing decode: upright, sRGB, shrunk to maxWidth (watermark operations change nothing)', async () => {
    for (const name of [
      'Landscape_6.jpg',
      'Channel_digital_image_CMYK_color.jpg',
      'basn6a16.png',
      'concert.jpg',
    ]) {
      const expected = await rawOf(
        sharp(fixture(name)).rotate().resize({ width: 300, withoutEnlargement: true }).toColourspace('srgb'),
      );
      const plain = await decode(name, [], 300);
      expect(meanAbsoluteDifference(plain, expected)).toBe(0);
      expect(
        meanAbsoluteDifference(await decode(name, [{ type: 'watermark', enabled: false }], 300), plain),
      ).toBe(0);
    }
  });
});

describe('decodeUpright with operations, on every EXIF orientation', () => {
  it('crops in upright pixels, exactly, whatever the stored orientation', async () => {
    for (const name of photos) {
      const reference = await upright(name);
      const rect =
        reference.width > reference.height
          ? { left: 1000, top: 100, width: 640, height: 900 }
          : { left: 100, top: 1000, width: 900, height: 640 };
      const result = await decode(name, [{ type: 'crop', ...rect }]);
      expect({
        name,
        mad: meanAbsoluteDifference(result, await rawOf(pipelineOf(reference).extract(rect))),
      }).toEqual({ name, mad: 0 });
    }
  });

  it('crops, turns and mirrors in upright pixels, exactly as step-by-step sharp does', async () => {
    const operations: EditOperation[] = [
      { type: 'crop', left: 200, top: 150, width: 800, height: 700 },
      { type: 'rotate', angle: 270 },
      { type: 'flip' },
      { type: 'flop' },
      { type: 'crop', left: 50, top: 60, width: 500, height: 400 },
    ];
    for (const name of photos) {
      let expected = await upright(name);
      for (const step of [
        (image: DecodedImage) => pipelineOf(image).extract({ left: 200, top: 150, width: 800, height: 700 }),
        (image: DecodedImage) => pipelineOf(image).rotate(270),
        (image: DecodedImage) => pipelineOf(image).flip(),
        (image: DecodedImage) => pipelineOf(image).flop(),
        (image: DecodedImage) => pipelineOf(image).extract({ left: 50, top: 60, width: 500, height: 400 }),
      ])
        expected = await rawOf(step(expected));
      expect({ name, mad: meanAbsoluteDifference(await decode(name, operations), expected) }).toEqual({
        name,
        mad: 0,
      });
    }
  });

  it('straightens the same picture the same way from all eight stored orientations', async () => {
    const operations: EditOperation[] = [
      { type: 'crop', aspect: '4:5', x: 0.4 },
      { type: 'rotate', angle: -6 },
      { type: 'flop' },
      { type: 'modulate', brightness: 1.1 },
    ];
    for (const set of ['Landscape', 'Portrait']) {
      const first = await decode(`${set}_1.jpg`, operations, 600);
      for (const orientation of orientations) {
        const name = `${set}_${orientation}.jpg`;
        const result = await decode(name, operations, 600);
        const expected = await applyEditOperations(await upright(name), operations, {
          scale: 1,
          maxWidth: 600,
        });
        expect({ width: result.width, height: result.height }).toEqual({
          width: first.width,
          height: first.height,
        });
        // Turned from the stored pixels, not the upright ones: the same picture within a sub-pixel placement
        // (half a pixel costs ~5 here; a misplaced crop, mirror or turn costs well over 20).
        expect({ name, close: meanAbsoluteDifference(result, expected) < 6 }).toEqual({ name, close: true });
        // The eight files are separately encoded JPEGs of one photo: alike, not identical.
        expect({ name, alike: (await resizedDifference(result, first, 150, 198)) < 3 }).toEqual({
          name,
          alike: true,
        });
      }
    }
  });

  it('crops a WebP stored turned (orientation 6) in upright pixels', async () => {
    const reference = await upright('Nikon_Coolpix_P7000.webp');
    const rect = { left: 100, top: 2000, width: 1000, height: 500 };
    const result = await decode('Nikon_Coolpix_P7000.webp', [{ type: 'crop', ...rect }]);
    expect(meanAbsoluteDifference(result, await rawOf(pipelineOf(reference).extract(rect)))).toBe(0);
  });
});

describe('decodeUpright with operations: sizes and inputs', () => {
  it('shrinks the edited result to maxWidth, alike the full-size edit shrunk', async () => {
    const operations: EditOperation[] = [
      { type: 'crop', aspect: '4:5' },
      { type: 'rotate', angle: 90 },
    ];
    const small = await decode('Landscape_3.jpg', operations, 500);
    expect({ width: small.width, height: small.height }).toEqual({ width: 500, height: 400 });
    const full = await decode('Landscape_3.jpg', operations);
    expect(await resizedDifference(small, full, 500, 400)).toBeLessThan(1.5);
  });

  it('decodes at the working size first when a crop precedes a straighten and shrink-on-load helps', async () => {
    const operations: EditOperation[] = [
      { type: 'crop', aspect: '3:2', scale: 0.9 },
      { type: 'rotate', angle: 4 },
    ];
    // This list on this 1200×1800 JPEG stored turned (orientation 6), 300 px wide, takes that path: a crop
    // before the straighten is a pre-resize extract, and the shrink is past 3× (shrink-on-load's threshold).
    const plan = planEdit(
      operations,
      { width: 1800, height: 1200 },
      { size: { width: 1200, height: 1800 }, orientation: exifDihedral(6), scale: 1 },
      { maxWidth: 300 },
    );
    expect(plan.stages[0]?.preCrop).toBeDefined();
    expect(plan.working).toBeLessThan(1 / 3);
    const result = await decode('Landscape_6.jpg', operations, 300);
    const full = await applyEditOperations(await upright('Landscape_6.jpg'), operations, {
      scale: 1,
      maxWidth: 300,
    });
    expect({ width: result.width, height: result.height }).toEqual({
      width: full.width,
      height: full.height,
    });
    expect(meanAbsoluteDifference(result, full)).toBeLessThan(6);
  });

  it('gives 3-channel sRGB for CMYK, greyscale and 16-bit inputs, 4 channels with alpha', async () => {
    const operations: EditOperation[] = [
      { type: 'rotate', angle: 90 },
      { type: 'modulate', saturation: 1.5 },
    ];
    expect((await decode('Channel_digital_image_CMYK_color.jpg', operations)).channels).toBe(3);
    expect((await decode('concert.jpg', operations)).channels).toBe(3);
    expect((await decode('basn2c16.png', operations)).channels).toBe(3);
    expect((await decode('basn6a16.png', operations)).channels).toBe(4);
    // The CMYK photo comes out as its sRGB conversion, not raw ink values.
    const cmyk = await decode('Channel_digital_image_CMYK_color.jpg', [{ type: 'flop' }]);
    const reference = await rawOf(
      sharp(fixture('Channel_digital_image_CMYK_color.jpg')).flop().toColourspace('srgb'),
    );
    expect(meanAbsoluteDifference(cmyk, reference)).toBe(0);
  });

  it('edits the first frame of an animated GIF and the primary image of a multi-image AVIF', async () => {
    for (const [name, frame] of [
      ['animated-loop-3.gif', { width: 370, height: 285 }],
      ['pitm.avif', { width: 4096, height: 800 }],
    ] as const) {
      const plain = await decode(name);
      expect({ width: plain.width, height: plain.height }).toEqual(frame);
      const rect = { left: 10, top: 20, width: 200, height: 150 };
      const cropped = await decode(name, [{ type: 'crop', ...rect }]);
      expect(meanAbsoluteDifference(cropped, await rawOf(pipelineOf(plain).extract(rect)))).toBe(0);
    }
  });

  it('refuses a crop outside the image and a damaged file', async () => {
    await expect(
      decode('DSCN0010.jpg', [{ type: 'crop', left: 600, top: 0, width: 100, height: 10 }]),
    ).rejects.toThrow(EditGeometryError);
    await expect(decode('truncated.jpg', [{ type: 'flop' }])).rejects.toThrow(/JPEG/);
  });
});

import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EditOperation } from '../../schemas/edits';
import { decodeUpright } from './decode-upright';
import { createPreviewRenderer, PREVIEW_SOURCE_SIZE } from './preview-renderer';
import { fixture, MAX_PIXELS, rawOf, resizedDifference } from './spec-helpers';

afterEach(() => {
  vi.useRealTimers();
});

/** A render input for a fixture, counting how often the renderer asks for the original. */
function source(name: string, upright: { width: number; height: number }, key = name) {
  const filePath = vi.fn(async () => fixture(name));
  return {
    filePath,
    input: (operations: EditOperation[], maxSize = 1200) => ({
      key,
      filePath,
      uprightWidth: upright.width,
      uprightHeight: upright.height,
      operations,
      maxSize,
    }),
  };
}

const lists: EditOperation[][] = [
  [
    { type: 'crop', aspect: '4:5', x: 0.4 },
    { type: 'rotate', angle: 7 },
    { type: 'flop' },
    { type: 'modulate', brightness: 1.2, saturation: 0.8 },
  ],
  [
    { type: 'rotate', angle: 90 },
    { type: 'blur', amount: 30 },
    { type: 'contrast', amount: 25 },
  ],
  [
    { type: 'crop', left: 300, top: 200, width: 1000, height: 700 },
    { type: 'grayscale' },
    { type: 'sharpen', amount: 40 },
  ],
];

describe('createPreviewRenderer', () => {
  it('renders what the saved version will be: same aspect, alike once both are the same size', async () => {
    const renderer = createPreviewRenderer({ maxPixels: MAX_PIXELS });
    // Stored turned (EXIF 6), 1800×1200 upright: the preview works on a 1200 px copy, the save on the original.
    const photo = source('Landscape_6.jpg', { width: 1800, height: 1200 });
    for (const operations of lists) {
      const preview = await renderer.render(photo.input(operations, 800));
      expect(preview.mimeType).toBe('image/jpeg');
      expect(Math.max(preview.width, preview.height)).toBeLessThanOrEqual(800);
      const saved = await decodeUpright(fixture('Landscape_6.jpg'), MAX_PIXELS, 1920, operations);
      expect(preview.width / preview.height).toBeCloseTo(saved.width / saved.height, 2);
      const decoded = await rawOf(sharp(preview.data));
      expect({ width: decoded.width, height: decoded.height }).toEqual({
        width: preview.width,
        height: preview.height,
      });
      // Measured ~2.5–4.2; the same list with its crop 5 % to the side scores ~35.
      const height = Math.round((200 * saved.height) / saved.width);
      expect(await resizedDifference(decoded, saved, 200, height)).toBeLessThan(5);
    }
  });

  it('maps a 12 MP-class original onto its 1200 px copy (iPhone photo, 3264×2448)', async () => {
    const renderer = createPreviewRenderer({ maxPixels: MAX_PIXELS });
    const photo = source('iphone_hdr_YES.jpg', { width: 3264, height: 2448 });
    const operations = lists[0] ?? [];
    const preview = await renderer.render(photo.input(operations, 1200));
    const saved = await decodeUpright(fixture('iphone_hdr_YES.jpg'), MAX_PIXELS, 1920, operations);
    expect(preview.width / preview.height).toBeCloseTo(saved.width / saved.height, 2);
    // Finer detail than above, and the straighten's bilinear turn softens the 1:1 preview more than the save.
    const height = Math.round((200 * saved.height) / saved.width);
    expect(await resizedDifference(await rawOf(sharp(preview.data)), saved, 200, height)).toBeLessThan(8);
  });

  it('decodes the original once per item while a slider moves, and once for concurrent renders', async () => {
    const renderer = createPreviewRenderer({ maxPixels: MAX_PIXELS });
    const photo = source('Landscape_6.jpg', { width: 1800, height: 1200 });
    await Promise.all(
      [1, 1.1, 1.2].map((brightness) => renderer.render(photo.input([{ type: 'modulate', brightness }]))),
    );
    for (const amount of [10, 20, 30]) await renderer.render(photo.input([{ type: 'blur', amount }]));
    expect(photo.filePath).toHaveBeenCalledTimes(1);
    renderer.clear();
    await renderer.render(photo.input([]));
    expect(photo.filePath).toHaveBeenCalledTimes(2);
  });

  it('renders from a copy at most 1200 px and never above it', async () => {
    const renderer = createPreviewRenderer({ maxPixels: MAX_PIXELS });
    const photo = source('iphone_hdr_YES.jpg', { width: 3264, height: 2448 });
    const whole = await renderer.render(photo.input([], 1200));
    expect({ width: whole.width, height: whole.height }).toEqual({ width: PREVIEW_SOURCE_SIZE, height: 900 });
    // A quarter of the width of the original is 300 px of the copy: the preview does not enlarge it.
    const crop = await renderer.render(
      photo.input([{ type: 'crop', left: 0, top: 0, width: 816, height: 612 }], 1200),
    );
    expect({ width: crop.width, height: crop.height }).toEqual({ width: 300, height: 225 });
  });

  it('keeps at most `entries` copies, least recently used out first', async () => {
    const renderer = createPreviewRenderer({ maxPixels: MAX_PIXELS, entries: 2 });
    const a = source('DSCN0010.jpg', { width: 640, height: 480 }, 'a');
    const b = source('DSCN0021.jpg', { width: 640, height: 480 }, 'b');
    const c = source('DSCN0027.jpg', { width: 640, height: 480 }, 'c');
    await renderer.render(a.input([]));
    await renderer.render(b.input([]));
    await renderer.render(a.input([{ type: 'flop' }])); // a is now the most recently used
    await renderer.render(c.input([])); // b goes
    await renderer.render(a.input([]));
    await renderer.render(b.input([]));
    expect(a.filePath).toHaveBeenCalledTimes(1);
    expect(b.filePath).toHaveBeenCalledTimes(2);
    expect(c.filePath).toHaveBeenCalledTimes(1);
  });

  it('drops a copy unused for ttlMs, and keeps one in use', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const renderer = createPreviewRenderer({ maxPixels: MAX_PIXELS, ttlMs: 60_000 });
    const photo = source('DSCN0040.jpg', { width: 640, height: 480 });
    await renderer.render(photo.input([]));
    vi.advanceTimersByTime(50_000);
    await renderer.render(photo.input([{ type: 'flip' }]));
    vi.advanceTimersByTime(50_000);
    await renderer.render(photo.input([]));
    expect(photo.filePath).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_001);
    await renderer.render(photo.input([]));
    expect(photo.filePath).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed decode: the next render tries again', async () => {
    const renderer = createPreviewRenderer({ maxPixels: MAX_PIXELS });
    const filePath = vi
      .fn<() => Promise<string>>()
      .mockResolvedValueOnce(fixture('truncated.jpg'))
      .mockResolvedValueOnce(fixture('DSCN0010.jpg'));
    const input = { key: 'x', filePath, uprightWidth: 640, uprightHeight: 480, operations: [], maxSize: 400 };
    await expect(renderer.render(input)).rejects.toThrow(/JPEG/);
    await expect(renderer.render(input)).resolves.toMatchObject({ width: 400, height: 300 });
    expect(filePath).toHaveBeenCalledTimes(2);
  });
});

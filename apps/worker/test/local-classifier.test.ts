import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifierInput } from '../src/media/sharp';
import { type Classifier, loadLocalClassifier, type NsfwScores } from '../src/moderation/local-classifier';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../api/test/fixtures/images');
const MAX_PIXELS = 100_000_000;

function manifestFiles(expected: string): string[] {
  const [header = '', ...rows] = readFileSync(path.join(fixtures, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const columns = header.split('\t');
  return rows
    .map((row) => row.split('\t'))
    .filter((cells) => cells[columns.indexOf('expected')] === expected)
    .map((cells) => cells[columns.indexOf('file')] ?? '');
}

const topClass = (scores: NsfwScores) => Object.entries(scores).sort((a, b) => b[1] - a[1])[0]?.[0];

describe('the on-device classifier', () => {
  let classifier: Classifier;
  const handlers = () => [process.listeners('uncaughtException'), process.listeners('unhandledRejection')];
  let handlersBefore: ReturnType<typeof handlers>;
  const classify = async (file: string) =>
    classifier.classify(await classifierInput(path.join(fixtures, file), MAX_PIXELS));

  beforeAll(async () => {
    handlersBefore = handlers();
    classifier = await loadLocalClassifier();
  }, 60_000);

  it("leaves the process's error handlers as they were (the WASM backend's rethrowing ones are removed)", () => {
    expect(handlers()).toEqual(handlersBefore);
  });

  it('loads once per process and names the bundled model and the nsfwjs version', async () => {
    expect(await loadLocalClassifier()).toBe(classifier);
    expect(classifier.modelName).toBe('nsfwjs MobileNetV2');
    expect(classifier.modelVersion).toMatch(/^4\.\d+\.\d+$/);
  });

  it.each([
    'Landscape_1.jpg',
    'Portrait_6.jpg',
    'DSCN0021.jpg',
    'concert.jpg',
    'Channel_digital_image_CMYK_color.jpg',
    'basn2c16.png',
    'blackbug.png',
  ])('scores all five classes of %s as probabilities', async (file) => {
    const scores = await classify(file);
    expect(Object.keys(scores).sort()).toEqual(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']);
    for (const value of Object.values(scores)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(Object.values(scores).reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 4);
  });

  it('calls camera photos Neutral, whatever their EXIF orientation, and a rendered scene Drawing', async () => {
    const upright = await classify('Landscape_1.jpg');
    const rotated = await classify('Landscape_6.jpg');
    for (const scores of [
      upright,
      rotated,
      await classify('Portrait_1.jpg'),
      await classify('DSCN0021.jpg'),
    ]) {
      expect(topClass(scores)).toBe('Neutral');
      expect(scores.Neutral).toBeGreaterThan(0.9);
    }
    expect(Math.abs(upright.Neutral - rotated.Neutral)).toBeLessThan(0.01);
    expect(topClass(await classify('pitm.avif'))).toBe('Drawing');
  });

  it('gives the scores of the stock tfjs kernels (pins the multiply-add batch norm)', async () => {
    // Measured with tfjs's own FusedBatchNorm. The noise TIFF scoring as Porn is a real false positive.
    expect((await classify('Landscape_1.jpg')).Neutral).toBeCloseTo(0.996, 2);
    const noise = await classify('big-endian.tiff');
    expect(noise.Porn).toBeCloseTo(0.878, 2);
    expect(noise.Neutral).toBeCloseTo(0.111, 2);
  });

  it('refuses input that is not raw RGB of the stated size', async () => {
    await expect(
      classifier.classify({ data: Buffer.alloc(100), width: 224, height: 224, channels: 3 }),
    ).rejects.toThrow(/raw RGB/);
  });
});

describe('classifierInput', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'p4g-classifier-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['blackbug.png', 'concert.jpg', 'basn2c16.png', 'Portrait_6.jpg', 'tbbn3p08.png'])(
    'makes %s exactly 224×224 8-bit RGB',
    async (file) => {
      const input = await classifierInput(path.join(fixtures, file), MAX_PIXELS);
      expect(input).toMatchObject({ width: 224, height: 224, channels: 3 });
      expect(input.data.length).toBe(224 * 224 * 3);
    },
  );

  it('flattens transparency on white', async () => {
    const file = path.join(dir, 'clear.png');
    await sharp({
      create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toFile(file);
    const input = await classifierInput(file, MAX_PIXELS);
    expect(input.data.every((value) => value === 255)).toBe(true);
  });

  it.each(manifestFiles('reject-corrupt'))('rejects the corrupt fixture %s', async (file) => {
    await expect(classifierInput(path.join(fixtures, file), MAX_PIXELS)).rejects.toThrow();
  });
});

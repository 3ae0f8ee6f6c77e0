import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Benchmark } from '../../api/bench/harness';

const IMAGES = 120;
const MIN_PIXELS = 300_000;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/** The still photos among the fixtures: every accepted, single-frame image of at least 0.3 MP. */
function fixturePhotos(root: string): string[] {
  const dir = path.join(root, 'apps/api/test/fixtures/images');
  const [header = '', ...rows] = readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const column = (name: string) => header.split('\t').indexOf(name);
  return rows
    .map((row) => row.split('\t'))
    .filter(
      (cells) =>
        cells[column('expected')]?.startsWith('accept') &&
        cells[column('expected')] !== 'accept-animated' &&
        Number(cells[column('width')]) * Number(cells[column('height')]) >= MIN_PIXELS,
    )
    .map((cells) => path.join(dir, cells[column('file')] ?? ''));
}

interface Mode {
  durations: number[];
  seconds: number;
}

const benchmark: Benchmark = {
  id: 'moderation-classifier',
  title: `On-device NSFW classifier: nsfwjs MobileNetV2 on the TensorFlow.js WASM backend, ${IMAGES} photos`,
  method:
    'apps/worker/bench/moderation-classifier-run.ts, in its own process: loads the classifier ' +
    '(`loadLocalClassifier`: tfjs, the WASM backend and the bundled model, all from node_modules), then ' +
    `classifies ${IMAGES} images per mode, cycling through the fixture photos (every accepted still image of ` +
    '≥ 0.3 MP in apps/api/test/fixtures/images: 0.3–10 MP JPEG, WebP, AVIF, PNG, GIF and TIFF). Each image is ' +
    'timed as the worker does it: `classifierInput` (decode, orient, 224×224 sRGB) plus `classify`. The modes ' +
    'are one image at a time and two in flight, in alternating rounds after one warm-up pass. MALLOC_ARENA_MAX=2 ' +
    'as in the worker.',
  async run({ root, env, log }) {
    const photos = fixturePhotos(root);
    log(`classifying ${IMAGES} × 2 images cycling through ${photos.length} fixture photos`);
    const out = execFileSync(
      path.join(root, 'node_modules/.bin/tsx'),
      [path.join(root, 'apps/worker/bench/moderation-classifier-run.ts'), String(IMAGES), ...photos],
      // The worker's start script sets MALLOC_ARENA_MAX=2; without it sharp's threads grow RSS by ~140 MB.
      { env: { ...env, MALLOC_ARENA_MAX: '2' }, maxBuffer: 10 * 1024 * 1024 },
    );
    const result = JSON.parse(out.toString()) as {
      loadMs: number;
      rssBeforeLoad: number;
      rssAfterLoad: number;
      peakRss: number;
      sequential: Mode;
      twoInFlight: Mode;
      cpuMs: { sequential: number; twoInFlight: number };
    };
    const mb = (bytes: number) => bytes / 1024 / 1024;
    const modeFigures = (label: string, mode: Mode, cpuMs: number) => [
      {
        name: `${label}: throughput`,
        value: mode.durations.length / mode.seconds,
        unit: 'images/s',
        note: `${mode.durations.length} images in ${mode.seconds.toFixed(1)} s; target ≥ 10`,
      },
      { name: `${label}: per image p50`, value: percentile(mode.durations, 50), unit: 'ms' },
      { name: `${label}: per image p95`, value: percentile(mode.durations, 95), unit: 'ms' },
      {
        name: `${label}: CPU per image`,
        value: cpuMs / mode.durations.length,
        unit: 'ms',
        note: 'user + system CPU of the process',
      },
    ];
    return [
      { name: 'load time', value: result.loadMs, unit: 'ms', note: 'first `loadLocalClassifier()`' },
      { name: 'RSS before load', value: mb(result.rssBeforeLoad), unit: 'MB', note: 'node + tsx + sharp' },
      { name: 'RSS after load', value: mb(result.rssAfterLoad), unit: 'MB' },
      { name: 'peak RSS', value: mb(result.peakRss), unit: 'MB', note: 'whole run' },
      ...modeFigures('one at a time', result.sequential, result.cpuMs.sequential),
      ...modeFigures('two in flight', result.twoInFlight, result.cpuMs.twoInFlight),
    ];
  },
};

export default benchmark;

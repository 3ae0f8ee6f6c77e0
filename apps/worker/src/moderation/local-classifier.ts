/**
 * The on-device NSFW classifier: nsfwjs's bundled MobileNetV2 on the TensorFlow.js WASM backend. Weights and
 * .wasm files come from node_modules; nothing is fetched. Everything loads on first use, with `import()`: the
 * CommonJS entry of nsfwjs takes ~7 s and ~700 MB to load (NOTES: On-device moderation). Inference runs on
 * the main thread (~50–80 ms per image): tfjs disables WASM threads in Node, its thread workers being browser
 * blob: scripts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { registerMultiplyAddBatchNorm } from './wasm-batch-norm';

export interface NsfwScores {
  Drawing: number;
  Hentai: number;
  Neutral: number;
  Porn: number;
  Sexy: number;
}

export interface Classifier {
  modelName: string;
  /** The nsfwjs package version, from its package.json. */
  modelVersion: string;
  /** Scores for all five classes (sum ≈ 1) of one 224×224 RGB image (raw, 3 channels, 8-bit). */
  classify(image: { data: Buffer; width: number; height: number; channels: 3 }): Promise<NsfwScores>;
}

const MODEL = 'MobileNetV2';
const CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'] as const;

const require = createRequire(import.meta.url);

/** nsfwjs exports no ./package.json, so walk up from its entry to find it. */
function nsfwjsVersion(): string {
  let dir = path.dirname(require.resolve('nsfwjs'));
  while (dir !== path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'nsfwjs' && pkg.version) return pkg.version;
    } catch {}
    dir = path.dirname(dir);
  }
  throw new Error('nsfwjs package.json not found');
}

/** tfjs and nsfwjs talk through console; the worker logs with pino, so their chatter is dropped while loading. */
async function quietly<T>(load: () => Promise<T>): Promise<T> {
  const { info, log, warn } = console;
  console.info = console.log = console.warn = () => {};
  try {
    return await load();
  } finally {
    Object.assign(console, { info, log, warn });
  }
}

/**
 * The Node build of tfjs-backend-wasm (Emscripten) adds `uncaughtException` and `unhandledRejection` handlers
 * that rethrow, which turns any stray error in the host process (a worker, a test runner) into a crash. Whatever
 * handlers loading added are removed again, so the host's own handling stays in charge.
 */
async function withoutAddedProcessHandlers<T>(load: () => Promise<T>): Promise<T> {
  const emitter: NodeJS.EventEmitter = process;
  const events = ['uncaughtException', 'unhandledRejection'];
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  try {
    return await load();
  } finally {
    for (const event of events) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)?.has(listener))
          emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
}

async function load(): Promise<Classifier> {
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  wasm.setWasmPaths(`${path.dirname(wasmFile)}/`);
  // Production mode skips tfjs's debug checks and its "install tfjs-node" warnings.
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) throw new Error('the TensorFlow.js WASM backend did not start');
  registerMultiplyAddBatchNorm(tf);
  const nsfwjs = await import('nsfwjs');
  const model = await quietly(() => nsfwjs.load(MODEL));

  return {
    modelName: `nsfwjs ${MODEL}`,
    modelVersion: nsfwjsVersion(),
    async classify(image) {
      if (image.channels !== 3 || image.data.length !== image.width * image.height * 3) {
        throw new Error(`expected ${image.width}×${image.height} raw RGB, got ${image.data.length} bytes`);
      }
      const pixels = tf.tensor3d(
        new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.length),
        [image.height, image.width, 3],
        'int32',
      );
      try {
        const predictions = await model.classify(pixels, CLASSES.length);
        const scores = Object.fromEntries(CLASSES.map((name) => [name, 0])) as unknown as NsfwScores;
        for (const { className, probability } of predictions) scores[className] = probability;
        return scores;
      } finally {
        pixels.dispose();
      }
    },
  };
}

let loading: Promise<Classifier> | undefined;

/** Loads nsfwjs once per process (memoised promise; a failed load is not memoised, so it can be retried). */
export function loadLocalClassifier(): Promise<Classifier> {
  loading ??= withoutAddedProcessHandlers(load).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

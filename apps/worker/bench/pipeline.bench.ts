import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, createDb, eq, inArray, media, mediaOperations } from '@phoenix4ge/db';
import { commonEnvShape, parseEnv, resolveDatabase } from '@phoenix4ge/shared/node';
import sharp from 'sharp';
import { z } from 'zod';
import type { Benchmark } from '../../api/bench/harness';
import { freePort, startProcess, stopProcess } from '../../api/bench/lib';

const IMAGES = 50;
const CONCURRENCY = os.availableParallelism();

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) * 1024;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/** 50 distinct, photo-like 4000×3000 JPEGs: a real photo, scaled, tinted and rotated a little differently each. */
async function makePhotos(dir: string, source: string): Promise<string[]> {
  const files: string[] = [];
  for (let index = 0; index < IMAGES; index += 1) {
    const file = path.join(dir, `photo-${index}.jpg`);
    await sharp(source)
      .rotate()
      .resize(4000, 3000, { fit: 'cover' })
      .modulate({
        brightness: 0.85 + (index % 7) * 0.05,
        hue: index * 7,
        saturation: 0.8 + (index % 5) * 0.1,
      })
      .jpeg({ quality: 90 })
      .toFile(file);
    files.push(file);
  }
  return files;
}

const benchmark: Benchmark = {
  id: 'pipeline',
  title: `Processing pipeline: ${IMAGES} × 12 MP JPEGs through the api and worker against bare sharp`,
  method:
    `${IMAGES} distinct 4000×3000 JPEGs (q90, made from a real photo) uploaded to the built api; the built worker ` +
    `(concurrency ${CONCURRENCY}, MALLOC_ARENA_MAX=2) makes the full variant set (thumb + sm/md/lg/xl in WebP and ` +
    'JPEG, decoded once at 1920 px), EXIF, ThumbHash, palette and pHash, writing files and rows. Time = first ' +
    'upload to the last `ready`. Per-image figures are `media_operations.processing_ms`. The baseline is ' +
    `apps/worker/bench/bare-sharp.ts: the same decode and encodes with the same settings and concurrency, in ` +
    'its own process with the same environment, in the same run.',
  async run({ root, env, log }) {
    const work = await mkdtemp(path.join(os.tmpdir(), 'p4g-bench-pipeline-'));
    let api: Awaited<ReturnType<typeof startProcess>> | undefined;
    let worker: ReturnType<typeof spawn> | undefined;
    try {
      log('generating photos');
      const photosDir = path.join(work, 'photos');
      await mkdir(photosDir, { recursive: true });
      const photos = await makePhotos(
        photosDir,
        path.join(root, 'apps/api/test/fixtures/images/iphone_hdr_YES.jpg'),
      );
      const benchEnv = {
        ...env,
        MALLOC_ARENA_MAX: '2',
        MEDIA_STORAGE_PATH: path.join(work, 'storage'),
        LOG_LEVEL: 'warn',
      };

      log('bare sharp');
      const tsx = path.join(root, 'node_modules/.bin/tsx');
      const bareOut = execFileSync(
        tsx,
        [
          path.join(root, 'apps/worker/bench/bare-sharp.ts'),
          String(CONCURRENCY),
          path.join(work, 'bare'),
          ...photos,
        ],
        {
          env: benchEnv,
          maxBuffer: 10 * 1024 * 1024,
        },
      );
      const bare = JSON.parse(bareOut.toString()) as { durations: number[]; seconds: number };
      const bareSeconds = bare.seconds;

      log('pipeline');
      const port = await freePort();
      const apiEnv = { ...benchEnv, PORT: String(port), HOST: '127.0.0.1' };
      api = await startProcess(
        process.execPath,
        [path.join(root, 'apps/api/dist/index.js')],
        apiEnv,
        `http://127.0.0.1:${port}/health`,
      );
      const cli = (...args: string[]) =>
        execFileSync(tsx, [path.join(root, 'apps/api/src/cli/index.ts'), ...args], { env: apiEnv });
      const suffix = randomBytes(3).toString('hex');
      const slug = `bench-${suffix}`;
      cli(
        'user:create',
        '--email',
        `bench-${suffix}@example.test`,
        '--password',
        'benchmark passphrase',
        '--admin',
      );
      cli('model:create', '--slug', slug, '--name', 'Bench');
      const login = await fetch(`http://127.0.0.1:${port}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-p4g-csrf': '1' },
        body: JSON.stringify({
          json: { email: `bench-${suffix}@example.test`, password: 'benchmark passphrase' },
        }),
      });
      const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';

      worker = spawn(process.execPath, [path.join(root, 'apps/worker/dist/index.js')], {
        env: benchEnv,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      let peakRss = 0;
      const sampler = setInterval(() => {
        void rssOf(worker?.pid ?? 0).then((rss) => (peakRss = Math.max(peakRss, rss)));
      }, 50);

      const database = resolveDatabase(parseEnv(z.object(commonEnvShape), benchEnv));
      const db = createDb(database);
      const started = performance.now();
      const ids: number[] = [];
      let nextUpload = 0;
      await Promise.all(
        Array.from({ length: 3 }, async () => {
          while (nextUpload < photos.length) {
            const file = photos[nextUpload++] ?? '';
            const form = new FormData();
            form.append(
              'file',
              new Blob([new Uint8Array(await readFile(file))], { type: 'image/jpeg' }),
              path.basename(file),
            );
            const response = await fetch(`http://127.0.0.1:${port}/api/model-media-library/${slug}/upload`, {
              method: 'POST',
              headers: { cookie, 'x-p4g-csrf': '1' },
              body: form,
            });
            const body = (await response.json()) as { files: { id: number }[] };
            ids.push(body.files[0]?.id ?? 0);
          }
        }),
      );
      for (;;) {
        // Only this run's uploads: other benchmarks of the same run share the database.
        const rows = await db.db
          .select({ status: media.processingStatus })
          .from(media)
          .where(inArray(media.id, ids));
        const finished = rows.filter((row) => row.status === 'ready' || row.status === 'failed').length;
        if (finished >= IMAGES) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      const operations = await db.db
        .select({ ms: mediaOperations.processingMs })
        .from(mediaOperations)
        .where(and(eq(mediaOperations.status, 'succeeded'), inArray(mediaOperations.mediaId, ids)));
      await db.close();
      const pipelineMs = operations.map((row) => row.ms ?? 0);

      const pipelineRate = IMAGES / seconds;
      const bareRate = IMAGES / bareSeconds;
      return [
        {
          name: 'pipeline throughput',
          value: pipelineRate,
          unit: 'images/s',
          note: `${IMAGES} images in ${seconds.toFixed(1)} s, upload to last ready`,
        },
        {
          name: 'bare sharp throughput',
          value: bareRate,
          unit: 'images/s',
          note: `${bareSeconds.toFixed(1)} s, measured inside its process`,
        },
        {
          name: 'pipeline / bare sharp',
          value: pipelineRate / bareRate,
          unit: 'ratio',
          note: 'target ≥ 0.9',
        },
        { name: 'pipeline per image p50', value: percentile(pipelineMs, 50), unit: 'ms' },
        { name: 'pipeline per image p95', value: percentile(pipelineMs, 95), unit: 'ms' },
        { name: 'bare sharp per image p50', value: percentile(bare.durations, 50), unit: 'ms' },
        { name: 'bare sharp per image p95', value: percentile(bare.durations, 95), unit: 'ms' },
        { name: 'worker peak RSS', value: peakRss / 1024 / 1024, unit: 'MB' },
      ];
    } finally {
      await stopProcess(worker);
      await stopProcess(api);
      await rm(work, { recursive: true, force: true });
    }
  },
};

export default benchmark;

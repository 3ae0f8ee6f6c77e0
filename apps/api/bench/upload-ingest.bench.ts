import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import { cpuByBucket, cpuSplitFigures, newestProfile, nowUs, uploadBuckets } from './cpu-profile';
import { postWithCurl } from './curl-upload';
import type { Benchmark } from './harness';
import {
  cpuSecondsOf,
  freePort,
  keepProfile,
  mainThreadCpuSecondsOf,
  startProcess,
  stopProcess,
} from './lib';

const FILES = 20;
const RSS_TARGET_MB = 64;
/** Ingest throughput as a share of the raw disk write of the same bytes. */
const RAW_SHARE_TARGET = 50;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
const SIDE = 4096; // 4096 × 4096 RGB noise as an uncompressed PNG: ~50 MB, distinct per file

/** Resident memory of a process in bytes (Linux /proc). */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  return kb * 1024;
}

async function makeImages(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (let index = 0; index < FILES; index += 1) {
    const file = path.join(dir, `noise-${index}.png`);
    await sharp(randomBytes(SIDE * SIDE * 3), { raw: { width: SIDE, height: SIDE, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toFile(file);
    files.push(file);
  }
  return files;
}

const benchmark: Benchmark = {
  id: 'ingest',
  title: `Upload ingest: ${FILES} concurrent ~50 MB uploads against a raw disk write`,
  method:
    `${FILES} distinct ${SIDE}×${SIDE} noise PNGs (~50 MB each, so nothing compresses or deduplicates) posted at ` +
    'once to the built api (production mode, local storage, no worker running) by one client process; the api ' +
    'streams each to a spool file with fsync, hashes it on the way and checks its headers (no pixel decode), ' +
    'renames it into place and commits the rows. ' +
    'RSS of the api process is sampled every 20 ms (growth = peak minus the RSS after a warm-up upload). The ' +
    'baseline writes the same files to the same disk, all at once, with fsync, before and after the api (the mean ' +
    "of the two). The client is one curl per file (C, kept as cheap as a browser's native upload: it shares the " +
    "two cores); the api's main-thread CPU is read from /proc/<pid>/task/<pid>/stat.",
  async run({ root, env, log }) {
    const work = await mkdtemp(path.join(os.tmpdir(), 'p4g-bench-ingest-'));
    const storage = path.join(work, 'storage');
    let api: Awaited<ReturnType<typeof startProcess>> | undefined;
    try {
      log('generating images');
      const images = await makeImages(path.join(await mkdirp(work, 'images')));
      const totalBytes = (await Promise.all(images.map((file) => stat(file)))).reduce(
        (sum, info) => sum + info.size,
        0,
      );

      // The disk's speed drifts on a shared machine: the baseline runs before and after the api (the mean counts).
      const rawBefore = await rawDiskWrite(images, await mkdirp(work, 'raw-before'));
      log(`raw disk write of the same bytes: ${rawBefore.toFixed(1)} s`);

      const port = await freePort();
      const apiEnv = {
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        MEDIA_STORAGE_PATH: storage,
        LOG_LEVEL: 'warn',
      };
      // With BENCH_PROFILES_DIR set, the api runs with --cpu-prof and its CPU is split by what it was doing.
      const profileDir = process.env.BENCH_PROFILES_DIR ? path.join(work, 'api-profile') : undefined;
      api = await startProcess(
        process.execPath,
        [
          ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
          path.join(root, 'apps/api/dist/index.js'),
        ],
        apiEnv,
        `http://127.0.0.1:${port}/health`,
      );
      const pid = api.pid ?? 0;
      const { cookie, slug } = await prepareTenant(`http://127.0.0.1:${port}`, root, apiEnv);
      const url = `http://127.0.0.1:${port}/api/model-media-library/${slug}/upload`;

      // Warm-up: one small upload so lazily loaded code (sharp, file-type) is in memory before the baseline.
      const warm = path.join(work, 'warm.png');
      await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
        .png()
        .toFile(warm);
      await postWithCurl(url, [warm], { cookie, type: 'image/png', parallel: 1 });
      const baseline = await rssOf(pid);
      let peak = baseline;
      const sampler = setInterval(() => {
        rssOf(pid).then(
          (rss) => (peak = Math.max(peak, rss)),
          () => undefined,
        );
      }, 20);

      log(`${FILES} concurrent uploads`);
      const apiCpuAtStart = await cpuSecondsOf(pid);
      const apiMainCpuAtStart = await mainThreadCpuSecondsOf(pid);
      const window = { fromUs: nowUs(), toUs: 0 };
      const started = performance.now();
      const clientCpu = await postWithCurl(url, images, {
        cookie,
        type: 'image/png',
        parallel: images.length,
      });
      const seconds = (performance.now() - started) / 1000;
      window.toUs = nowUs();
      const apiCpu = (await cpuSecondsOf(pid)) - apiCpuAtStart;
      const apiMainCpu = (await mainThreadCpuSecondsOf(pid)) - apiMainCpuAtStart;
      clearInterval(sampler);
      peak = Math.max(peak, await rssOf(pid));
      await stopProcess(api);
      const apiCpuSplit = profileDir
        ? await newestProfile(profileDir).then(async (file) => {
            await keepProfile(file, 'ingest-api');
            return cpuByBucket(file, uploadBuckets, window);
          })
        : [];

      const rawAfter = await rawDiskWrite(images, await mkdirp(work, 'raw-after'));
      const rawSeconds = (rawBefore + rawAfter) / 2;
      const mb = totalBytes / 1024 / 1024;
      const share = (mb / seconds / (mb / rawSeconds)) * 100;
      const growthMb = (peak - baseline) / 1024 / 1024;
      return [
        {
          name: 'api ingest throughput',
          value: mb / seconds,
          unit: 'MB/s',
          note: `${FILES} files, ${mb.toFixed(0)} MB in ${seconds.toFixed(1)} s`,
        },
        {
          name: 'raw disk write, same bytes',
          value: mb / rawSeconds,
          unit: 'MB/s',
          note: `mean of ${rawBefore.toFixed(2)} s before and ${rawAfter.toFixed(2)} s after the api`,
        },
        {
          name: 'api / raw disk',
          value: share,
          unit: '%',
          note: `target ≥ ${RAW_SHARE_TARGET} %: ${verdict(share >= RAW_SHARE_TARGET)}`,
        },
        {
          name: 'api CPU per MB',
          value: (apiCpu * 1000) / mb,
          unit: 'ms',
          note: `${apiCpu.toFixed(1)} CPU s in all (/proc), on the 2 cores the client shares`,
        },
        {
          name: 'api main thread CPU per MB',
          value: (apiMainCpu * 1000) / mb,
          unit: 'ms',
          note: 'the JS event loop; the rest is libuv threads (file writes, fsync) and V8 helpers',
        },
        {
          name: 'client CPU per MB',
          value: (clientCpu * 1000) / mb,
          unit: 'ms',
          note: `${clientCpu.toFixed(1)} CPU s: the curls sending the multipart bodies`,
        },
        ...cpuSplitFigures(apiCpuSplit, apiCpu, mb, 'api CPU per MB'),
        { name: 'api RSS after warm-up', value: baseline / 1024 / 1024, unit: 'MB' },
        {
          name: 'api peak RSS growth',
          value: growthMb,
          unit: 'MB',
          note: `target < ${RSS_TARGET_MB} MB: ${verdict(growthMb < RSS_TARGET_MB)}`,
        },
      ];
    } finally {
      await stopProcess(api);
      await rm(work, { recursive: true, force: true });
    }
  },
};

/** Seconds to write `files` into `dir` all at once, each fsynced: what the api's ingest is measured against. */
async function rawDiskWrite(files: string[], dir: string): Promise<number> {
  const started = performance.now();
  await Promise.all(
    files.map(async (file, index) => {
      const target = path.join(dir, `${index}.png`);
      await pipeline(createReadStream(file), createWriteStream(target));
      const handle = await open(target, 'r+');
      await handle.sync().finally(() => handle.close());
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await rm(dir, { recursive: true, force: true });
  return seconds;
}

async function mkdirp(parent: string, name: string) {
  const dir = path.join(parent, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** An editor session on a fresh model, made with the admin CLI and a sign-in. */
async function prepareTenant(baseUrl: string, root: string, env: Record<string, string>) {
  const { execFileSync } = await import('node:child_process');
  const suffix = randomBytes(3).toString('hex');
  const slug = `bench-${suffix}`;
  const email = `bench-${suffix}@example.test`;
  const password = 'benchmark passphrase';
  const cli = (...args: string[]) =>
    execFileSync(
      path.join(root, 'node_modules/.bin/tsx'),
      [path.join(root, 'apps/api/src/cli/index.ts'), ...args],
      { env },
    );
  cli('user:create', '--email', email, '--password', password, '--admin');
  cli('model:create', '--slug', slug, '--name', 'Bench');
  const login = () =>
    fetch(`${baseUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-p4g-csrf': '1' },
      body: JSON.stringify({ json: { email, password } }),
    });
  // The synchronous CLI calls above block this process's timers, so the pooled keep-alive socket of the health
  // check may be reused just as the api closes it ("other side closed"): one retry on a new socket.
  const response = await login().catch(login);
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  return { cookie, slug };
}

export default benchmark;

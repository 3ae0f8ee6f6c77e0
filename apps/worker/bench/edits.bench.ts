import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, createDb, eq, media, mediaOperations } from '@phoenix4ge/db';
import type { EditOperation } from '@phoenix4ge/shared';
import { defaultModelSettings } from '@phoenix4ge/shared';
import { commonEnvShape, parseEnv, resolveDatabase } from '@phoenix4ge/shared/node';
import { z } from 'zod';
import type { Benchmark, Figure } from '../../api/bench/harness';
import { freePort, startProcess, stopProcess } from '../../api/bench/lib';
import { WORKER_NODE_FLAGS } from '../src/node-flags';
import { makePhotos, percentile, rssOf } from './photos';

const PHOTOS = 5;
const PREVIEWS = 40;
const RSS_EDITS = 200;

/** The edit whose render is compared with first processing, and previewed: crop 4:5, turn, brighten. */
const EDIT: EditOperation[] = [
  { type: 'crop', aspect: '4:5' },
  { type: 'rotate', angle: 90 },
  { type: 'modulate', brightness: 1.15, saturation: 1.1 },
];
/** An edit without geometry: the same output size as first processing, so the engine's own cost shows. */
const COLOUR_EDIT: EditOperation[] = [
  { type: 'modulate', brightness: 1.1, saturation: 1.2 },
  { type: 'contrast', amount: 20 },
];

const median = (values: number[]) => percentile(values, 50);
const mb = (bytes: number) => bytes / 1024 / 1024;

const benchmark: Benchmark = {
  id: 'edits',
  title: 'Edits: saving a version of a 12 MP JPEG against its first processing, previews, worker memory',
  method:
    `${PHOTOS} distinct 4000×3000 JPEGs (q90, from a real photo) uploaded one at a time to the built api and ` +
    'processed by the built worker (concurrency 1, MALLOC_ARENA_MAX=2, manual moderation); then each gets one ' +
    'saved edit (crop 4:5, rotate 90°, modulate), rendered by the same worker one at a time, then a colour-only ' +
    'edit (modulate, contrast). The times are ' +
    '`media_operations.processing_ms` of the same photo (its `process` and its `edit`): the ratio compares medians. ' +
    `Previews: ${PREVIEWS} \`edits.preview\` calls of the same edit with a moving brightness (the slider), one at a ` +
    'time, while the worker is busy rendering a second edit of every photo; latency as the client sees it. Memory: ' +
    `${RSS_EDITS} edits in a row of one photo (each saved on the previous one), the worker's RSS after the first ` +
    'and after the last render.',
  async run({ root, env, log }) {
    const work = await mkdtemp(path.join(os.tmpdir(), 'p4g-bench-edits-'));
    let api: Awaited<ReturnType<typeof startProcess>> | undefined;
    let worker: ReturnType<typeof spawn> | undefined;
    const benchEnv = {
      ...env,
      MALLOC_ARENA_MAX: '2',
      WORKER_CONCURRENCY: '1',
      MEDIA_STORAGE_PATH: path.join(work, 'storage'),
      LOG_LEVEL: 'warn',
    };
    const db = createDb(resolveDatabase(parseEnv(z.object(commonEnvShape), benchEnv)));
    try {
      log('generating photos');
      const photosDir = path.join(work, 'photos');
      await mkdir(photosDir, { recursive: true });
      const photos = await makePhotos(
        photosDir,
        path.join(root, 'apps/api/test/fixtures/images/iphone_hdr_YES.jpg'),
        PHOTOS,
      );

      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const apiEnv = { ...benchEnv, PORT: String(port), HOST: '127.0.0.1' };
      api = await startProcess(
        process.execPath,
        [path.join(root, 'apps/api/dist/index.js')],
        apiEnv,
        `${base}/health`,
      );
      const tsx = path.join(root, 'node_modules/.bin/tsx');
      const cli = (...args: string[]) =>
        execFileSync(tsx, [path.join(root, 'apps/api/src/cli/index.ts'), ...args], { env: apiEnv });
      const suffix = randomBytes(3).toString('hex');
      const slug = `bench-edits-${suffix}`;
      const email = `bench-${suffix}@example.test`;
      cli('user:create', '--email', email, '--password', 'benchmark passphrase', '--admin');
      cli('model:create', '--slug', slug, '--name', 'Bench edits');
      const login = await fetch(`${base}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-p4g-csrf': '1' },
        body: JSON.stringify({ json: { email, password: 'benchmark passphrase' } }),
      });
      const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
      const call = async <T>(procedure: string, input: unknown): Promise<T> => {
        const response = await fetch(`${base}/trpc/${procedure}`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json', 'x-p4g-csrf': '1' },
          body: JSON.stringify({ json: input }),
        });
        const body = (await response.json()) as { result?: { data: { json: T } } };
        if (!response.ok || !body.result)
          throw new Error(`${procedure}: ${response.status} ${JSON.stringify(body)}`);
        return body.result.data.json;
      };
      await call('models.update', {
        modelSlug: slug,
        settings: {
          ...defaultModelSettings,
          moderation: { ...defaultModelSettings.moderation, provider: 'manual' },
        },
      });

      worker = spawn(process.execPath, [...WORKER_NODE_FLAGS, path.join(root, 'apps/worker/dist/index.js')], {
        env: benchEnv,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const workerPid = worker.pid ?? 0;
      const row = (id: number) => db.db.query.media.findFirst({ where: eq(media.id, id) });
      const waitFor = async (id: number, done: (item: Awaited<ReturnType<typeof row>>) => boolean) => {
        for (;;) {
          const item = await row(id);
          if (done(item)) return item;
          if (item?.processingStatus === 'failed')
            throw new Error(`media ${id} failed: ${item.processingError}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      /** The finished operation's processing time (the log row is closed just after the version switch). */
      const operationMs = async (id: number, operation: string, operationId?: number) => {
        for (let tries = 0; tries < 200; tries += 1) {
          const rows = await db.db
            .select()
            .from(mediaOperations)
            .where(and(eq(mediaOperations.mediaId, id), eq(mediaOperations.operation, operation)));
          const done = rows.find(
            (entry) =>
              entry.status === 'succeeded' && (operationId === undefined || entry.id === operationId),
          );
          if (done?.processingMs) return done.processingMs;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error(`no finished ${operation} of media ${id}`);
      };
      /** Saves `operations` as the next version of each photo, one at a time; the render time of each. */
      const editEach = async (operations: EditOperation[], baseVersion: number) => {
        const times: number[] = [];
        for (const id of ids) {
          const saved = await call<{ operationId: number }>('edits.apply', {
            modelSlug: slug,
            mediaId: id,
            baseVersion,
            operations,
          });
          await waitFor(id, (item) => item?.currentVersion === baseVersion + 1);
          times.push(await operationMs(id, 'edit', saved.operationId));
        }
        return times;
      };

      log('first processing, one photo at a time');
      const ids: number[] = [];
      for (const file of photos) {
        const form = new FormData();
        form.append(
          'file',
          new Blob([new Uint8Array(await readFile(file))], { type: 'image/jpeg' }),
          path.basename(file),
        );
        const response = await fetch(`${base}/api/model-media-library/${slug}/upload`, {
          method: 'POST',
          headers: { cookie, 'x-p4g-csrf': '1' },
          body: form,
        });
        const body = (await response.json()) as { files: { id: number }[] };
        const id = body.files[0]?.id ?? 0;
        await waitFor(id, (item) => item?.processingStatus === 'ready');
        ids.push(id);
      }
      const processMs = await Promise.all(ids.map((id) => operationMs(id, 'process')));

      log('one edit of each photo, one at a time, then a colour-only edit of each');
      const editMs = await editEach(EDIT, 0);
      const ratio = median(editMs) / median(processMs);
      const colourMs = await editEach(COLOUR_EDIT, 1);
      const colourRatio = median(colourMs) / median(processMs);

      log(`${PREVIEWS} previews while the worker renders`);
      const heavier: EditOperation[] = [
        { type: 'rotate', angle: 7 },
        { type: 'sharpen', amount: 50 },
      ];
      for (const id of ids)
        await call('edits.apply', { modelSlug: slug, mediaId: id, baseVersion: 2, operations: heavier });
      const previewMs: number[] = [];
      const busyDuring: boolean[] = [];
      const previewed = ids[0] ?? 0;
      for (let index = 0; index < PREVIEWS; index += 1) {
        const operations = EDIT.map((operation) =>
          operation.type === 'modulate' ? { ...operation, brightness: 0.8 + index * 0.02 } : operation,
        );
        const started = performance.now();
        await call('edits.preview', { modelSlug: slug, mediaId: previewed, operations, maxSize: 1200 });
        previewMs.push(performance.now() - started);
        busyDuring.push((await Promise.all(ids.map(row))).some((item) => item?.currentVersion !== 3));
      }
      const busyShare = busyDuring.filter(Boolean).length / busyDuring.length;
      for (const id of ids) await waitFor(id, (item) => item?.currentVersion === 3);

      log(`${RSS_EDITS} edits in a row of one photo`);
      const target = ids[1] ?? 0;
      let version = 3;
      const brighten = (step: number): EditOperation[] => [
        { type: 'crop', aspect: step % 2 === 0 ? '4:5' : '3:2' },
        { type: 'modulate', brightness: 0.9 + (step % 10) * 0.02 },
      ];
      await call('edits.apply', {
        modelSlug: slug,
        mediaId: target,
        baseVersion: version,
        operations: brighten(0),
      });
      version += 1;
      await waitFor(target, (item) => item?.currentVersion === version);
      const rssStart = await rssOf(workerPid);
      let rssPeak = rssStart;
      const sampler = setInterval(() => {
        void rssOf(workerPid).then((rss) => (rssPeak = Math.max(rssPeak, rss)));
      }, 100);
      const loopStarted = performance.now();
      for (let step = 1; step < RSS_EDITS; step += 1) {
        await call('edits.apply', {
          modelSlug: slug,
          mediaId: target,
          baseVersion: version,
          operations: brighten(step),
        });
        version += 1;
      }
      await waitFor(target, (item) => item?.currentVersion === version);
      clearInterval(sampler);
      const loopSeconds = (performance.now() - loopStarted) / 1000;
      const rssEnd = await rssOf(workerPid);

      const figures: Figure[] = [
        {
          name: 'first processing of a 12 MP JPEG: median',
          value: median(processMs),
          unit: 'ms',
          note: `baseline; ${processMs.map((value) => Math.round(value)).join(', ')} ms`,
        },
        {
          name: 'saving an edit of the same photo (crop 4:5, rotate 90°, modulate): median',
          value: median(editMs),
          unit: 'ms',
          note: `${editMs.map((value) => Math.round(value)).join(', ')} ms`,
        },
        {
          name: 'edit ÷ first processing',
          value: ratio,
          unit: '×',
          note:
            `target ≤ 1.1: ${ratio <= 1.1 ? 'PASS' : 'FAIL'}; the 4:5 crop turned to 1920×1536 needs more than half ` +
            "the original's resolution, so the JPEG is decoded in full where first processing shrinks it on load",
        },
        {
          name: 'saving a colour-only edit (modulate, contrast): median',
          value: median(colourMs),
          unit: 'ms',
          note: `${colourMs.map((value) => Math.round(value)).join(', ')} ms`,
        },
        {
          name: 'colour-only edit ÷ first processing',
          value: colourRatio,
          unit: '×',
          note: `target ≤ 1.1: ${colourRatio <= 1.1 ? 'PASS' : 'FAIL'}; same output size as first processing`,
        },
        {
          name: 'preview (≤ 1200 px, same edit, moving brightness): p50',
          value: percentile(previewMs, 50),
          unit: 'ms',
          note: `target < 250 ms: ${percentile(previewMs, 50) < 250 ? 'PASS' : 'FAIL'}; first (decodes the original): ${Math.round(previewMs[0] ?? 0)} ms`,
        },
        {
          name: 'preview: p95',
          value: percentile(previewMs, 95),
          unit: 'ms',
          note: `target < 500 ms: ${percentile(previewMs, 95) < 500 ? 'PASS' : 'FAIL'}; the worker was rendering during ${Math.round(busyShare * 100)} % of them`,
        },
        {
          name: `worker RSS after the first of ${RSS_EDITS} edits in a row`,
          value: mb(rssStart),
          unit: 'MB',
        },
        {
          name: `worker RSS after the last of ${RSS_EDITS} edits in a row`,
          value: mb(rssEnd),
          unit: 'MB',
          note: `peak ${mb(rssPeak).toFixed(0)} MB; ${RSS_EDITS} renders in ${loopSeconds.toFixed(0)} s`,
        },
      ];
      return figures;
    } finally {
      worker?.kill('SIGTERM');
      if (worker && worker.exitCode === null) await new Promise((resolve) => worker?.once('exit', resolve));
      await stopProcess(api);
      await db.close();
      await rm(work, { recursive: true, force: true });
    }
  },
};

export default benchmark;

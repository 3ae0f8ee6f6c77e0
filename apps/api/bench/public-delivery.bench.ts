import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDb, createPublicationRepository } from '@phoenix4ge/db';
import type { PublicGalleryPage } from '@phoenix4ge/shared';
import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import {
  bumpPublicationVersion,
  commonEnvShape,
  createRedis,
  parseEnv,
  publicationChannel,
  resolveDatabase,
  resolveRedis,
  waitForRedis,
} from '@phoenix4ge/shared/node';
import sharp from 'sharp';
import { z } from 'zod';
import { analyticsFlushJobs } from '../test/support/analytics-flush';
import type { Benchmark, Figure } from './harness';
import { freePort, startProcess, stopProcess } from './lib';
import type { RunningApi } from './library/api';
import { startApiAndWorker } from './library/api';
import { openLibraryDatabase } from './library/database';
import { captureQueries, explainMarkdown, explainQueries, writeExplainBlock } from './library/explain';
import { coldLatencies, percentile } from './library/measure';
import { BIG_MODEL_SLUG, LIBRARY } from './library/size';
import { EVENTS_PER_BATCH, postEvents } from './public/ingest';
import { addWebVariants, benchVariantKey, removeWebVariants, writeStoredFiles } from './public/seed';
import { takedownMs, urlsOf } from './public/takedown';
import type { LoadRun, Rounds } from './rounds';
import { interleaved } from './rounds';

const CONNECTIONS = 32;
const SECONDS = 10;
/** Rounds of the interleaved throughput runs (rounds.ts). */
const ROUNDS = 3;
const PAGE = 60;
const COLD_SAMPLES = 200;
/** Uncached requests before the measured ones, unmeasured (as the throughput runs' warm-up): the miss path's first
 * runs in a process that has so far only served cached pages are its JIT warm-up, 20–50 ms each. */
const COLD_WARMUP = 20;
const TAKEDOWNS = 40;
/** Event batches posted (each of EVENTS_PER_BATCH views). */
const EVENT_REQUESTS = 1000;
/** What Chromium sends. */
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';
/** What Chromium sends for an `<img>`. */
const IMAGE_ACCEPT = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';
/** A browser without AVIF (the measured file is the WebP). */
const WEBP_ACCEPT = 'image/webp,image/apng,image/*,*/*;q=0.8';

const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

/** A real ~100 KB WebP: a fixture photo, the width and quality that come nearest to 100 KB. */
async function hundredKilobyteWebp(root: string): Promise<Buffer> {
  const photo = path.join(root, 'apps/api/test/fixtures/images/DSCN0010.jpg');
  let best: Buffer | undefined;
  for (const width of [1200, 1000, 800]) {
    for (const quality of [85, 75, 65, 55, 45]) {
      const bytes = await sharp(photo).rotate().resize({ width }).webp({ quality }).toBuffer();
      if (!best || Math.abs(bytes.length - 100_000) < Math.abs(best.length - 100_000)) best = bytes;
    }
  }
  return best as Buffer;
}

/** The size of an answer as sent (fetch would decompress it). */
function bytesOnTheWire(url: string, acceptEncoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on('end', () => resolve(bytes));
      response.on('error', reject);
    }).on('error', reject);
  });
}

/** The api's count of computed gallery pages (its /metrics answers loopback without a token). */
async function galleryCount(base: string, series: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(series))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}
const execFileAsync = promisify(execFile);

const galleryMisses = (base: string) =>
  galleryCount(base, 'phoenix4ge_gallery_cache_misses_total{endpoint="gallery"');
/** Gallery answers the api replayed before routing (http/public-replay.ts). */
const galleryReplays = (base: string) =>
  galleryCount(base, 'phoenix4ge_gallery_cache_hits_total{endpoint="gallery",tier="replay"');

const loggedDb = (config: DatabaseConfig, logQuery: (sql: string, params: unknown[]) => void) =>
  createDb(config, { logQuery, connectionLimit: 2 });

const benchmark: Benchmark = {
  id: 'public',
  title: 'Public delivery: gallery API, image URLs, event ingest and takedown over 1,000,000 media',
  method:
    "The listing benchmark's generated library (1,000,000 media, the big model with 200,000; `BENCH_LIBRARY_KEEP=1` " +
    'reuses it), with every web preset in AVIF, WebP and JPEG added for the items the pages read. The built api ' +
    `and a worker in production mode. Throughput: wrk (one thread), ${CONNECTIONS} connections, ${SECONDS} s after a ` +
    `2 s warm-up, the servers on the first core and wrk on the second, in ${ROUNDS} interleaved rounds ` +
    '(bench/rounds.ts): each round runs a bare Fastify hello-world, ' +
    `the big model's first gallery page of ${PAGE} cached (uncompressed, as a browser asks, revalidated), ` +
    '`@fastify/static` serving a ~100 KB WebP and the image URL `/i/<token>/lg` answering the same file (the ' +
    "`Accept` of a browser without AVIF); a ratio is the median of the rounds' ratios, a figure the median run. " +
    'wrk, not autocannon: on the same two cores, autocannon (JavaScript) spent 50–70 µs of CPU per 63 KB page, ' +
    'more than the api, and wrk 40–45 µs. ' +
    `Uncached gallery: ${COLD_SAMPLES} single requests each right after the publication version moved, after ${COLD_WARMUP} unmeasured ones, from a client process of its own. Events: ${EVENT_REQUESTS.toLocaleString('en-US')} batches of ${EVENTS_PER_BATCH} views, a new visitor per request, then the worker's flush ` +
    `job drains the Redis buffer. Takedown: ${TAKEDOWNS} items, each rejected through \`moderation.decide\` while ` +
    'every URL the gallery returned for it is polled until all answer 404.',
  async run({ root, env, log }) {
    const keep = env.BENCH_LIBRARY_KEEP === '1';
    const common = parseEnv(z.object(commonEnvShape), env);
    const redisConfig = resolveRedis(common);
    const figures: Figure[] = [];
    const record = (...measured: Figure[]) => {
      for (const figure of measured)
        log(`${figure.name}: ${figure.value.toFixed(1)} ${figure.unit}  ${figure.note ?? ''}`);
      figures.push(...measured);
    };
    const library = await openLibraryDatabase(resolveDatabase(common), root, LIBRARY, keep, log);
    const { handle } = library;
    const storage = await mkdtemp(path.join(tmpdir(), 'p4g-bench-public-'));
    const redis = createRedis(redisConfig, 'command', 'p4g-bench-public');
    const publication = createPublicationRepository(handle.db);
    let api: RunningApi | undefined;
    let seeded: number[] = [];
    const takenDown: number[] = [];
    try {
      const [bigRows] = await handle.pool.query('SELECT id FROM models WHERE slug = ?', [BIG_MODEL_SLUG]);
      const big = (bigRows as { id: number }[])[0];
      if (!big) throw new Error(`the generated library has no model ${BIG_MODEL_SLUG}`);
      const [categoryRows] = await handle.pool.query(
        'SELECT category_id AS id FROM model_media_library WHERE model_id = ? AND category_id IS NOT NULL GROUP BY category_id ORDER BY COUNT(*) DESC LIMIT 1',
        [big.id],
      );
      const categoryId = (categoryRows as { id: number }[])[0]?.id ?? 0;

      // The items the pages read, and the takedown's: the first public ones, newest first and in the category.
      const newest = await publication.galleryPage(big.id, { limit: 4 * PAGE });
      const inCategory = await publication.galleryPage(big.id, { categoryId, limit: 2 * PAGE });
      seeded = [...new Set([...newest, ...inCategory].map((row) => row.id))];
      log(`adding web variants to ${seeded.length} items`);
      await addWebVariants(handle, seeded);

      // Real files behind the URLs fetched: the 100 KB WebP for the measured one, a small file for the rest.
      const webp = await hundredKilobyteWebp(root);
      const small = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
        .webp()
        .toBuffer();
      const measuredItem = newest[0];
      if (!measuredItem) throw new Error('the big model has no public item');
      await writeStoredFiles(
        storage,
        [benchVariantKey(measuredItem.id, measuredItem.publicVersion, 'lg', 'webp')],
        webp,
      );
      const takedownItems = newest.slice(PAGE, PAGE + TAKEDOWNS);
      await writeStoredFiles(
        storage,
        takedownItems.flatMap((row) =>
          ['sm', 'md', 'lg', 'xl'].flatMap((preset) =>
            ['avif', 'webp', 'jpeg'].map((format) =>
              benchVariantKey(row.id, row.publicVersion, preset, format),
            ),
          ),
        ),
        small,
      );

      api = await startApiAndWorker(root, {
        ...env,
        DATABASE_URL: library.config.url,
        TRASH_RETENTION_DAYS: '3650',
        MEDIA_STORAGE_PATH: storage,
      });
      const galleryUrl = `${api.base}/api/public/${BIG_MODEL_SLUG}/gallery?limit=${PAGE}`;
      const firstPage = (await (await fetch(galleryUrl)).json()) as PublicGalleryPage;
      const pageBytes = Buffer.byteLength(JSON.stringify(firstPage));
      if (firstPage.items.length !== PAGE)
        throw new Error(`the first page has ${firstPage.items.length} items`);

      // Baselines in the same run: a bare Fastify hello-world, and @fastify/static serving the same WebP.
      const staticRoot = path.join(
        storage,
        path.dirname(benchVariantKey(measuredItem.id, measuredItem.publicVersion, 'lg', 'webp')),
      );
      const lgWebp = firstPage.items[0]?.srcset.webp
        ?.split(', ')
        .find((entry) => entry.includes('/lg '))
        ?.split(' ')[0];
      if (!lgWebp) throw new Error('the first item has no lg WebP');
      const imageUrl = new URL(lgWebp, api.base).href;
      const imageCheck = await fetch(imageUrl, { headers: { accept: WEBP_ACCEPT } });
      const imageBytes = (await imageCheck.arrayBuffer()).byteLength;
      if (imageCheck.headers.get('content-type') !== 'image/webp') {
        throw new Error(
          `${imageUrl} answered ${imageCheck.status} ${imageCheck.headers.get('content-type')}`,
        );
      }
      const baselinePort = await freePort();
      const staticPort = await freePort();
      const tsx = path.join(root, 'apps/api/node_modules/.bin/tsx');
      const hello = await startProcess(
        tsx,
        [path.join(root, 'apps/api/bench/servers/hello-fastify.ts')],
        { ...env, PORT: String(baselinePort) },
        `http://127.0.0.1:${baselinePort}/hello`,
      );
      const staticServer = await startProcess(
        tsx,
        [path.join(root, 'apps/api/bench/servers/static-file.ts')],
        { ...env, PORT: String(staticPort), STATIC_ROOT: staticRoot },
        `http://127.0.0.1:${staticPort}/static/lg.webp`,
      );
      // The ETag of what wrk is sent (it asks for no encoding: identity). fetch asks for gzip by itself, and the
      // ETag of the gzip form made every "revalidated" request a full 200 of the page.
      const identity = { 'accept-encoding': 'identity' };
      const etag = String((await fetch(galleryUrl, { headers: identity })).headers.get('etag'));
      const revalidation = await fetch(galleryUrl, { headers: { ...identity, 'if-none-match': etag } });
      if (revalidation.status !== 304)
        throw new Error(`revalidating with ${etag} answered ${revalidation.status}, not 304`);
      const runs: LoadRun[] = [
        { id: 'hello', url: `http://127.0.0.1:${baselinePort}/hello`, pid: hello.pid },
        { id: 'cached', url: galleryUrl, pid: api.pid },
        {
          id: 'compressed',
          url: galleryUrl,
          pid: api.pid,
          headers: { 'accept-encoding': BROWSER_ENCODINGS },
        },
        { id: 'revalidated', url: galleryUrl, pid: api.pid, headers: { 'if-none-match': etag } },
        {
          id: 'static',
          url: `http://127.0.0.1:${staticPort}/static/lg.webp`,
          pid: staticServer.pid,
          headers: { accept: WEBP_ACCEPT },
        },
        { id: 'image', url: imageUrl, pid: api.pid, headers: { accept: WEBP_ACCEPT } },
      ];
      const replaysBefore = await galleryReplays(api.base);
      let rounds: Rounds;
      try {
        rounds = await interleaved(runs, ROUNDS, log, { connections: CONNECTIONS, seconds: SECONDS });
      } finally {
        await stopProcess(hello);
        await stopProcess(staticServer);
      }
      const replayed = (await galleryReplays(api.base)) - replaysBefore;
      const helloWorld = rounds.median('hello');
      const galleryRows = [
        ['cached', `first page of ${PAGE} (${Math.round(pageBytes / 1024)} KB), cached, uncompressed`, ''],
        [
          'compressed',
          `cached, as a browser asks (Accept-Encoding: ${BROWSER_ENCODINGS})`,
          `; brotli, ${Math.round((await bytesOnTheWire(galleryUrl, BROWSER_ENCODINGS)) / 1024)} KB on the wire`,
        ],
        ['revalidated', 'cached, revalidated (If-None-Match → 304)', ''],
      ] as const;
      record(
        {
          name: 'Fastify hello-world: throughput',
          value: helloWorld.requestsPerSecond,
          unit: 'req/s',
          note: `baseline: median of ${ROUNDS} runs (${rounds.list('hello')} req/s)`,
        },
        {
          name: `Fastify hello-world: latency p99, ${CONNECTIONS} connections`,
          value: helloWorld.p99Ms,
          unit: 'ms',
          note: 'median of the runs',
        },
      );
      for (const [id, title, extra] of galleryRows) {
        const result = rounds.median(id);
        const throughput = rounds.ratio(id, 'hello', (run) => run.requestsPerSecond);
        // Latency the other way round: the hello-world's p99 over the gallery's, so 0.5 means twice as slow.
        const latency = rounds.ratio(id, 'hello', (run) => 1 / run.p99Ms);
        record(
          {
            name: `gallery, ${title}: throughput`,
            value: result.requestsPerSecond,
            unit: 'req/s',
            note: `${throughput.toFixed(2)} × Fastify hello-world (median of the ${ROUNDS} rounds' ratios); target ≥ 0.5: ${verdict(throughput >= 0.5)}${result.errors ? `; ${result.errors} failed` : ''}${extra}`,
          },
          {
            name: `gallery, ${title}: latency p99, ${CONNECTIONS} connections`,
            value: result.p99Ms,
            unit: 'ms',
            note: `hello-world's p99 / this p99 = ${latency.toFixed(2)}; target ≥ 0.5: ${verdict(latency >= 0.5)}`,
          },
        );
      }
      const cachedRequests = galleryRows.reduce(
        (sum, [id]) => sum + rounds.all(id).reduce((runs, run) => runs + run.requestsPerSecond * SECONDS, 0),
        0,
      );
      record({
        name: 'gallery, cached: answers replayed before routing',
        value: replayed,
        unit: 'answers',
        note: `http/public-replay.ts; the measured gallery runs made ~${Math.round(cachedRequests).toLocaleString('en-US')} requests (plus 2 s warm-ups)`,
      });
      // Which side set the pace: on two shared cores the load generator's CPU per answer bounds the rate too.
      for (const [title, id] of [
        ['Fastify hello-world', 'hello'],
        ['gallery, cached, uncompressed', 'cached'],
        ['gallery, cached, as a browser asks', 'compressed'],
        ['gallery, cached, revalidated', 'revalidated'],
      ] as const) {
        const result = rounds.median(id);
        record({
          name: `${title}: server CPU per request`,
          value: result.serverCpuUsPerRequest ?? 0,
          unit: 'µs',
          note: `load generator (wrk) ${Math.round(result.clientCpuUsPerRequest ?? 0)} µs per request`,
        });
      }
      const staticFile = rounds.median('static');
      const image = rounds.median('image');
      const imageRatio = rounds.ratio('image', 'static', (run) => run.requestsPerSecond);
      record(
        {
          name: '@fastify/static, the same WebP: throughput',
          value: staticFile.requestsPerSecond,
          unit: 'req/s',
          note: `baseline, median of ${ROUNDS} runs; p99 ${staticFile.p99Ms} ms`,
        },
        {
          name: `image URL /i/<token>/lg, ${Math.round(imageBytes / 1024)} KB WebP: throughput`,
          value: image.requestsPerSecond,
          unit: 'req/s',
          note: `${imageRatio.toFixed(2)} × @fastify/static (median of the rounds' ratios); target ≥ 0.8: ${verdict(imageRatio >= 0.8)}; p99 ${image.p99Ms} ms${image.errors ? `; ${image.errors} failed` : ''}`,
        },
      );

      // Uncached first pages: each request right after the publication version moved and the move was announced
      // (the api keeps versions in memory until it hears one move); the api's own miss counter proves each was a
      // miss. The client runs in a process of its own (public/cold-client.ts); the same requests made from this
      // process are logged beside, for comparison.
      await waitForRedis(redis, 5000);
      const listener = createRedis(redisConfig, 'blocking', 'p4g-bench-public-listener');
      await waitForRedis(listener, 5000); // see public/cold-client.ts
      await listener.subscribe(publicationChannel(redisConfig));
      const bump = async () => {
        const heard = new Promise((resolve) => listener.once('message', resolve));
        await bumpPublicationVersion(redis, redisConfig, big.id);
        await heard;
      };
      for (const [title, url] of [
        ['newest first', galleryUrl],
        ['one category, manual order', `${galleryUrl}&category=${categoryId}`],
      ] as const) {
        const missesBefore = await galleryMisses(api.base);
        const { stdout } = await execFileAsync(
          tsx,
          [
            path.join(root, 'apps/api/bench/public/cold-client.ts'),
            String(big.id),
            String(COLD_WARMUP),
            String(COLD_SAMPLES),
            url,
          ],
          { env },
        );
        const cold = JSON.parse(stdout) as number[];
        const misses = (await galleryMisses(api.base)) - missesBefore;
        if (misses !== COLD_WARMUP + COLD_SAMPLES) {
          throw new Error(
            `only ${misses} of the ${COLD_WARMUP + COLD_SAMPLES} uncached requests (${title}) were cache misses`,
          );
        }
        const inProcess = await coldLatencies(url, '', bump, COLD_SAMPLES);
        const p99 = percentile(cold, 99);
        record(
          {
            name: `gallery, uncached first page, ${title}: latency p50`,
            value: percentile(cold, 50),
            unit: 'ms',
          },
          {
            name: `gallery, uncached first page, ${title}: latency p99`,
            value: p99,
            unit: 'ms',
            note: `${COLD_SAMPLES} single requests, each after the publication version moved; target < 30 ms: ${verdict(p99 < 30)}; the same from the benchmark's own process: p50 ${percentile(inProcess, 50).toFixed(1)}, p99 ${percentile(inProcess, 99).toFixed(1)} ms`,
          },
        );
      }
      listener.disconnect();

      // Event ingest, then the flush drains the buffer into the database.
      const ids = firstPage.items.map((item) => item.id);
      const [before] = await handle.pool.query(
        'SELECT COALESCE(SUM(view_count), 0) AS views FROM media_analytics',
      );
      const ingest = await postEvents(`${api.base}/api/public/${BIG_MODEL_SLUG}/events`, ids, {
        connections: CONNECTIONS,
        requests: EVENT_REQUESTS,
      });
      const perSecond = ingest.accepted / ingest.seconds;
      const flush = analyticsFlushJobs({ ...redisConfig, keyPrefix: redisConfig.keyPrefix });
      const flushStarted = performance.now();
      try {
        await flush.run();
      } finally {
        await flush.close();
      }
      const flushMs = performance.now() - flushStarted;
      const backlog = await redis.zcard(`${redisConfig.keyPrefix}:analytics:buckets`);
      const [after] = await handle.pool.query(
        'SELECT COALESCE(SUM(view_count), 0) AS views FROM media_analytics',
      );
      const counted =
        Number((after as { views: number }[])[0]?.views) - Number((before as { views: number }[])[0]?.views);
      record(
        {
          name: `events accepted (${EVENTS_PER_BATCH} views a request)`,
          value: perSecond,
          unit: 'events/s',
          note: `target ≥ 5,000: ${verdict(perSecond >= 5000)}; ${Math.round(ingest.requestsPerSecond)} req/s, p99 ${ingest.p99Ms} ms${ingest.errors ? `; ${ingest.errors} not accepted` : ''}`,
        },
        {
          name: `flush of the backlog (${ingest.accepted.toLocaleString('en-US')} views)`,
          value: flushMs,
          unit: 'ms',
          note: `one maintenance.analytics-flush job (every minute); buckets left ${backlog}; views counted in the database ${counted.toLocaleString('en-US')} (${counted === ingest.accepted ? 'every accepted view, none twice' : 'MISMATCH'})`,
        },
      );

      // Takedown.
      const { base } = api;
      const latencies: number[] = [];
      const galleryItems = new Map<number, PublicGalleryPage['items'][number]>();
      let cursor: string | null = null;
      while (galleryItems.size < PAGE + TAKEDOWNS) {
        const page = (await (
          await fetch(`${galleryUrl}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        ).json()) as PublicGalleryPage;
        for (const item of page.items) galleryItems.set(item.id, item);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      for (const row of takedownItems) {
        const item = galleryItems.get(row.id);
        if (!item) throw new Error(`item ${row.id} is not in the gallery`);
        latencies.push(
          await takedownMs(
            api.session,
            BIG_MODEL_SLUG,
            { id: item.id, urls: urlsOf(item).map((url) => new URL(url, base).href) },
            IMAGE_ACCEPT,
          ),
        );
        takenDown.push(item.id);
      }
      const takedownP99 = percentile(latencies, 99);
      record(
        { name: 'takedown: reject → every URL 404, p50', value: percentile(latencies, 50), unit: 'ms' },
        {
          name: 'takedown: reject → every URL 404, p99',
          value: takedownP99,
          unit: 'ms',
          note: `${TAKEDOWNS} items, ${urlsOf(galleryItems.get(takenDown[0] ?? 0) as PublicGalleryPage['items'][number]).length} URLs each; target < 1,000 ms: ${verdict(takedownP99 < 1000)}`,
        },
      );

      log('EXPLAIN of the gallery pages');
      const markdown: string[] = [];
      for (const [title, options] of [
        ['newest first', { limit: PAGE }],
        ['one category, manual order', { categoryId, limit: PAGE }],
      ] as const) {
        const queries = await captureQueries(
          (logQuery) => loggedDb(library.config, logQuery),
          (logged) => createPublicationRepository(logged.db).galleryPage(big.id, options),
        );
        markdown.push(
          explainMarkdown(
            `gallery first page, ${title}`,
            await explainQueries(handle, queries, { largeRows: 20_000 }),
          ),
        );
      }
      writeExplainBlock(
        root,
        'public',
        [
          '### EXPLAIN of the public gallery pages',
          '',
          "Captured from the publication repository's own statement for the big model's first page, newest first " +
            'and in its largest category (manual order, then newest first), on the generated library.',
          '',
          ...markdown,
        ].join('\n'),
      );
      return figures;
    } finally {
      if (api && takenDown.length > 0) {
        const { mutate } = await import('./library/client');
        await mutate(api.session, 'moderation.decide', {
          modelSlug: BIG_MODEL_SLUG,
          ids: takenDown,
          decision: 'approve',
        }).catch((error: unknown) => log(`re-approving the taken-down items failed: ${error}`));
      }
      await api?.stop();
      redis.disconnect();
      await removeWebVariants(handle, seeded).catch(() => {});
      await library.close();
      await rm(storage, { recursive: true, force: true });
    }
  },
};

export default benchmark;

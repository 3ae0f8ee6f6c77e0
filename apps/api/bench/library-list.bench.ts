import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DbHandle } from '@phoenix4ge/db';
import { createDb } from '@phoenix4ge/db';
import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import {
  commonEnvShape,
  createRedis,
  libraryVersionKey,
  parseEnv,
  resolveDatabase,
  resolveRedis,
  waitForRedis,
} from '@phoenix4ge/shared/node';
import { z } from 'zod';
import type { Benchmark, Figure } from './harness';
import type { LoadResult } from './lib';
import { freePort, load, startProcess, stopProcess } from './lib';
import type { RunningApi } from './library/api';
import { startApiAndWorker } from './library/api';
import { bulkMove } from './library/bulk';
import type { ListPage } from './library/client';
import { query, queryUrl } from './library/client';
import { openLibraryDatabase } from './library/database';
import type { ExplainedQuery } from './library/explain';
import { captureQueries, explainMarkdown, explainQueries } from './library/explain';
import { coldLatencies, measureUrl, percentile, shapeFigures } from './library/measure';
import { shapes } from './library/shapes';
import { BIG_MODEL_SLUG, LIBRARY } from './library/size';

const CONNECTIONS = 32;
const SECONDS = 10;
const SEARCH = 'portr';
const DEEP_PAGE = 1000;
const PAGE_SIZE = 60;
const COLD_SAMPLES = 40;

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

/** Replaces (or appends) the benchmark's EXPLAIN block in BENCHMARKS.md (the harness writes only the table). */
function writeExplainBlock(root: string, markdown: string) {
  const file = path.join(root, 'BENCHMARKS.md');
  const block = `<!-- bench:library-explain:start -->\n${markdown.trim()}\n<!-- bench:library-explain:end -->`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const pattern = /<!-- bench:library-explain:start -->[\s\S]*?<!-- bench:library-explain:end -->/;
  if (pattern.test(text)) {
    writeFileSync(file, text.replace(pattern, block));
    return;
  }
  // First run: an empty section for the harness to fill in place, so the table comes before its EXPLAIN.
  const section = text.includes('<!-- bench:library:start -->')
    ? ''
    : '<!-- bench:library:start -->\n<!-- bench:library:end -->\n\n';
  writeFileSync(file, `${text.trimEnd()}\n\n${section}${block}\n`);
}

const loggedDb = (config: DatabaseConfig, logQuery: (sql: string, params: unknown[]) => void): DbHandle =>
  createDb(config, { logQuery, connectionLimit: 2 });

const benchmark: Benchmark = {
  id: 'library',
  title: 'Library listing: media.list and media.facets over 1,000,000 media against the tRPC hello-world',
  method:
    `A generated library of ${LIBRARY.total.toLocaleString('en-US')} media over ${LIBRARY.models} models (one with ` +
    `${LIBRARY.bigModelItems.toLocaleString('en-US')}) in its own database (apps/api/bench/library/: camera and ` +
    'exported file names, English alt text and captions, tags with their links, categories, moderation and ' +
    'processing mix, uploads over eight years in shoots, EXIF dates with gaps, orientation, GPS, camera, formats, ' +
    'sizes; two thumbnail variants per processed item), streamed into LOAD DATA with the secondary indexes built ' +
    `afterwards. autocannon, ${CONNECTIONS} connections, ${SECONDS} s after a 2 s warm-up, then one connection for ` +
    `${Math.ceil(SECONDS / 2)} s, one GET per request (no batching), against the built api (production mode, a ` +
    'worker running, signed in as an admin) and, in the same run and settings, the tRPC hello-world. Every shape ' +
    `lists the big model newest first, ${PAGE_SIZE} per page; (d) walks the cursors to page ${DEEP_PAGE} first. ` +
    '(e) is cached per library version: "cold" is single requests each right after the version moved. Bulk: ' +
    '`media.bulk` move of 10,000 items chosen by filter with exceptions, run by the worker as a `media.bulk` job ' +
    'while the load tool keeps fetching (a). EXPLAIN and ANALYZE of every statement of each shape, captured from ' +
    'the repositories, follow the table.',
  async run({ root, env, log }) {
    const keep = env.BENCH_LIBRARY_KEEP === '1';
    const common = parseEnv(z.object(commonEnvShape), env);
    const figures: Figure[] = [];
    const library = await openLibraryDatabase(resolveDatabase(common), root, LIBRARY, keep, log);
    const { handle } = library;
    let api: RunningApi | undefined;
    const redisConfig = resolveRedis(common);
    const redis = createRedis(redisConfig, 'command', 'p4g-bench-library');
    try {
      if (library.generated) {
        const { counts, timings } = library.generated;
        const steps = Object.entries(timings)
          .map(([step, seconds]) => `${step} ${seconds.toFixed(1)} s`)
          .join(', ');
        figures.push({
          name: `generate ${counts.media.toLocaleString('en-US')} media rows`,
          value: library.seconds,
          unit: 's',
          note:
            `with ${counts.tagLinks.toLocaleString('en-US')} tag links, ${counts.variants.toLocaleString('en-US')} ` +
            `thumbnail variants, ${counts.categories.toLocaleString('en-US')} categories, ` +
            `${counts.tags.toLocaleString('en-US')} tags; migrations included (${steps})`,
        });
      }
      const [[pool], [sizes]] = await Promise.all([
        handle.pool.query('SELECT @@innodb_buffer_pool_size AS bytes'),
        handle.pool.query(
          "SELECT SUM(data_length + index_length) AS bytes FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'model_media_library'",
        ),
      ]);
      figures.push({
        name: 'InnoDB buffer pool',
        value: Number((pool as { bytes: number }[])[0]?.bytes) / 2 ** 20,
        unit: 'MB',
        note: `the server's setting; model_media_library and its indexes take ${Math.round(Number((sizes as { bytes: number }[])[0]?.bytes) / 2 ** 20)} MB`,
      });

      const [bigRows] = await handle.pool.query('SELECT id, slug FROM models WHERE slug = ?', [
        BIG_MODEL_SLUG,
      ]);
      const big = (bigRows as { id: number; slug: string }[])[0];
      if (!big) throw new Error(`the generated library has no model ${BIG_MODEL_SLUG}`);
      const [categoryRows] = await handle.pool.query(
        'SELECT category_id AS id, COUNT(*) AS n FROM model_media_library WHERE model_id = ? AND deleted_at IS NULL AND category_id IS NOT NULL GROUP BY category_id ORDER BY n DESC',
        [big.id],
      );
      const categories = categoryRows as { id: number; n: number }[];

      // The api and a worker on the generated database (no trash purge during the run).
      api = await startApiAndWorker(root, {
        ...env,
        DATABASE_URL: library.config.url,
        TRASH_RETENTION_DAYS: '3650',
      });
      const { session } = api;

      log(`walking ${DEEP_PAGE - 1} pages of ${PAGE_SIZE} to page ${DEEP_PAGE}`);
      let cursor: string | null = null;
      let last: ListPage['items'][number] | undefined;
      const walkStarted = performance.now();
      for (let page = 1; page < DEEP_PAGE; page += 1) {
        const answer: ListPage = await query<ListPage>(session, 'media.list', {
          modelSlug: big.slug,
          ...(cursor ? { cursor } : {}),
        });
        if (!answer.nextCursor) throw new Error(`the library ended at page ${page}`);
        cursor = answer.nextCursor;
        last = answer.items.at(-1);
      }
      const walkSeconds = (performance.now() - walkStarted) / 1000;
      if (!cursor || !last) throw new Error('no cursor for the deep page');
      const measured = shapes({
        modelId: big.id,
        slug: big.slug,
        category: categories[2]?.id ?? 0,
        search: SEARCH,
        deep: { cursor, after: { value: last.uploadDate, id: last.id } },
      });

      // The baselines first, then every shape, all with the same load settings. The hello-world server also
      // answers page (a), as the api sent it, as a constant: the ceiling of media.list on this stack.
      const newestInput = measured.find((shape) => shape.key === 'a')?.input ?? {};
      const pageResponse = await fetch(queryUrl(session, 'media.list', newestInput), {
        headers: { cookie: session.cookie },
      });
      const pageText = await pageResponse.text();
      if (!pageResponse.ok) throw new Error(`page (a) answered ${pageResponse.status}`);
      const pageFile = path.join(tmpdir(), `p4g-bench-page-a-${process.pid}.json`);
      writeFileSync(pageFile, pageText);
      const helloPort = await freePort();
      const hello = await startProcess(
        path.join(root, 'apps/api/node_modules/.bin/tsx'),
        [path.join(root, 'apps/api/bench/servers/hello-trpc.ts')],
        { ...env, PORT: String(helloPort), PAGE_FILE: pageFile },
        `http://127.0.0.1:${helloPort}/trpc/hello`,
      );
      let baseline: LoadResult;
      let ceiling: LoadResult;
      try {
        baseline = await load(`http://127.0.0.1:${helloPort}/trpc/hello`, {
          connections: CONNECTIONS,
          seconds: SECONDS,
        });
        ceiling = await load(`http://127.0.0.1:${helloPort}/trpc/page`, {
          connections: CONNECTIONS,
          seconds: SECONDS,
        });
      } finally {
        await stopProcess(hello);
        rmSync(pageFile, { force: true });
      }
      log(`tRPC hello-world: ${Math.round(baseline.requestsPerSecond)} req/s, p99 ${baseline.p99Ms} ms`);
      figures.push(
        {
          name: 'tRPC hello-world: throughput',
          value: baseline.requestsPerSecond,
          unit: 'req/s',
          note: 'baseline',
        },
        {
          name: `tRPC hello-world: latency p50, ${CONNECTIONS} connections`,
          value: baseline.p50Ms,
          unit: 'ms',
        },
        {
          name: `tRPC hello-world: latency p99, ${CONNECTIONS} connections`,
          value: baseline.p99Ms,
          unit: 'ms',
        },
      );
      figures.push({
        name: 'ceiling (page (a) as a constant from the tRPC hello-world): throughput',
        value: ceiling.requestsPerSecond,
        unit: 'req/s',
        note:
          `${(ceiling.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)} × tRPC hello-world: the same ` +
          `${PAGE_SIZE} items (${(Buffer.byteLength(pageText) / 1024).toFixed(0)} KB) through Fastify, tRPC and ` +
          `superjson with no database, session or tenant check; p50 ${ceiling.p50Ms} ms, p99 ${ceiling.p99Ms} ms`,
      });
      const floor = await load(
        queryUrl(session, 'tags.suggest', { modelSlug: big.slug, prefix: 'zzz', limit: 1 }),
        { connections: CONNECTIONS, seconds: SECONDS, headers: { cookie: session.cookie } },
      );
      figures.push({
        name: 'real api floor (tags.suggest, no match): throughput',
        value: floor.requestsPerSecond,
        unit: 'req/s',
        note:
          `${(floor.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)} × tRPC hello-world: session, ` +
          `tenant check and one indexed query; p50 ${floor.p50Ms} ms, p99 ${floor.p99Ms} ms`,
      });

      const results = new Map<string, Awaited<ReturnType<typeof measureUrl>>>();
      for (const shape of measured) {
        const url = queryUrl(session, shape.procedure, shape.input);
        const result = await measureUrl(url, session.cookie, { connections: CONNECTIONS, seconds: SECONDS });
        results.set(shape.key, result);
        log(
          `${shape.title}: ${Math.round(result.loaded.requestsPerSecond)} req/s, p99 ${result.loaded.p99Ms} ms ` +
            `(one at a time: p50 ${result.single.p50Ms} ms, p99 ${result.single.p99Ms} ms)`,
        );
        const title = shape.key === 'e' ? `${shape.title}, cached` : shape.title;
        figures.push(
          ...shapeFigures(title, result, {
            target: shape.target,
            baseline,
            connections: CONNECTIONS,
            throughputTarget: shape.key === 'a' ? 0.6 : undefined,
          }),
        );
        if (shape.key === 'd') {
          figures.push({
            name: `(d) walking pages 1–${DEEP_PAGE - 1} first`,
            value: walkSeconds,
            unit: 's',
            note: `one request at a time, ${ms((walkSeconds * 1000) / (DEEP_PAGE - 1))} per page`,
          });
        }
        if (shape.key === 'e') {
          await waitForRedis(redis, 5000);
          const versionKey = libraryVersionKey(redisConfig.keyPrefix, big.id);
          const cold = await coldLatencies(
            url,
            session.cookie,
            () => redis.incr(versionKey).then(() => {}),
            COLD_SAMPLES,
          );
          figures.push(
            {
              name: `${shape.title}, cold: latency p50`,
              value: percentile(cold, 50),
              unit: 'ms',
              note: `${COLD_SAMPLES} single requests, each after the library version moved`,
            },
            {
              name: `${shape.title}, cold: latency p99`,
              value: percentile(cold, 99),
              unit: 'ms',
              note: `target p99 < ${shape.target} ms: ${percentile(cold, 99) < shape.target ? 'PASS' : 'FAIL'}`,
            },
          );
        }
      }

      log('EXPLAIN of every shape');
      const explained: { title: string; queries: ExplainedQuery[] }[] = [];
      for (const shape of measured) {
        const queries = await captureQueries(
          (logQuery) => loggedDb(library.config, logQuery),
          (logged) => shape.repositories(logged),
        );
        explained.push({
          title: shape.title,
          queries: await explainQueries(handle, queries, { largeRows: 20_000, counts: shape.counts }),
        });
      }
      const failing = explained.filter(({ queries }) => queries.some((entry) => entry.problems.length > 0));
      figures.push({
        name: 'query shapes with a full scan or a large filesort',
        value: failing.length,
        unit: 'shapes',
        note:
          failing.length > 0
            ? failing.map((entry) => entry.title).join(', ')
            : 'none (EXPLAIN and ANALYZE below: no statement scans or sorts more than 20,000 rows)',
      });

      // Twice: under the full load (throughput while it runs), then with one request at a time (responsiveness).
      const newest = measured.find((shape) => shape.key === 'a');
      const single = results.get('a')?.single;
      for (const connections of [CONNECTIONS, 1]) {
        log(`bulk move of 10,000 items by filter, fetching (a) meanwhile over ${connections} connection(s)`);
        const bulk = await bulkMove(session, handle, {
          slug: big.slug,
          modelId: big.id,
          category: categories[0]?.id ?? 0,
          listUrl: queryUrl(session, 'media.list', newest?.input ?? {}),
          connections,
        });
        if (keep) await bulk.undo();
        const during = `(a) during a bulk move, ${connections === 1 ? 'one at a time' : `${connections} connections`}`;
        figures.push(
          {
            name: `bulk move of 10,000 items by filter: time to finish (${connections === 1 ? 'light' : 'full'} load)`,
            value: bulk.seconds,
            unit: 's',
            note: `${bulk.moved.toLocaleString('en-US')} moved by the worker's media.bulk job; the request answered in ${ms(bulk.requestMs)}`,
          },
          {
            name: `${during}: throughput`,
            value: bulk.during.requestsPerSecond,
            unit: 'req/s',
            note: `${bulk.during.errors} failed`,
          },
          { name: `${during}: latency p50`, value: bulk.during.p50Ms, unit: 'ms' },
          {
            name: `${during}: latency p99`,
            value: bulk.during.p99Ms,
            unit: 'ms',
            note:
              connections === 1 && single
                ? `without the bulk move: p50 ${single.p50Ms} ms, p99 ${single.p99Ms} ms`
                : `without the bulk move: p99 ${results.get('a')?.loaded.p99Ms ?? '?'} ms`,
          },
        );
      }

      const markdown = [
        '### EXPLAIN of the listing shapes',
        '',
        "Captured from the repositories' own statements (a query log on the drizzle client) for the shapes above, " +
          'on the generated library: EXPLAIN, then ANALYZE FORMAT=JSON (MariaDB: rows actually read, time in the ' +
          'server). A statement fails the check when it scans a whole table or index, or reads or sorts more than ' +
          '20,000 rows.',
        '',
        ...explained.map(({ title, queries }) => explainMarkdown(title, queries)),
      ].join('\n');
      for (const line of markdown.split('\n')) log(line);
      writeExplainBlock(root, markdown);
      return figures;
    } finally {
      redis.disconnect();
      await api?.stop();
      await library.close();
    }
  },
};

export default benchmark;

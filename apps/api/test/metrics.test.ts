import { randomBytes } from 'node:crypto';
import { createDb, eq, media, outbox } from '@phoenix4ge/db';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createModel,
  isolatedPrefix,
  signedInMember,
  startApi,
  startWorker,
  trpcClient,
  until,
} from './support/harness';
import type { Scrape } from './support/prometheus';
import { promtool, promtoolPath, scrape } from './support/prometheus';
import { describeNeeding, need } from './support/requirements';
import { upload } from './support/uploads';

const token = `metrics-${randomBytes(16).toString('hex')}`;

/** The default Node metrics prom-client collects, present in every scrape. */
const defaultNodeMetrics = [
  'process_cpu_user_seconds_total',
  'nodejs_heap_size_used_bytes',
  'nodejs_eventloop_lag_seconds',
];

const apiMetrics = [
  'phoenix4ge_http_request_duration_seconds',
  'phoenix4ge_trpc_procedure_duration_seconds',
  'phoenix4ge_uploads_total',
  'phoenix4ge_upload_bytes_total',
  'phoenix4ge_moderation_decisions_total',
  'phoenix4ge_gallery_cache_hits_total',
  'phoenix4ge_gallery_cache_misses_total',
  'phoenix4ge_outbox_oldest_pending_age_seconds',
  'phoenix4ge_worker_heartbeat_age_seconds',
  'phoenix4ge_storage_free_ratio',
];
const workerMetrics = [
  'phoenix4ge_queue_jobs',
  'phoenix4ge_queue_oldest_waiting_age_seconds',
  'phoenix4ge_job_duration_seconds',
  'phoenix4ge_moderation_decisions_total',
];

describe('GET /metrics of the api and the worker: Prometheus text format, every metric, the token', () => {
  const prefix = isolatedPrefix();
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;
  let slug: string;
  let client: ReturnType<typeof trpcClient>;
  let member: Record<string, string>;
  let heartbeatBeforeWorker: number;
  let createdId = 0;
  const apiUrl = () => `${api.url}/metrics`;
  const workerUrl = () => worker.metricsUrl ?? '';

  async function scrapeApi(): Promise<Scrape> {
    const { response, parsed, text } = await scrape(apiUrl(), token);
    expect(response.status, text).toBe(200);
    if (!parsed) throw new Error('no scrape');
    return parsed;
  }
  async function scrapeWorker(): Promise<Scrape> {
    const { response, parsed, text } = await scrape(workerUrl(), token);
    expect(response.status, text).toBe(200);
    if (!parsed) throw new Error('no scrape');
    return parsed;
  }

  beforeAll(async () => {
    api = await startApi({ ...prefix, METRICS_TOKEN: token });
    heartbeatBeforeWorker = (await scrapeApi()).value('phoenix4ge_worker_heartbeat_age_seconds');
    worker = await startWorker({
      ...prefix,
      METRICS_TOKEN: token,
      MODERATION_PROVIDER: 'manual',
      WORKER_METRICS_PORT: '0',
      WORKER_METRICS_HOST: '127.0.0.1',
    });
    db = createDb(api.config.database);
    slug = (await createModel(api)).slug;
    member = (await signedInMember(api, slug, 'editor')).headers;
    client = trpcClient(api.url, member);
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.close();
  });

  it('refuses a scrape without the token or with a wrong one (401), on both endpoints', async () => {
    for (const url of [apiUrl(), workerUrl()]) {
      const missing = await scrape(url);
      expect(missing.response.status, url).toBe(401);
      expect(JSON.parse(missing.text)).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      expect((await scrape(url, `${token}x`)).response.status, url).toBe(401);
      expect((await scrape(url, token.slice(0, -1))).response.status, url).toBe(401);
      expect((await scrape(url, undefined, { authorization: token })).response.status, url).toBe(401);
      expect((await scrape(url, token)).response.status, url).toBe(200);
    }
  });

  it('counts an upload by outcome and bytes, a failing tRPC call by code, HTTP requests by route pattern', async () => {
    const jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#3366aa' } })
      .jpeg()
      .toBuffer();
    const created = await upload(api.url, slug, [{ name: 'a.jpg', data: jpeg }], { headers: member });
    expect(created.status).toBe(201);
    expect((await upload(api.url, slug, [{ name: 'b.jpg', data: jpeg }], { headers: member })).status).toBe(
      200,
    );
    const junk = Buffer.from('not an image at all');
    expect((await upload(api.url, slug, [{ name: 'c.jpg', data: junk }], { headers: member })).status).toBe(
      415,
    );
    await expect(client.models.byId.query({ modelSlug: 'no-such-model' })).rejects.toMatchObject({
      data: { code: 'NOT_FOUND' },
    });
    expect((await fetch(`${api.url}/api/no-such-route/12345`)).status).toBe(404);

    const metrics = await scrapeApi();
    expect(metrics.total('phoenix4ge_uploads_total', { outcome: 'created' })).toBe(1);
    expect(metrics.total('phoenix4ge_uploads_total', { outcome: 'duplicate' })).toBe(1);
    expect(metrics.total('phoenix4ge_uploads_total', { outcome: 'rejected' })).toBe(1);
    expect(metrics.total('phoenix4ge_upload_bytes_total', { outcome: 'created' })).toBe(jpeg.length);
    expect(metrics.total('phoenix4ge_upload_bytes_total', { outcome: 'rejected' })).toBe(junk.length);

    const trpc = 'phoenix4ge_trpc_procedure_duration_seconds';
    expect(metrics.family(trpc).type).toBe('histogram');
    expect(metrics.total(trpc, { procedure: 'models.byId', type: 'query', code: 'NOT_FOUND' })).toBe(1);

    const http = 'phoenix4ge_http_request_duration_seconds';
    expect(metrics.family(http).type).toBe('histogram');
    const uploadRoute = '/api/model-media-library/:modelSlug/upload';
    expect(metrics.total(http, { method: 'POST', route: uploadRoute, status_code: '201' })).toBe(1);
    expect(metrics.total(http, { method: 'POST', route: uploadRoute, status_code: '415' })).toBe(1);
    expect(metrics.total(http, { route: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(1);
    // Bounded labels: route patterns only, never a slug, an id or a raw path.
    for (const route of metrics.labelValues(http, 'route')) {
      expect(route).not.toContain(slug);
      expect(route).not.toMatch(/\d{3,}/);
    }
    expect(metrics.labelValues(trpc, 'procedure').every((path) => /^[a-zA-Z.]+$/.test(path))).toBe(true);

    const outcome = created.body.files?.[0];
    if (outcome?.status !== 'created') throw new Error('upload not created');
    createdId = outcome.id;
    await until(
      () => db.db.select().from(media).where(eq(media.id, createdId)),
      ([row]) => row?.processingStatus === 'ready',
      90_000,
    );
  }, 120_000);

  it("counts the worker's jobs and its provider's decision, and a person's decision in the api", async () => {
    // The manual provider leaves the item for a person: the worker counts that verdict.
    await expect
      .poll(
        async () =>
          (await scrapeWorker()).total('phoenix4ge_moderation_decisions_total', {
            provider: 'manual',
            verdict: 'pending',
          }),
        { timeout: 60_000, interval: 250 },
      )
      .toBe(1);
    const workerScrape = await scrapeWorker();
    expect(workerScrape.family('phoenix4ge_job_duration_seconds').type).toBe('histogram');
    expect(
      workerScrape.total('phoenix4ge_job_duration_seconds', {
        queue: 'media',
        job_name: 'media.process',
        outcome: 'completed',
      }),
    ).toBe(1);
    expect(
      workerScrape.total('phoenix4ge_job_duration_seconds', {
        job_name: 'moderation.check',
        outcome: 'completed',
      }),
    ).toBe(1);

    await client.moderation.decide.mutate({ modelSlug: slug, ids: [createdId], decision: 'approve' });
    const metrics = await scrapeApi();
    expect(
      metrics.total('phoenix4ge_moderation_decisions_total', { provider: 'person', verdict: 'approved' }),
    ).toBe(1);
    expect(
      metrics.total('phoenix4ge_trpc_procedure_duration_seconds', {
        procedure: 'moderation.decide',
        type: 'mutation',
        code: 'OK',
      }),
    ).toBe(1);
  }, 90_000);

  it('counts gallery cache misses and hits', async () => {
    const gallery = async () => {
      const response = await fetch(`${api.url}/api/public/${slug}/gallery`);
      expect(response.status).toBe(200);
      return response.json();
    };
    // The approval above bumps the publication version through the event bus: a read may be a miss again until
    // it lands, so read until one is served from the cache.
    await expect
      .poll(
        async () => {
          await gallery();
          return (await scrapeApi()).total('phoenix4ge_gallery_cache_hits_total', { endpoint: 'gallery' });
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBeGreaterThanOrEqual(1);
    const metrics = await scrapeApi();
    expect(
      metrics.total('phoenix4ge_gallery_cache_misses_total', { endpoint: 'gallery', reason: 'absent' }),
    ).toBeGreaterThanOrEqual(1);
    // From memory, or replayed from a recording of an earlier answer (http/public-replay.ts).
    expect(metrics.labelValues('phoenix4ge_gallery_cache_hits_total', 'tier')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(memory|replay)$/)]),
    );
    expect(
      metrics.total('phoenix4ge_http_request_duration_seconds', {
        method: 'GET',
        route: '/api/public/:modelSlug/gallery',
        status_code: '200',
      }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('reads queue gauges, the heartbeat age, the oldest outbox row and free disk when scraped', async () => {
    expect(heartbeatBeforeWorker).toBe(Number.POSITIVE_INFINITY);
    const metrics = await scrapeApi();
    const heartbeat = metrics.value('phoenix4ge_worker_heartbeat_age_seconds');
    expect(heartbeat).toBeGreaterThanOrEqual(0);
    expect(heartbeat).toBeLessThan(30);
    const free = metrics.value('phoenix4ge_storage_free_ratio');
    expect(free).toBeGreaterThan(0);
    expect(free).toBeLessThanOrEqual(1);

    // A row not due for a day, written ten minutes ago: the relay leaves it, the gauge sees its age.
    const [row] = await db.db
      .insert(outbox)
      .values({
        topic: 'system.ping',
        payload: {},
        createdAt: new Date(Date.now() - 600_000),
        availableAt: new Date(Date.now() + 86_400_000),
      })
      .$returningId();
    try {
      expect(
        (await scrapeApi()).value('phoenix4ge_outbox_oldest_pending_age_seconds'),
      ).toBeGreaterThanOrEqual(600);
    } finally {
      await db.db.delete(outbox).where(eq(outbox.id, row?.id ?? 0));
    }

    const queues = await scrapeWorker();
    const gauge = 'phoenix4ge_queue_jobs';
    expect(queues.family(gauge).type).toBe('gauge');
    expect(queues.labelValues(gauge, 'queue')).toEqual(
      expect.arrayContaining(['media', 'moderation', 'system']),
    );
    expect(queues.labelValues(gauge, 'state').sort()).toEqual(['active', 'delayed', 'failed', 'waiting']);
    // The worker's schedulers (analytics flush, sweeps) wait as delayed jobs.
    expect(queues.total(gauge, { state: 'delayed' })).toBeGreaterThanOrEqual(1);
    expect(queues.labelValues('phoenix4ge_queue_oldest_waiting_age_seconds', 'queue')).toContain('media');
  });

  it('has every metric named in both scrapes, with the default Node metrics', async () => {
    const [apiScrape, workerScrape] = [await scrapeApi(), await scrapeWorker()];
    for (const name of [...defaultNodeMetrics, ...apiMetrics]) expect(apiScrape.has(name), name).toBe(true);
    for (const name of [...defaultNodeMetrics, ...workerMetrics]) {
      expect(workerScrape.has(name), name).toBe(true);
    }
  });

  describeNeeding([need(promtoolPath(), 'promtool (apt-get install prometheus)')], 'promtool', () => {
    it('passes `promtool check metrics` (the Prometheus parser and linter) on both scrapes', async () => {
      for (const url of [apiUrl(), workerUrl()]) {
        const { text } = await scrape(url, token);
        const checked = promtool(['check', 'metrics'], { input: text });
        // It parses everything; its only complaints may be about prom-client's default gauges named `…_total`.
        const problems = checked.output.split('\n').filter(Boolean);
        expect(
          problems.filter((line) => !/^nodejs_active_\w+_total non-counter metrics/.test(line)),
          url,
        ).toEqual([]);
      }
    });
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi({ ...isolatedPrefix(), METRICS_TOKEN: '' });
  });
  afterAll(() => api?.stop());

  it('answers a direct peer on a private address, and refuses what a proxy forwarded', async () => {
    expect((await scrape(`${api.url}/metrics`)).response.status).toBe(200);
    const forwarded = await scrape(`${api.url}/metrics`, undefined, { 'x-forwarded-for': '203.0.113.9' });
    expect(forwarded.response.status).toBe(401);
    expect(
      (await scrape(`${api.url}/metrics`, undefined, { forwarded: 'for=203.0.113.9' })).response.status,
    ).toBe(401);
  });
});

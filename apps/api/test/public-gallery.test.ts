import { createDb, eq, inArray, media, models, publicTokens } from '@phoenix4ge/db';
import type { PublicCategories, PublicGalleryPage, PublicItem } from '@phoenix4ge/shared';
import { JobName } from '@phoenix4ge/shared';
import {
  bullPrefix,
  bumpPublicationVersion,
  createLogger,
  createRedis,
  JobProducer,
  redisOptions,
  waitForRedis,
} from '@phoenix4ge/shared/node';
import { QueueEvents } from 'bullmq';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicCacheRepository } from '../src/repositories/public-cache.repository';
import { createPublicationVersions } from '../src/repositories/publication-versions.repository';
import {
  createModel,
  isolatedPrefix,
  modelRow,
  signedInMember,
  startApi,
  startWorker,
  trpcClient,
  until,
} from './support/harness';
import { scrape } from './support/prometheus';
import { upload } from './support/uploads';

const chrome = 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8';

/** Every image URL an item hands out (every srcset entry and `src`). */
const urlsOf = (item: PublicItem) => [
  item.src,
  ...Object.values(item.srcset).flatMap((srcset) =>
    (srcset ?? '').split(', ').map((entry) => entry.split(' ')[0] ?? ''),
  ),
];

describe('the public gallery API: only public items, cursors, caching per publication version, takedown', () => {
  const prefix = isolatedPrefix();
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;
  let redis: ReturnType<typeof createRedis>;
  let slug: string;
  let modelId: number;
  let client: ReturnType<typeof trpcClient>;
  const ids: number[] = [];

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.url}${path}`, { headers });
  async function gallery(query = ''): Promise<PublicGalleryPage> {
    const response = await get(`/api/public/${slug}/gallery${query}`);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as PublicGalleryPage;
  }
  const listedIds = async (query = '?limit=100') => (await gallery(query)).items.map((item) => item.id);
  const itemOf = async (id: number) => (await gallery('?limit=100')).items.find((item) => item.id === id);
  const decide = (id: number, decision: 'approve' | 'reject') =>
    client.moderation.decide.mutate({ modelSlug: slug, ids: [id], decision });
  const bumpPublication = () => bumpPublicationVersion(redis, api.config.redis, modelId);
  /** Edits an item's details at its current revision. */
  const updateItem = async (id: number, details: { altText?: string; caption?: string }) => {
    const row = await db.db.query.media.findFirst({ where: eq(media.id, id) });
    await client.media.update.mutate({ modelSlug: slug, id, revision: row?.revision ?? 0, ...details });
  };

  beforeAll(async () => {
    api = await startApi(prefix);
    worker = await startWorker({ ...prefix, MODERATION_PROVIDER: 'manual' });
    db = createDb(api.config.database);
    redis = createRedis(api.config.redis, 'command', 'public-gallery-test');
    await waitForRedis(redis, 3000);
    slug = (await createModel(api)).slug;
    modelId = (await modelRow(api, slug)).id;
    const member = (await signedInMember(api, slug, 'editor')).headers;
    client = trpcClient(api.url, member);
    for (let n = 0; n < 5; n += 1) {
      const data = await sharp({
        create: {
          width: 640,
          height: 480,
          channels: 3,
          background: { r: 30 + n * 40, g: 120, b: 200 - n * 30 },
        },
      })
        .jpeg()
        .toBuffer();
      const result = await upload(api.url, slug, [{ name: `public-${n}.jpg`, data }], { headers: member });
      const outcome = result.body.files?.[0];
      if (outcome?.status !== 'created') throw new Error('upload not created');
      ids.push(outcome.id);
    }
    await until(
      () => db.db.select().from(media).where(inArray(media.id, ids)),
      (rows) => rows.every((row) => row.processingStatus === 'ready'),
      90_000,
    );
    await client.media.bulk.mutate({
      modelSlug: slug,
      selection: { ids: ids.slice(0, 4) },
      action: { type: 'moderate', decision: 'approve' },
    });
  }, 180_000);
  afterAll(async () => {
    redis?.disconnect();
    await worker?.stop();
    await api?.stop();
    await db?.close();
  });

  it('lists approved items newest first with srcsets of live /i/ URLs, placeholders and cache headers', async () => {
    const response = await get(`/api/public/${slug}/gallery`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');
    // An API answer's security headers, not a document's (http/security-headers.ts).
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-dns-prefetch-control')).toBeNull();
    const etag = response.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    const page = (await response.json()) as PublicGalleryPage;
    expect(page.items.map((item) => item.id)).toEqual(ids.slice(0, 4).reverse());
    expect(page.nextCursor).toBeNull();
    const item = page.items[0] as PublicItem;
    expect(item).toMatchObject({
      width: 640,
      height: 480,
      alt: '',
      caption: null,
      category: null,
      focalPoint: null,
    });
    expect(item.placeholder).toBeTruthy();
    expect(item.dominantColor).toMatch(/^#[0-9a-f]{6}$/i);
    expect(item.sizes).toMatch(/vw/);
    // The model makes WebP and JPEG (no AVIF); small pictures are never enlarged, so sm (400) and 640 once each.
    expect(Object.keys(item.srcset).sort()).toEqual(['jpeg', 'webp']);
    expect(item.srcset.webp).toMatch(/^\/i\/[A-Za-z0-9_-]{22}\/sm 400w, \/i\/[A-Za-z0-9_-]{22}\/md 640w$/);
    for (const url of urlsOf(item)) {
      const image = await get(url, { accept: chrome });
      expect(image.status, url).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/webp');
    }
    expect((await get(`/api/public/${slug}/gallery`, { 'if-none-match': etag })).status).toBe(304);
  });

  it('pages with signed cursors and refuses malformed input; unknown and archived models are 404', async () => {
    const first = await gallery('?limit=3');
    expect(first.items.map((item) => item.id)).toEqual([ids[3], ids[2], ids[1]]);
    expect(first.nextCursor).toBeTruthy();
    const second = await gallery(`?limit=3&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(second.items.map((item) => item.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();

    const cursor = first.nextCursor ?? '';
    const tampered = `${cursor.slice(0, -1)}${cursor.endsWith('A') ? 'B' : 'A'}`;
    for (const query of [
      '?limit=0',
      '?limit=abc',
      '?limit=101',
      '?limit=-1',
      '?cursor=garbage',
      `?cursor=${tampered}`,
      `?category=1&cursor=${cursor}`,
      '?category=x',
    ]) {
      const response = await get(`/api/public/${slug}/gallery${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
    expect((await get('/api/public/no-such-model/gallery')).status).toBe(404);
    expect((await get('/api/public/no-such-model/categories')).status).toBe(404);
    const archived = await createModel(api);
    await api.services.models.setArchived(await modelRow(api, archived.slug), true);
    expect((await get(`/api/public/${archived.slug}/gallery`)).status).toBe(404);
  });

  it('orders a category manually, then newest first, and counts public items per category', async () => {
    const category = await client.categories.create.mutate({
      modelSlug: slug,
      name: 'Portraits',
      color: '#aa3355',
    });
    await client.media.bulk.mutate({
      modelSlug: slug,
      selection: { ids: ids.slice(0, 3).concat(ids[4] ?? 0) },
      action: { type: 'move', categoryId: category.id },
    });
    // The manual order (set as the admin's drag will): ids[1] first, then ids[0]; ids[2] has none.
    await db.db
      .update(media)
      .set({ publicOrder: 2 })
      .where(eq(media.id, ids[0] ?? 0));
    await db.db
      .update(media)
      .set({ publicOrder: 1 })
      .where(eq(media.id, ids[1] ?? 0));
    await bumpPublication();

    const walked: number[] = [];
    let cursor: string | null = null;
    do {
      const page: PublicGalleryPage = await gallery(
        `?category=${category.id}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      walked.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual([ids[1], ids[0], ids[2]]);
    expect((await itemOf(ids[1] ?? 0))?.category).toEqual({
      id: category.id,
      name: 'Portraits',
      color: '#aa3355',
    });

    const response = await get(`/api/public/${slug}/categories`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');
    const body = (await response.json()) as PublicCategories;
    // ids[4] is in the category but not approved: not counted.
    expect(body.categories).toEqual([{ id: category.id, name: 'Portraits', color: '#aa3355', count: 3 }]);
  });

  it('drops the cached answer at every kind of change that alters the public output', async () => {
    const id = ids[2] ?? 0;
    await listedIds();
    await updateItem(id, { altText: 'A portrait' });
    await expect.poll(async () => (await itemOf(id))?.alt).toBe('A portrait');

    const categoryId = (await itemOf(id))?.category?.id ?? 0;
    await client.categories.update.mutate({ modelSlug: slug, id: categoryId, name: 'Faces' });
    await expect.poll(async () => (await itemOf(id))?.category?.name).toBe('Faces');
    await client.media.bulk.mutate({
      modelSlug: slug,
      selection: { ids: [id] },
      action: { type: 'move', categoryId: null },
    });
    await expect.poll(async () => (await itemOf(id))?.category).toBeNull();

    await decide(id, 'reject');
    await expect.poll(listedIds).not.toContain(id);
    await decide(id, 'approve');
    await expect.poll(listedIds).toContain(id);
    await client.media.bulk.mutate({ modelSlug: slug, selection: { ids: [id] }, action: { type: 'trash' } });
    await expect.poll(listedIds).not.toContain(id);
    await client.media.bulk.mutate({
      modelSlug: slug,
      selection: { ids: [id] },
      action: { type: 'restore' },
    });
    await expect.poll(listedIds).toContain(id);
  });

  it('replays a cached answer with the headers and bytes Fastify sent, per encoding and If-None-Match, until a change', async () => {
    // A query no other test asks, so the first request of each kind goes through Fastify.
    const path = `/api/public/${slug}/gallery?limit=3`;
    const replays = async () =>
      (await scrape(`${api.url}/metrics`)).parsed?.total('phoenix4ge_gallery_cache_hits_total', {
        endpoint: 'gallery',
        tier: 'replay',
      }) ?? 0;
    const answer = async (headers: Record<string, string>) => {
      const before = await replays();
      const response = await get(path, headers);
      const { 'x-request-id': requestId, date, ...rest } = Object.fromEntries(response.headers);
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      return {
        status: response.status,
        headers: rest,
        body: await response.text(),
        replayed: (await replays()) - before,
      };
    };

    // Replayed once this process is sure of the publication version (a bump still on its way makes it ask Redis).
    const replayedAnswer = async (headers: Record<string, string>) => {
      let last: Awaited<ReturnType<typeof answer>> | undefined;
      await expect
        .poll(async () => {
          last = await answer(headers);
          return last.replayed;
        })
        .toBe(1);
      return last;
    };

    for (const encoding of ['br', 'gzip', 'identity']) {
      const sent = await answer({ 'accept-encoding': encoding });
      expect(sent).toMatchObject({ status: 200, replayed: 0 });
      expect(sent.headers['content-encoding']).toBe(encoding === 'identity' ? undefined : encoding);
      expect(await replayedAnswer({ 'accept-encoding': encoding })).toEqual({ ...sent, replayed: 1 });

      const etag = sent.headers.etag ?? '';
      const notModified = await answer({ 'accept-encoding': encoding, 'if-none-match': etag });
      expect(notModified).toMatchObject({ status: 304, body: '', replayed: 0 });
      expect(await replayedAnswer({ 'accept-encoding': encoding, 'if-none-match': etag })).toEqual({
        ...notModified,
        replayed: 1,
      });
    }

    // A change: the recording is not current any more; the next answer is computed again, then replayed.
    const id = (JSON.parse((await answer({})).body) as PublicGalleryPage).items[0]?.id ?? 0;
    await updateItem(id, { caption: 'Replayed no more' });
    const changed = await answer({});
    expect(changed.replayed).toBe(0);
    expect((JSON.parse(changed.body) as PublicGalleryPage).items[0]?.caption).toBe('Replayed no more');
    expect(await replayedAnswer({})).toEqual({ ...changed, replayed: 1 });
  });

  it('kills every URL it ever returned for an item within a second of a takedown; re-publication hands out new ones', async () => {
    const id = ids[3] ?? 0;
    const handedOut = new Set<string>();
    const collect = async () => {
      const item = await itemOf(id);
      for (const url of item ? urlsOf(item) : []) handedOut.add(url);
      return item ? urlsOf(item) : [];
    };
    const statuses = async (urls: Iterable<string>) =>
      new Set(await Promise.all([...urls].map(async (url) => (await get(url, { accept: chrome })).status)));

    for (const takedown of ['reject', 'trash'] as const) {
      const before = await collect();
      expect(await statuses(before)).toEqual(new Set([200]));
      const started = Date.now();
      if (takedown === 'reject') await decide(id, 'reject');
      else
        await client.media.bulk.mutate({
          modelSlug: slug,
          selection: { ids: [id] },
          action: { type: 'trash' },
        });
      await until(
        () => statuses(handedOut),
        (seen) => seen.size === 1 && seen.has(404),
        1000,
      );
      expect(Date.now() - started).toBeLessThan(1000);

      if (takedown === 'reject') await decide(id, 'approve');
      else
        await client.media.bulk.mutate({
          modelSlug: slug,
          selection: { ids: [id] },
          action: { type: 'restore' },
        });
      const after = await until(collect, (urls) => urls.length > 0, 5000);
      expect(after.some((url) => handedOut.has(url) && before.includes(url))).toBe(false);
      expect(await statuses(after)).toEqual(new Set([200]));
      expect(await statuses(before)).toEqual(new Set([404]));
    }

    // The model archived: its gallery and every URL it handed out are gone; un-archived, it hands out new ones.
    const before = await collect();
    const model = await modelRow(api, slug);
    await api.services.models.setArchived(model, true);
    expect((await get(`/api/public/${slug}/gallery`)).status).toBe(404);
    expect(await statuses(handedOut)).toEqual(new Set([404]));
    await api.services.models.setArchived(model, false);
    const after = await collect();
    expect(after.length).toBeGreaterThan(0);
    expect(after.some((url) => before.includes(url))).toBe(false);
    expect(await statuses(after)).toEqual(new Set([200]));
  });

  it('lets a cached page expire when a publication window closes, without any event', async () => {
    const id = ids[0] ?? 0;
    await expect.poll(listedIds).toContain(id);
    await db.db
      .update(media)
      .set({ publishUntil: new Date(Date.now() + 1500) })
      .where(eq(media.id, id));
    // Announced once (as the admin's window edit would be), then nothing more.
    await bumpPublication();
    expect(await listedIds()).toContain(id);
    await expect.poll(listedIds, { timeout: 5000 }).not.toContain(id);
    await db.db.update(media).set({ publishUntil: null }).where(eq(media.id, id));
    await bumpPublication();
  });

  it('gives another process the answer it stored in Redis, byte for byte with the same ETag and expiry', async () => {
    const scope = { ...api.config.redis, keyPrefix: `${api.config.redis.keyPrefix}:shared` };
    const logger = createLogger({ name: 'test', level: 'warn' });
    const processes = [0, 1].map(() => {
      const versions = createPublicationVersions(redis, scope, logger);
      return { versions, cache: createPublicCacheRepository(redis, scope, versions, logger) };
    });
    const [first, second] = processes as [(typeof processes)[0], (typeof processes)[0]];
    let computed = 0;
    // Not Latin-1, so the JSON text is not its bytes one for one.
    const body = JSON.stringify({ caption: 'Ålesund — 東京 📷', n: 1 });
    const compute = async () => {
      computed += 1;
      return { body, maxAgeSeconds: 60 };
    };
    const stored = await first.cache.read(modelId, 'shared', compute);
    const key = `${scope.keyPrefix}:public:${modelId}:${await first.cache.version(modelId)}:shared`;
    await expect.poll(() => redis.exists(key)).toBe(1);
    const read = await second.cache.read(modelId, 'shared', compute);
    expect(computed).toBe(1);
    expect(read.body.toString()).toBe(body);
    expect(read.body.equals(Buffer.from(body))).toBe(true);
    expect(read.etag).toBe(stored.etag);
    expect(read.expiresAt).toBe(stored.expiresAt);
    for (const instance of processes) instance.versions.close();
  });

  it('shares one computation among concurrent misses (single-flight), per publication version', async () => {
    const scope = { ...api.config.redis, keyPrefix: `${api.config.redis.keyPrefix}:flight` };
    const logger = createLogger({ name: 'test', level: 'warn' });
    const versions = createPublicationVersions(redis, scope, logger);
    const cache = createPublicCacheRepository(redis, scope, versions, logger);
    let computed = 0;
    const compute = async () => {
      computed += 1;
      await new Promise((resolve) => setImmediate(resolve));
      return { body: `{"n":${computed}}`, maxAgeSeconds: 60 };
    };
    const read = async () => (await cache.read(modelId, 'burst', compute)).body.toString();
    const burst = await Promise.all(Array.from({ length: 20 }, read));
    expect(computed).toBe(1);
    expect(new Set(burst)).toEqual(new Set(['{"n":1}']));
    expect(await read()).toBe('{"n":1}');
    await bumpPublicationVersion(redis, scope, modelId);
    await expect.poll(read).toBe('{"n":2}');
    versions.close();
  });

  it('revokes the URLs of an item whose window ended with maintenance.publication and refreshes the cached page', async () => {
    const id = ids[1] ?? 0;
    const tokenOf = (item: PublicItem | undefined) => item?.src.split('/')[2];
    const first = tokenOf(await itemOf(id));
    expect(first).toBeTruthy();
    await db.db
      .update(media)
      .set({ publishUntil: new Date(Date.now() - 1000) })
      .where(eq(media.id, id));
    // Dead at once (checked when served), but not yet revoked, and the cached page still lists it.
    expect((await get(`/i/${first}/md`)).status).toBe(404);
    expect(await listedIds()).toContain(id);
    const row = () => db.db.query.publicTokens.findFirst({ where: eq(publicTokens.token, first ?? '') });
    expect((await row())?.revokedAt).toBeNull();

    const blocking = createRedis(api.config.redis, 'blocking', 'publication-job-test');
    const producer = new JobProducer(blocking, api.config.redis.keyPrefix);
    const events = new QueueEvents('maintenance', {
      connection: redisOptions(api.config.redis, 'blocking', 'publication-job-test-events'),
      prefix: bullPrefix(api.config.redis.keyPrefix),
    });
    try {
      await events.waitUntilReady();
      const job = await producer.enqueue(JobName.MaintenancePublication, {});
      const result = (await job.waitUntilFinished(events, 15_000)) as { revoked: number; models: number[] };
      expect(result.revoked).toBeGreaterThanOrEqual(1);
      expect(result.models).toContain(modelId);
    } finally {
      await events.close();
      await producer.close();
      blocking.disconnect();
    }
    expect((await row())?.revokedAt).toBeInstanceOf(Date);
    expect(await listedIds()).not.toContain(id);

    await db.db.update(media).set({ publishUntil: null }).where(eq(media.id, id));
    await bumpPublication();
    const second = tokenOf(await itemOf(id));
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    expect((await get(`/i/${second}/md`)).status).toBe(200);
    expect((await get(`/i/${first}/md`)).status).toBe(404);
  });

  it('never lists anything but public items, over random status, trash, window and archive combinations', async () => {
    const hour = 3_600_000;
    const itemState = fc.record({
      approved: fc.boolean(),
      ready: fc.boolean(),
      trashed: fc.boolean(),
      from: fc.constantFrom(null, -1, 1),
      until: fc.constantFrom(null, -1, 1),
    });
    const modelState = fc.record({ archived: fc.boolean(), consent: fc.constantFrom(null, -1, 1) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(itemState, { minLength: 5, maxLength: 5 }),
        modelState,
        async (items, model) => {
          const now = Date.now();
          const at = (offset: number | null) => (offset === null ? null : new Date(now + offset * hour));
          for (const [index, state] of items.entries()) {
            await db.db
              .update(media)
              .set({
                moderationStatus: state.approved ? 'approved' : 'rejected',
                publicVersion: state.approved ? 0 : null,
                processingStatus: state.ready ? 'ready' : 'failed',
                deletedAt: state.trashed ? new Date(now - hour) : null,
                publishFrom: at(state.from),
                publishUntil: at(state.until),
              })
              .where(eq(media.id, ids[index] ?? 0));
          }
          await db.db
            .update(models)
            .set({
              archivedAt: model.archived ? new Date(now - hour) : null,
              consentExpiresAt: at(model.consent),
            })
            .where(eq(models.id, modelId));
          await bumpPublication();

          const response = await get(`/api/public/${slug}/gallery?limit=100`);
          if (model.archived) {
            expect(response.status).toBe(404);
            return;
          }
          const listed = ((await response.json()) as PublicGalleryPage).items.map((item) => item.id).sort();
          const expected = ids
            .filter((_, index) => {
              const state = items[index];
              return (
                state?.approved &&
                state.ready &&
                !state.trashed &&
                state.from !== 1 &&
                state.until !== -1 &&
                model.consent !== -1
              );
            })
            .sort();
          expect(listed).toEqual(expected);
          const urls = (
            (await (await get(`/api/public/${slug}/gallery?limit=100`)).json()) as PublicGalleryPage
          ).items.flatMap(urlsOf);
          expect(new Set(await Promise.all(urls.map(async (url) => (await get(url)).status)))).toEqual(
            new Set(urls.length > 0 ? [200] : []),
          );
        },
      ),
      { numRuns: 25 },
    );
  });
});

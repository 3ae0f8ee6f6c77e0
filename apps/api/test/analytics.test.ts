import {
  createAnalyticsRepository,
  createDb,
  eq,
  media,
  mediaAnalytics,
  mediaVariants,
} from '@phoenix4ge/db';
import { createAnalyticsBuffer, createRedis } from '@phoenix4ge/shared/node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsFlushJobs } from './support/analytics-flush';
import {
  createModel,
  isolatedPrefix,
  signedInAdmin,
  signedInMember,
  startApi,
  startWorker,
  trpcClient,
  until,
} from './support/harness';
import { fixture, upload } from './support/uploads';

const browser = (who: string) =>
  `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36 ${who}`;
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

describe('public analytics: counted views and downloads, flushed exactly once', () => {
  const prefix = isolatedPrefix();
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  let db: ReturnType<typeof createDb>;
  let flush: ReturnType<typeof analyticsFlushJobs>;
  let slug: string;
  let publicId: number;
  let privateId: number;
  let editorCookie: string;

  async function uploadAndWait(headers: Record<string, string>, name: string) {
    const result = await upload(api.url, slug, [{ name, data: fixture(name) }], { headers });
    const outcome = result.body.files?.[0];
    if (outcome?.status !== 'created') throw new Error(`${name} not created`);
    await until(
      () => db.db.query.media.findFirst({ where: eq(media.id, outcome.id) }),
      (row) => row?.processingStatus === 'ready',
      60_000,
    );
    return outcome.id;
  }

  const send = (body: unknown, userAgent: string, target = slug) =>
    fetch(`${api.url}/api/public/${target}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': userAgent },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const views = (...ids: number[]) => ({ events: ids.map((mediaId) => ({ type: 'view', mediaId })) });
  const totals = async (id: number) =>
    (await db.db.query.mediaAnalytics.findFirst({ where: eq(mediaAnalytics.mediaId, id) })) ?? null;

  beforeAll(async () => {
    api = await startApi(prefix);
    worker = await startWorker({ ...prefix, MODERATION_PROVIDER: 'manual' });
    db = createDb(api.config.database);
    flush = analyticsFlushJobs(api.config.redis);
    slug = (await createModel(api)).slug;
    const member = await signedInMember(api, slug, 'editor');
    editorCookie = member.cookie;
    const editor = member.headers;
    publicId = await uploadAndWait(editor, 'Landscape_1.jpg');
    privateId = await uploadAndWait(editor, 'Portrait_1.jpg');
    // Approved as a decision would: the version approved becomes the public one.
    await db.db
      .update(media)
      .set({ moderationStatus: 'approved', publicVersion: 0 })
      .where(eq(media.id, publicId));
  }, 120_000);
  afterAll(async () => {
    await flush?.close();
    await worker?.stop();
    await api?.stop();
    await db?.close();
  });

  it('counts each visitor once per image a day, ignores bots, private and unknown ids', async () => {
    const before = (await totals(publicId))?.viewCount ?? 0;
    for (const userAgent of [browser('a'), browser('a'), browser('b'), GOOGLEBOT]) {
      const response = await send(views(publicId, publicId, privateId, 987_654_321), userAgent);
      expect(response.status).toBe(202);
    }
    await flush.run();
    const after = await totals(publicId);
    expect(after?.viewCount).toBe(before + 2);
    expect(after?.lastViewedAt).toBeInstanceOf(Date);
    expect(await totals(privateId)).toBeNull();
    const today = new Date().toISOString().slice(0, 10);
    const [day] = await createAnalyticsRepository(db.db).daysOf(publicId);
    expect(day).toMatchObject({ day: today, views: before + 2, downloads: 0 });
    // views + 5 × downloads + 3 × edits, all of today (weight 1).
    expect(after?.engagementScore).toBe(before + 2);
  });

  it('answers 400 for malformed batches, 413 for big ones, 404 for an unknown model', async () => {
    const who = browser('shapes');
    expect((await send('{not json', who)).status).toBe(400);
    expect((await send({ events: [{ type: 'click', mediaId: publicId }] }, who)).status).toBe(400);
    expect((await send({ events: [] }, who)).status).toBe(400);
    expect((await send(views(...Array.from({ length: 51 }, () => publicId)), who)).status).toBe(413);
    expect((await send({ events: [], padding: 'x'.repeat(20_000) }, who)).status).toBe(413);
    expect((await send(views(publicId), who, 'no-such-model')).status).toBe(404);
    const beacon = await fetch(`${api.url}/api/public/${slug}/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': who },
      body: JSON.stringify(views(publicId)),
    });
    expect(beacon.status).toBe(202); // navigator.sendBeacon's text/plain
    const notJson = await fetch(`${api.url}/api/public/${slug}/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': who },
      body: 'views please',
    });
    expect(notJson.status).toBe(400);
    expect((await send(views(...Array.from({ length: 50 }, () => publicId)), who)).status).toBe(202);
  });

  it('limits the batches of one visitor (429 with Retry-After), not of others', async () => {
    const who = browser('eager');
    const statuses: number[] = [];
    let limited: Response | undefined;
    while (!limited && statuses.length < 100) {
      const response = await send(views(publicId), who);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses.slice(0, -1).every((status) => status === 202)).toBe(true);
    expect(statuses.length).toBe(31);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await send(views(publicId), browser('patient'))).status).toBe(202);
  });

  it('downloads the largest JPEG of the public version as an attachment, counted once a day', async () => {
    const before = (await totals(publicId))?.downloadCount ?? 0;
    const url = `${api.url}/api/public/${slug}/media/${publicId}/download`;
    const headers = { 'user-agent': browser('fan') };
    const response = await fetch(url, { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Landscape_1.jpg"; filename*=UTF-8''Landscape_1.jpg`,
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    const jpegs = await db.db.query.mediaVariants.findMany({ where: eq(mediaVariants.mediaId, publicId) });
    const widest = Math.max(...jpegs.filter((file) => file.format === 'jpeg').map((file) => file.width));
    expect((await sharp(bytes).metadata()).width).toBe(widest);
    expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
    expect((await fetch(url, { headers })).status).toBe(200);
    expect((await fetch(url, { method: 'HEAD', headers: { 'user-agent': browser('header') } })).status).toBe(
      200,
    );
    expect((await fetch(url, { headers: { 'user-agent': GOOGLEBOT } })).status).toBe(200);
    for (const other of [`media/${privateId}`, 'media/987654321', 'media/abc']) {
      const refused = await fetch(`${api.url}/api/public/${slug}/${other}/download`, { headers });
      expect(refused.status, other).toBe(404);
    }
    expect((await fetch(`${api.url}/api/public/no-such-model/media/${publicId}/download`)).status).toBe(404);
    await flush.run();
    expect((await totals(publicId))?.downloadCount).toBe(before + 1);
  });

  it('never double counts nor loses a claimed bucket when a flush dies', async () => {
    await flush.run(); // what the earlier tests counted
    // No worker while the crash is staged: its scheduled flush must not finish the staged one first.
    await worker?.stop();
    worker = undefined;
    const redis = createRedis(api.config.redis, 'command', 'test-analytics-crash');
    const buffer = createAnalyticsBuffer(redis, api.config.redis.keyPrefix);
    const analytics = createAnalyticsRepository(db.db);
    try {
      const before = (await totals(publicId))?.viewCount ?? 0;
      // A flush that died after its commit, before deleting the bucket from Redis.
      expect((await send(views(publicId), browser('crash-1'))).status).toBe(202);
      const [committed] = await buffer.claim();
      if (!committed) throw new Error('no bucket to claim');
      expect(await analytics.applyFlush(committed, await buffer.read(committed))).toBe(true);
      expect((await totals(publicId))?.viewCount).toBe(before + 1);
      // A flush that died right after claiming (renaming) its bucket.
      expect((await send(views(publicId), browser('crash-2'))).status).toBe(202);
      const claimed = await buffer.claim();
      expect(claimed).toHaveLength(2);

      worker = await startWorker({ ...prefix, MODERATION_PROVIDER: 'manual' });
      // This run (or the scheduled one the new worker may start with) applies the claimed bucket and only
      // deletes the committed one.
      await flush.run();
      const flushed = await db.db.query.analyticsFlushes.findMany();
      expect(flushed.map((row) => row.bucket)).toEqual(expect.arrayContaining(claimed));
      expect((await totals(publicId))?.viewCount).toBe(before + 2);
      expect(await buffer.claim()).toEqual([]);
      expect((await flush.run()).result.applied).toBe(0);
      expect((await totals(publicId))?.viewCount).toBe(before + 2);
    } finally {
      redis.disconnect();
    }
  });

  it('reads per day, top items, per category, one item, every model (admins) and a CSV export', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const counted = await totals(publicId);
    const client = trpcClient(api.url, { cookie: editorCookie });
    const overview = await client.analytics.overview.query({ modelSlug: slug });
    expect(overview.range.to).toBe(today);
    expect(overview.days).toEqual([
      { day: today, views: counted?.viewCount, downloads: counted?.downloadCount, edits: 0 },
    ]);
    expect(overview.top[0]).toMatchObject({ mediaId: publicId, originalFilename: 'Landscape_1.jpg' });
    expect(overview.top[0]?.thumbUrl).toMatch(/\.webp$/);
    expect(overview.top[0]?.engagementScore).toBe(
      (counted?.viewCount ?? 0) + 5 * (counted?.downloadCount ?? 0),
    );
    expect(overview.categories).toEqual([
      {
        categoryId: null,
        name: null,
        color: null,
        views: counted?.viewCount,
        downloads: counted?.downloadCount,
        edits: 0,
      },
    ]);
    const series = await client.analytics.media.query({ modelSlug: slug, mediaId: publicId });
    expect(series.days).toEqual([overview.days[0]]);
    expect(series.totals).toMatchObject({
      views: counted?.viewCount,
      downloads: counted?.downloadCount,
      edits: 0,
      engagementScore: counted?.engagementScore,
    });
    const never = await client.analytics.media.query({ modelSlug: slug, mediaId: privateId });
    expect(never).toMatchObject({ days: [], totals: { views: 0, downloads: 0, lastViewedAt: null } });
    const exported = await client.analytics.exportCsv.query({ modelSlug: slug });
    expect(exported.csv.split('\r\n')).toEqual([
      '"day","media_id","filename","views","downloads","edits"',
      `"${today}","${publicId}","Landscape_1.jpg","${counted?.viewCount}","${counted?.downloadCount}","0"`,
      '',
    ]);
    await expect(
      client.analytics.overview.query({ modelSlug: slug, from: '2020-01-01', to: today }),
    ).rejects.toMatchObject({ data: { code: 'BAD_REQUEST' } });
    await expect(client.analytics.models.query({})).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    const quiet = (await createModel(api)).slug;
    const admin = await signedInAdmin(api);
    const everyModel = await admin.client.analytics.models.query({});
    expect(everyModel.models.find((model) => model.slug === slug)).toMatchObject({
      views: counted?.viewCount,
      downloads: counted?.downloadCount,
    });
    // A model never viewed is listed too, with zeros.
    expect(everyModel.models.find((model) => model.slug === quiet)).toMatchObject({
      views: 0,
      downloads: 0,
      edits: 0,
    });
    const other = await signedInMember(api, quiet, 'viewer');
    await expect(
      trpcClient(api.url, { cookie: other.cookie }).analytics.overview.query({ modelSlug: slug }),
    ).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
  });
});

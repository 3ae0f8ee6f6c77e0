/**
 * models.export (GDPR): a `model.export` job writes a ZIP of everything stored about a model (originals, metadata,
 * every version's operations, moderation, analytics, audit) to storage; its link needs an admin session, answers
 * the archive until it expires and 410 after; the sweep then deletes the file. Admins only; requests and downloads
 * are audited.
 */
import { createHash } from 'node:crypto';
import {
  and,
  auditLog,
  createDb,
  eq,
  media,
  mediaAnalytics,
  mediaAnalyticsDaily,
  modelExports,
} from '@phoenix4ge/db';
import type { EditOperation } from '@phoenix4ge/shared';
import { JobName } from '@phoenix4ge/shared';
import { bullPrefix, createRedis, JobProducer, redisOptions } from '@phoenix4ge/shared/node';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createModel,
  isolatedPrefix,
  isolatedStorage,
  signedInAdmin,
  signedInMember,
  startApi,
  startWorker,
  trpcClient,
  until,
} from './support/harness';
import { fixture, upload } from './support/uploads';
import { unzip } from './support/zip';

type Api = Awaited<ReturnType<typeof startApi>>;

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const codeOf = (error: unknown) => (error as { data?: { code?: string } }).data?.code;

describe('GDPR export of one model', () => {
  const env = { ...isolatedPrefix(), ...isolatedStorage() };
  let api: Api;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let database: ReturnType<typeof createDb>;
  let slug: string;
  let modelId: number;
  let admin: Awaited<ReturnType<typeof signedInAdmin>>;
  let editor: Awaited<ReturnType<typeof signedInMember>>;
  const ids: number[] = [];
  const operations: EditOperation[] = [
    { type: 'crop', aspect: '4:5' },
    { type: 'rotate', angle: 90 },
  ];

  const row = (id: number) => database.db.query.media.findFirst({ where: eq(media.id, id) });
  const get = (url: string, cookie?: string) => fetch(url, { headers: cookie ? { cookie } : {} });

  beforeAll(async () => {
    api = await startApi(env);
    worker = await startWorker({ ...env, MODERATION_PROVIDER: 'manual' });
    database = createDb(api.config.database);
    const model = await createModel(api);
    slug = model.slug;
    modelId = model.id;
    admin = await signedInAdmin(api);
    editor = await signedInMember(api, slug, 'editor');
    for (const name of ['Landscape_1.jpg', 'Canon_40D.jpg']) {
      const { body } = await upload(api.url, slug, [{ name, data: fixture(name) }], {
        headers: editor.headers,
      });
      const outcome = body.files?.[0];
      if (outcome?.status !== 'created') throw new Error(`${name} not created`);
      ids.push(outcome.id);
      await until(
        () => row(outcome.id),
        (item) => item?.processingStatus === 'ready',
        30_000,
      );
    }
    const [edited = 0, rejected = 0] = ids;
    const client = trpcClient(api.url, { cookie: editor.cookie });
    await client.moderation.decide.mutate({ modelSlug: slug, ids: [edited], decision: 'approve' });
    await client.moderation.decide.mutate({ modelSlug: slug, ids: [rejected], decision: 'reject' });
    await client.edits.apply.mutate({ modelSlug: slug, mediaId: edited, baseVersion: 0, operations });
    await until(
      () => row(edited),
      (item) => item?.currentVersion === 1,
      60_000,
    );
    // Usage counts as the analytics flush writes them.
    await database.db
      .insert(mediaAnalytics)
      .values({ mediaId: edited, modelId, viewCount: 7, downloadCount: 2 })
      .onDuplicateKeyUpdate({ set: { viewCount: 7, downloadCount: 2 } });
    await database.db
      .insert(mediaAnalyticsDaily)
      .values({ mediaId: edited, modelId, day: '2026-11-30', views: 7, downloads: 2 });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await database?.close();
    await api?.stop();
  });

  it('writes every part of the model into the archive, with live progress, and audits request and download', async () => {
    const progress: { state: string; done: number; total: number }[] = [];
    let started: () => void = () => {};
    const opened = new Promise<void>((resolve) => (started = resolve));
    const subscription = admin.client.models.onData.subscribe(
      { modelSlug: slug },
      { onStarted: () => started(), onData: (event) => progress.push(event.data) },
    );
    try {
      await opened;
      const requested = await admin.client.models.export.mutate({ modelSlug: slug });
      expect(requested.url).toMatch(/\/api\/exports\/[A-Za-z0-9_-]{43}$/);
      const url = requested.url.startsWith('http') ? requested.url : `${api.url}${requested.url}`;
      await until(
        async () => (await admin.client.models.exports.query({ modelSlug: slug }))[0]?.status,
        (status) => status === 'ready',
        60_000,
      );
      await until(
        async () => progress,
        (events) => events.some((event) => event.state === 'ready'),
        10_000,
      );
      expect(progress.at(-1)).toMatchObject({ state: 'ready', done: 2, total: 2 });

      const response = await get(url, admin.cookie);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/zip');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.zip"$/);
      const files = await unzip(Buffer.from(await response.arrayBuffer()));

      expect(files.get('README.txt')?.toString()).toMatch(/originals\/[\s\S]*audit\.json/);
      const [edited = 0, rejected = 0] = ids;
      expect(sha(files.get(`originals/${edited}-Landscape_1.jpg`) ?? Buffer.alloc(0))).toBe(
        sha(fixture('Landscape_1.jpg')),
      );
      expect(sha(files.get(`originals/${rejected}-Canon_40D.jpg`) ?? Buffer.alloc(0))).toBe(
        sha(fixture('Canon_40D.jpg')),
      );

      const json = (name: string) => JSON.parse(files.get(name)?.toString() ?? 'null');
      const mediaJson = json('media.json');
      expect(mediaJson.model).toMatchObject({ id: modelId, slug });
      expect(mediaJson.media.map((item: { id: number }) => item.id)).toEqual(ids);
      expect(mediaJson.media[1]).toMatchObject({
        originalFilename: 'Canon_40D.jpg',
        processingStatus: 'ready',
      });
      expect(mediaJson.media[1].metadata.exifData).toMatchObject({ camera: { make: 'Canon' } });

      const edits = json('edits.json');
      expect(edits.find((edit: { mediaId: number; version: number }) => edit.version === 1)).toMatchObject({
        mediaId: edited,
        operations,
        status: 'ready',
      });

      const moderation = json('moderation.json');
      expect(moderation.decisions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ mediaId: edited, status: expect.any(String) }),
          expect.objectContaining({ mediaId: rejected, status: 'rejected', moderatedBy: editor.user.id }),
        ]),
      );
      expect(moderation.versionDecisions.length).toBeGreaterThan(0);

      const analytics = json('analytics.json');
      expect(analytics.totals).toEqual([
        expect.objectContaining({ mediaId: edited, viewCount: 7, downloadCount: 2 }),
      ]);
      expect(analytics.daily).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ day: '2026-11-30', views: 7, downloads: 2 }),
          // The edit counted itself on its day.
          expect.objectContaining({ mediaId: edited, edits: 1 }),
        ]),
      );

      const actions = json('audit.json').map((entry: { action: string }) => entry.action);
      expect(actions).toEqual(expect.arrayContaining(['media.upload', 'moderation.decide', 'edits.apply']));

      const audited = await database.db
        .select({ action: auditLog.action, actor: auditLog.actorUserId })
        .from(auditLog)
        .where(and(eq(auditLog.modelId, modelId), eq(auditLog.targetType, 'export')));
      expect(audited).toEqual(
        expect.arrayContaining([
          { action: 'models.export', actor: admin.admin.id },
          { action: 'models.exportDownload', actor: admin.admin.id },
        ]),
      );
    } finally {
      subscription.unsubscribe();
    }
  });

  it('needs an admin: FORBIDDEN for the model’s editor, 401/403 for the link without an admin session', async () => {
    const asEditor = trpcClient(api.url, { cookie: editor.cookie });
    await expect(asEditor.models.export.mutate({ modelSlug: slug })).rejects.toSatisfy(
      (error) => codeOf(error) === 'FORBIDDEN',
    );
    await expect(asEditor.models.erase.mutate({ modelSlug: slug, confirm: slug })).rejects.toSatisfy(
      (error) => codeOf(error) === 'FORBIDDEN',
    );
    const requested = await admin.client.models.export.mutate({ modelSlug: slug });
    const url = requested.url.startsWith('http') ? requested.url : `${api.url}${requested.url}`;
    expect((await get(url)).status).toBe(401);
    const refused = await get(url, editor.cookie);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await get(`${api.url}/api/exports/${'A'.repeat(43)}`, admin.cookie)).status).toBe(404);
  });

  it('answers 410 once the link expired, and the sweep deletes the file but keeps the answer', async () => {
    const requested = await admin.client.models.export.mutate({ modelSlug: slug });
    const url = requested.url.startsWith('http') ? requested.url : `${api.url}${requested.url}`;
    const ready = await until(
      () => database.db.query.modelExports.findFirst({ where: eq(modelExports.id, requested.export.id) }),
      (row) => row?.status === 'ready',
      60_000,
    );
    const key = ready?.storageKey ?? '';
    expect(await api.services.storage.stat(key)).toBeDefined();
    expect((await get(url, admin.cookie)).status).toBe(200);

    await database.db
      .update(modelExports)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(modelExports.id, requested.export.id));
    const gone = await get(url, admin.cookie);
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({
      error: { code: 'GONE', message: expect.stringMatching(/expired/) },
    });

    const redis = createRedis(api.config.redis, 'blocking', 'export-sweep-test');
    const producer = new JobProducer(redis, api.config.redis.keyPrefix);
    const events = new QueueEvents('maintenance', {
      connection: redisOptions(api.config.redis, 'blocking', 'export-sweep-test-events'),
      prefix: bullPrefix(api.config.redis.keyPrefix),
    });
    try {
      await events.waitUntilReady();
      const job = await producer.enqueue(JobName.MaintenanceSweep, { olderThanMinutes: 60 });
      expect(await job.waitUntilFinished(events, 30_000)).toMatchObject({ expiredExportsRemoved: 1 });
    } finally {
      await events.close();
      await producer.close();
      redis.disconnect();
    }
    expect(await api.services.storage.stat(key)).toBeUndefined();
    expect((await get(url, admin.cookie)).status).toBe(410);
  });
});

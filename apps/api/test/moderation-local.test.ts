import type { Media } from '@phoenix4ge/db';
import { auditLog, createDb, desc, eq, media, moderationRequests } from '@phoenix4ge/db';
import type { ModelSettings } from '@phoenix4ge/shared';
import { defaultModelSettings, JobName, moderationCheckJobId } from '@phoenix4ge/shared';
import { createRedis, JobProducer } from '@phoenix4ge/shared/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createModel,
  isolatedPrefix,
  modelRow,
  signedInAdmin,
  signedInMember,
  startApi,
  startWorker,
  trpcClient,
  until,
} from './support/harness';
import { seedMedia } from './support/library-seed';
import { publicImageProbe } from './support/public-urls';
import { fixture, upload } from './support/uploads';

type Api = Awaited<ReturnType<typeof startApi>>;
const photo = 'DSCN0010.jpg';

describe('moderation with the on-device classifier (local provider): upload → processed → classified → status', () => {
  const prefix = isolatedPrefix();
  let api: Api;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;
  let admin: Awaited<ReturnType<typeof signedInAdmin>>;
  let producer: JobProducer;
  let redis: ReturnType<typeof createRedis>;

  async function modelWith(moderation: Partial<ModelSettings['moderation']>) {
    const { slug } = await createModel(api);
    await admin.client.models.update.mutate({
      modelSlug: slug,
      settings: {
        ...defaultModelSettings,
        moderation: { ...defaultModelSettings.moderation, ...moderation },
      },
    });
    const editor = await signedInMember(api, slug, 'editor');
    return { slug, editor };
  }

  async function uploadAndSettle(
    slug: string,
    headers: Record<string, string>,
    accept: (row: Media) => boolean,
  ) {
    const { body } = await upload(api.url, slug, [{ name: photo, data: fixture(photo) }], { headers });
    const outcome = body.files?.[0];
    if (outcome?.status !== 'created') throw new Error('upload failed');
    return until(
      async () => (await db.db.query.media.findFirst({ where: eq(media.id, outcome.id) })) as Media,
      (row) => row !== undefined && accept(row),
      90_000,
    );
  }

  /** What the public gets for the item: its /i/ URLs (support/public-urls.ts). */
  const publicStatuses = (id: number) => publicImageProbe(api.url, db.db)(id);

  const latestRequest = async (mediaId: number) =>
    db.db.query.moderationRequests.findFirst({
      where: eq(moderationRequests.mediaId, mediaId),
      orderBy: desc(moderationRequests.id),
    });

  beforeAll(async () => {
    api = await startApi(prefix);
    worker = await startWorker(prefix);
    db = createDb(api.config.database);
    admin = await signedInAdmin(api);
    redis = createRedis(api.config.redis, 'command', 'moderation-test');
    producer = new JobProducer(redis, api.config.redis.keyPrefix);
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await producer?.close();
    redis?.disconnect();
    await db?.close();
  });

  it('approves an ordinary photo under the default policy, with all five scores, the model name and version', async () => {
    const { slug, editor } = await modelWith({});
    const row = await uploadAndSettle(slug, editor.headers, (r) => r.moderationStatus !== 'pending');
    expect(row).toMatchObject({ processingStatus: 'ready', moderationStatus: 'approved', moderatedAt: null });
    expect(row.moderationReason).toBe('Below every threshold');
    const request = await latestRequest(row.id);
    expect(request).toMatchObject({
      provider: 'local',
      status: 'approved',
      verdict: 'approved',
      attempts: 1,
    });
    expect(request?.modelName).toMatch(/nsfwjs/i);
    expect(request?.modelVersion).toMatch(/^\d+\.\d+/);
    const scores = request?.scores ?? {};
    expect(Object.keys(scores).sort()).toEqual(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']);
    expect(Object.values(scores).reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 2);
    // Approved: every variant is public now.
    expect(new Set(await publicStatuses(row.id))).toEqual(new Set([200]));
  });

  it('leaves it pending for a person when the model turns auto-approve off, and serves none of it', async () => {
    const { slug, editor } = await modelWith({ autoApprove: false });
    const row = await uploadAndSettle(
      slug,
      editor.headers,
      (r) => r.moderationReason?.includes('auto-approve') ?? false,
    );
    expect(row.moderationStatus).toBe('pending');
    expect(new Set(await publicStatuses(row.id))).toEqual(new Set([404]));
  });

  it('flags and rejects by the model’s own thresholds; neither is ever served publicly', async () => {
    const flagging = await modelWith({ flagAt: 0, rejectAt: 1 });
    const flagged = await uploadAndSettle(
      flagging.slug,
      flagging.editor.headers,
      (r) => r.moderationStatus !== 'pending',
    );
    expect(flagged.moderationStatus).toBe('flagged');
    expect(flagged.moderationReason).toMatch(/^Explicit \d+ % ≥ 0 %$/);
    expect(new Set(await publicStatuses(flagged.id))).toEqual(new Set([404]));

    const rejecting = await modelWith({ flagAt: 0, rejectAt: 0 });
    const rejected = await uploadAndSettle(
      rejecting.slug,
      rejecting.editor.headers,
      (r) => r.moderationStatus !== 'pending',
    );
    expect(rejected.moderationStatus).toBe('rejected');
    expect(new Set(await publicStatuses(rejected.id))).toEqual(new Set([404]));
  });

  it('lets a person’s decision win: a later provider run does not override it, and the decision is audited', async () => {
    const { slug, editor } = await modelWith({ flagAt: 0, rejectAt: 1 });
    const row = await uploadAndSettle(slug, editor.headers, (r) => r.moderationStatus === 'flagged');
    const client = trpcClient(api.url, { cookie: editor.cookie });
    const decided = await client.moderation.decide.mutate({
      modelSlug: slug,
      ids: [row.id],
      decision: 'approve',
    });
    expect(decided).toMatchObject({ ids: [row.id], moderationStatus: 'approved' });
    expect(new Set(await publicStatuses(row.id))).toEqual(new Set([200]));

    // The provider runs again (e.g. a resubmission): the person's decision stands.
    const job = await producer.enqueue(
      JobName.ModerationCheck,
      { mediaId: row.id, version: 0, attempt: 2 },
      { jobId: moderationCheckJobId(row.id, 0, 2) },
    );
    await until(
      () => job.getState(),
      (state) => state === 'completed',
      30_000,
    );
    const after = await db.db.query.media.findFirst({ where: eq(media.id, row.id) });
    expect(after).toMatchObject({ moderationStatus: 'approved', moderatedBy: editor.user.id });
    expect(after?.moderatedAt).toBeInstanceOf(Date);

    const [entry] = await db.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'moderation.decide'))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(entry).toMatchObject({
      actorUserId: editor.user.id,
      targetType: 'media',
      targetId: String(row.id),
    });
    expect(entry?.details).toMatchObject({ decision: 'approve', moderationStatus: 'approved' });
  });

  it('decides many items at once and audits them (the ids in the details, no target squeezed into its column)', async () => {
    const { slug, editor } = await modelWith({ autoApprove: false });
    const model = await modelRow(api, slug);
    const ids = await seedMedia(
      db,
      model.id,
      Array.from({ length: 40 }, (_, index) => ({
        originalFilename: `many-${index}.jpg`,
        processingStatus: 'ready' as const,
        moderationStatus: 'flagged' as const,
      })),
    );
    const client = trpcClient(api.url, { cookie: editor.cookie });
    const decided = await client.moderation.decide.mutate({ modelSlug: slug, ids, decision: 'approve' });
    expect(new Set(decided.ids)).toEqual(new Set(ids));
    const [entry] = await db.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'moderation.decide'))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(entry).toMatchObject({ modelId: model.id, targetType: 'media', targetId: null });
    expect(new Set((entry?.details as { ids?: number[] } | null)?.ids)).toEqual(new Set(ids));
  });

  it('flags an image the classifier cannot read for a person, with the reason — never approves it', async () => {
    const { slug, editor } = await modelWith({ autoApprove: false });
    const row = await uploadAndSettle(
      slug,
      editor.headers,
      (r) => r.moderationReason?.includes('auto-approve') ?? false,
    );
    const detail = await trpcClient(api.url, { cookie: editor.cookie }).media.byId.query({
      modelSlug: slug,
      id: row.id,
    });
    const md = detail.variants.find((variant) => variant.preset === 'md' && variant.format === 'jpeg');
    if (!md) throw new Error('no md.jpg');
    await api.services.storage.put(md.url.replace(/^\/media\//, ''), Buffer.from('not an image at all'), {
      contentType: 'image/jpeg',
    });
    await producer.enqueue(
      JobName.ModerationCheck,
      { mediaId: row.id, version: 0, attempt: 2 },
      { jobId: moderationCheckJobId(row.id, 0, 2) },
    );
    const flagged = await until(
      async () => db.db.query.media.findFirst({ where: eq(media.id, row.id) }),
      (r) => r?.moderationStatus === 'flagged',
      30_000,
    );
    expect(flagged?.moderationReason).toMatch(/classifier could not read the image/);
  });

  it('waits for a person with the manual provider, and lists the item in the model’s queue', async () => {
    const { slug, editor } = await modelWith({ provider: 'manual' });
    const row = await uploadAndSettle(slug, editor.headers, (r) => r.moderationReason !== null);
    expect(row).toMatchObject({
      moderationStatus: 'pending',
      moderationReason: 'Manual moderation: waiting for a person',
    });
    const queue = await trpcClient(api.url, { cookie: editor.cookie }).moderation.queue.query({
      modelSlug: slug,
    });
    expect(queue.items.map((item) => item.id)).toEqual([row.id]);
    expect(queue.items[0]).toMatchObject({ modelSlug: slug, request: { provider: 'manual' } });
    expect(queue.items[0]?.previewUrl).toMatch(/\/lg\.webp$/);
    // Every model's queue, read from just before this item (other test files fill the shared queue too).
    const all = await admin.client.moderation.queueAll.query({
      cursor: row.id > 1 ? row.id - 1 : undefined,
      limit: 1,
    });
    expect(all.items.map((item) => item.id)).toEqual([row.id]);
  });
});

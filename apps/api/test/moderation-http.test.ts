import type { Media } from '@phoenix4ge/db';
import { createDb, desc, eq, media, moderationEvents, moderationRequests } from '@phoenix4ge/db';
import type { Behaviour, ModerationSimulator } from '@phoenix4ge/moderation-simulator';
import { generateWebhookSecret, startModerationSimulator } from '@phoenix4ge/moderation-simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createModel,
  isolatedPrefix,
  signedInMember,
  startApi,
  startWorker,
  trpcClient,
  until,
} from './support/harness';
import { publicImageProbe } from './support/public-urls';
import { fixture, upload } from './support/uploads';

const photos = ['DSCN0010.jpg', 'DSCN0021.jpg', 'Landscape_1.jpg', 'Portrait_3.jpg', 'Canon_40D.jpg'];

describe('moderation through an external provider (http) against the simulator', () => {
  const prefix = isolatedPrefix();
  const secret = generateWebhookSecret();
  let simulator: ModerationSimulator;
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;
  let slug: string;
  let editor: Awaited<ReturnType<typeof signedInMember>>;
  let next = 0;

  /** Uploads a photo not seen before by this model (content-addressed: each must differ). */
  async function uploadPhoto(): Promise<number> {
    const name = photos[next++ % photos.length] ?? '';
    const { status, body } = await upload(api.url, slug, [{ name, data: fixture(name) }], {
      headers: editor.headers,
    });
    const outcome = body.files?.[0];
    expect(status).toBe(201);
    if (outcome?.status !== 'created') throw new Error(`${name} not created`);
    return outcome.id;
  }

  const row = async (id: number) => (await db.db.query.media.findFirst({ where: eq(media.id, id) })) as Media;
  const settle = (id: number, accept: (item: Media) => boolean, timeoutMs = 30_000) =>
    until(() => row(id), accept, timeoutMs);
  const requestsOf = (id: number) =>
    db.db
      .select()
      .from(moderationRequests)
      .where(eq(moderationRequests.mediaId, id))
      .orderBy(desc(moderationRequests.id));

  /** What the public gets for the item: its /i/ URLs (support/public-urls.ts). */
  const publicStatuses = async (id: number) => new Set(await publicImageProbe(api.url, db.db)(id));

  function behave(behaviour: Partial<Behaviour>) {
    simulator.reset({ overrides: true });
    simulator.setBehaviour({ mode: 'normal', delayMs: 50, ...behaviour });
  }

  beforeAll(async () => {
    simulator = await startModerationSimulator({
      secret,
      apiKey: 'simulator-key',
      behaviour: { delayMs: 50 },
    });
    api = await startApi({ ...prefix, MODERATION_WEBHOOK_SECRET: secret });
    worker = await startWorker({
      ...prefix,
      // One job at a time per queue, in queue order: the simulator's two out-of-order events are then applied in
      // the order they were delivered (with two in flight, the older one could win the row lock first).
      WORKER_CONCURRENCY: '1',
      MODERATION_PROVIDER: 'http',
      MODERATION_API_ENDPOINT: simulator.endpoint,
      MODERATION_API_KEY: 'simulator-key',
      MODERATION_WEBHOOK_URL: `${api.url}/api/moderation-webhooks/result`,
      MODERATION_WEBHOOK_SECRET: secret,
      MODERATION_TIMEOUT_SECONDS: '2',
      MODERATION_MAX_ATTEMPTS: '2',
    });
    db = createDb(api.config.database);
  }, 60_000);
  beforeEach(async () => {
    // A fresh model per test: the same photos can be uploaded again.
    slug = (await createModel(api)).slug;
    editor = await signedInMember(api, slug, 'editor');
    next = 0;
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await simulator?.stop();
    await db?.close();
  });

  it.each([
    ['approve', 'approved'],
    ['reject', 'rejected'],
    ['flag', 'flagged'],
  ] as const)(
    'applies a signed %s verdict: %s, with the provider’s scores and labels',
    async (verdict, status) => {
      behave({ verdict });
      const id = await uploadPhoto();
      const item = await settle(id, (r) => r.moderationStatus !== 'pending');
      expect(item.moderationStatus).toBe(status);
      const [request] = await requestsOf(id);
      expect(request).toMatchObject({
        provider: 'http',
        verdict: status,
        modelName: 'simulator-1',
        attempts: 1,
      });
      expect(request?.externalId).toMatch(/^sim_/);
      expect(Object.keys(request?.scores ?? {}).length).toBeGreaterThan(0);
      expect(simulator.submissions).toHaveLength(1);
      expect(simulator.submissions[0]).toMatchObject({ mediaId: id, reference: String(request?.id) });
      expect(simulator.submissions[0]?.bytes).toBeGreaterThan(1000);
      expect(await publicStatuses(id)).toEqual(new Set([status === 'approved' ? 200 : 404]));
    },
  );

  it('applies a duplicate delivery once: the second answer is a 200 no-op', async () => {
    behave({ verdict: 'approve', mode: 'duplicate' });
    const id = await uploadPhoto();
    await settle(id, (r) => r.moderationStatus === 'approved');
    await simulator.waitForDeliveries(2);
    expect(simulator.deliveries.map((delivery) => delivery.status)).toEqual([202, 200]);
    const [first, second] = simulator.deliveries;
    expect(second?.webhookId).toBe(first?.webhookId);
    const stored = await db.db
      .select()
      .from(moderationEvents)
      .where(eq(moderationEvents.eventId, first?.webhookId ?? ''));
    expect(stored).toHaveLength(1);
  });

  it('keeps the newer verdict when an older one arrives later (out of order)', async () => {
    behave({ verdict: 'reject', mode: 'out-of-order' });
    const id = await uploadPhoto();
    await simulator.waitForDeliveries(2);
    const events = await until(
      async () => db.db.select().from(moderationEvents).orderBy(desc(moderationEvents.id)).limit(2),
      (rows) => rows.length === 2 && rows.every((event) => event.processedAt !== null),
      30_000,
    );
    const item = await row(id);
    expect(item.moderationStatus).toBe('rejected');
    // The older "approve" was stored and looked at, but not applied.
    expect(events.some((event) => event.error?.includes('not applied'))).toBe(true);
    const [request] = await requestsOf(id);
    expect(request?.verdict).toBe('rejected');
  });

  it('flags for a person when the provider reports it could not judge the image', async () => {
    behave({ mode: 'error' });
    const id = await uploadPhoto();
    const item = await settle(id, (r) => r.moderationStatus !== 'pending');
    expect(item.moderationStatus).toBe('flagged');
    expect(item.moderationReason).toMatch(/could not judge/);
  });

  it('resubmits an unanswered request after the timeout, then flags it for a person', async () => {
    behave({ mode: 'timeout' });
    const id = await uploadPhoto();
    const item = await settle(id, (r) => r.moderationStatus !== 'pending', 25_000);
    expect(item.moderationStatus).toBe('flagged');
    expect(item.moderationReason).toMatch(/did not answer 2 submission/);
    expect(simulator.submissions.filter((submission) => submission.mediaId === id)).toHaveLength(2);
    const requests = await requestsOf(id);
    expect(requests.map((request) => request.attempts)).toEqual([2, 1]);
    expect(requests[1]?.error).toMatch(/submitted again/);
  });

  it('refuses a wrongly signed result (401, security event) and never applies it', async () => {
    behave({ verdict: 'approve', mode: 'wrong-signature' });
    const id = await uploadPhoto();
    await simulator.waitForDeliveries(1);
    expect(simulator.deliveries[0]?.status).toBe(401);
    const item = await settle(id, (r) => r.moderationStatus !== 'pending', 25_000);
    // No genuine answer ever came: after the resubmission the item goes to a person, not to the public.
    expect(item.moderationStatus).toBe('flagged');
    const events = await api.services.audit.listSecurityEvents({ type: 'webhook_bad_signature', limit: 10 });
    expect(events.items.length).toBeGreaterThan(0);
  });

  it('never blocks uploads when the provider is down: retried with backoff, then flagged', async () => {
    behave({ mode: 'fail' });
    const id = await uploadPhoto();
    expect((await row(id)).processingStatus).not.toBe('failed');
    const item = await settle(id, (r) => r.moderationStatus !== 'pending', 25_000);
    expect(item).toMatchObject({ processingStatus: 'ready', moderationStatus: 'flagged' });
    expect(item.moderationReason).toMatch(/could not be reached/);
    expect(
      simulator.submissions.filter((submission) => submission.mediaId === id).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('lets a person’s decision win over a provider result that arrives afterwards', async () => {
    behave({ verdict: 'reject', delayMs: 2500 });
    const id = await uploadPhoto();
    await until(
      () => requestsOf(id),
      (requests) => requests[0]?.externalId != null,
      30_000,
    );
    await trpcClient(api.url, { cookie: editor.cookie }).moderation.decide.mutate({
      modelSlug: slug,
      ids: [id],
      decision: 'approve',
      reason: 'Checked by hand',
    });
    await simulator.waitForDeliveries(1, 10_000);
    expect(simulator.deliveries[0]?.status).toBe(202);
    const [event] = await until(
      async () => db.db.select().from(moderationEvents).orderBy(desc(moderationEvents.id)).limit(1),
      (rows) => rows[0]?.processedAt != null,
      30_000,
    );
    expect(event?.error).toMatch(/not applied/);
    expect(await row(id)).toMatchObject({
      moderationStatus: 'approved',
      moderationReason: 'Checked by hand',
    });
  });
});

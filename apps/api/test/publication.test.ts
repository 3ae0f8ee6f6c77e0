import { createDb, eq, inArray, media, models } from '@phoenix4ge/db';
import type { PublicGalleryPage, PublicItem } from '@phoenix4ge/shared';
import { createRedis, publicationVersionKey, waitForRedis } from '@phoenix4ge/shared/node';
import { TRPCClientError } from '@trpc/client';
import sharp from 'sharp';
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
import { upload } from './support/uploads';

const hour = 3600_000;

/** The tRPC error code and field errors of a failed call. */
async function failure(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TRPCClientError)) throw new Error(`expected a tRPC error, got ${String(error)}`);
  const data = error.data as { code?: string; zodError?: { fieldErrors?: Record<string, string[]> } };
  return { code: data.code, fields: Object.keys(data.zodError?.fieldErrors ?? {}) };
}

describe('publication in the admin: windows, public order, consent expiry', () => {
  const prefix = isolatedPrefix();
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;
  let redis: ReturnType<typeof createRedis>;
  let slug: string;
  let modelId: number;
  let editorHeaders: Record<string, string>;
  let editor: ReturnType<typeof trpcClient>;
  let viewer: ReturnType<typeof trpcClient>;
  let admin: ReturnType<typeof trpcClient>;
  const ids: number[] = [];

  const get = (path: string) => fetch(`${api.url}${path}`);
  async function gallery(query = '?limit=100'): Promise<PublicGalleryPage> {
    const response = await get(`/api/public/${slug}/gallery${query}`);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as PublicGalleryPage;
  }
  const listedIds = async (query?: string) => (await gallery(query)).items.map((item) => item.id);
  const itemOf = async (id: number) => (await gallery()).items.find((item) => item.id === id);
  const version = async () =>
    Number((await redis.get(publicationVersionKey(api.config.redis.keyPrefix, modelId))) ?? 0);
  const stateOf = async (id: number) =>
    (await editor.media.byId.query({ modelSlug: slug, id })).publication.state;
  const setWindow = (id: number, publishFrom: Date | null, publishUntil: Date | null) =>
    editor.media.setWindow.mutate({ modelSlug: slug, id, publishFrom, publishUntil });

  beforeAll(async () => {
    api = await startApi(prefix);
    worker = await startWorker({ ...prefix, MODERATION_PROVIDER: 'manual' });
    db = createDb(api.config.database);
    redis = createRedis(api.config.redis, 'command', 'publication-test');
    await waitForRedis(redis, 3000);
    slug = (await createModel(api)).slug;
    modelId = (await modelRow(api, slug)).id;
    editorHeaders = (await signedInMember(api, slug, 'editor')).headers;
    editor = trpcClient(api.url, editorHeaders);
    viewer = trpcClient(api.url, (await signedInMember(api, slug, 'viewer')).headers);
    admin = (await signedInAdmin(api)).client;
    for (let n = 0; n < 4; n += 1) {
      const data = await sharp({
        create: { width: 320, height: 240, channels: 3, background: { r: 20 + n * 50, g: 80, b: 160 } },
      })
        .jpeg()
        .toBuffer();
      const result = await upload(api.url, slug, [{ name: `window-${n}.jpg`, data }], {
        headers: editorHeaders,
      });
      const outcome = result.body.files?.[0];
      if (outcome?.status !== 'created') throw new Error('upload not created');
      ids.push(outcome.id);
    }
    await until(
      () => db.db.select().from(media).where(inArray(media.id, ids)),
      (rows) => rows.every((row) => row.processingStatus === 'ready'),
      90_000,
    );
    await editor.media.bulk.mutate({
      modelSlug: slug,
      selection: { ids },
      action: { type: 'moderate', decision: 'approve' },
    });
  }, 180_000);
  afterAll(async () => {
    redis?.disconnect();
    await worker?.stop();
    await api?.stop();
    await db?.close();
  });

  it('takes an item off the site with a window, at once, and brings it back when the window opens', async () => {
    const id = ids[0] ?? 0;
    const listed = await itemOf(id);
    expect(listed).toBeDefined();
    expect(await stateOf(id)).toBe('live');

    const before = await version();
    const from = new Date(Date.now() + hour);
    const item = await setWindow(id, from, null);
    expect(item.publishFrom).toEqual(from);
    expect(item.publication.state).toBe('scheduled');
    expect(await version()).toBeGreaterThan(before);
    // Off the cached gallery at once, and every URL it handed out is dead.
    expect(await listedIds()).not.toContain(id);
    expect((await get(listed?.src ?? '')).status).toBe(404);

    // A window opening by itself: the gallery lists the item from that moment, not before.
    const opensAt = new Date(Date.now() + 2000);
    await setWindow(id, opensAt, null);
    expect(await listedIds()).not.toContain(id);
    await expect.poll(listedIds, { timeout: 10_000, interval: 200 }).toContain(id);
    expect(Date.now()).toBeGreaterThanOrEqual(opensAt.getTime());
    expect(await stateOf(id)).toBe('live');
    const back = await itemOf(id);
    expect(back?.src).not.toBe(listed?.src);
    expect((await get(back?.src ?? '')).status).toBe(200);

    // Ended: expired, gone.
    await setWindow(id, null, new Date(Date.now() - 1000));
    expect(await stateOf(id)).toBe('expired');
    expect(await listedIds()).not.toContain(id);
    expect((await get(back?.src ?? '')).status).toBe(404);
    await setWindow(id, null, null);
    expect(await listedIds()).toContain(id);
  });

  it('refuses a window that ends before it starts (400 naming publishUntil), for one item and in bulk', async () => {
    const from = new Date(Date.now() + 2 * hour);
    const until = new Date(Date.now() + hour);
    expect(await failure(setWindow(ids[1] ?? 0, from, until))).toEqual({
      code: 'BAD_REQUEST',
      fields: ['publishUntil'],
    });
    const bulk = await failure(
      editor.media.bulk.mutate({
        modelSlug: slug,
        selection: { ids: [ids[1] ?? 0] },
        action: { type: 'window', publishFrom: from, publishUntil: from },
      }),
    );
    expect(bulk.code).toBe('BAD_REQUEST');
    const row = await db.db.query.media.findFirst({ where: eq(media.id, ids[1] ?? 0) });
    expect(row?.publishFrom).toBeNull();
    expect(row?.publishUntil).toBeNull();
  });

  it('sets a window on a selection in bulk: scheduled, off the site, then back', async () => {
    const selected = [ids[1] ?? 0, ids[2] ?? 0];
    expect(await listedIds()).toEqual(expect.arrayContaining(selected));
    const publishFrom = new Date(Date.now() + hour);
    const publishUntil = new Date(Date.now() + 2 * hour);
    const result = await editor.media.bulk.mutate({
      modelSlug: slug,
      selection: { ids: selected },
      action: { type: 'window', publishFrom, publishUntil },
    });
    expect(result).toEqual({ status: 'done', count: 2 });
    const listed = await listedIds();
    for (const id of selected) {
      expect(listed).not.toContain(id);
      const item = await editor.media.byId.query({ modelSlug: slug, id });
      expect(item.publication.state).toBe('scheduled');
      expect(item.publishUntil).toEqual(publishUntil);
    }
    await editor.media.bulk.mutate({
      modelSlug: slug,
      selection: { ids: selected },
      action: { type: 'window', publishFrom: null, publishUntil: null },
    });
    expect(await listedIds()).toEqual(expect.arrayContaining(selected));
  });

  it('orders a category by moves; the gallery follows at once', async () => {
    const category = await editor.categories.create.mutate({
      modelSlug: slug,
      name: 'Ordered',
      color: '#225588',
    });
    await editor.media.bulk.mutate({
      modelSlug: slug,
      selection: { ids },
      action: { type: 'move', categoryId: category.id },
    });
    const inCategory = `?category=${category.id}&limit=100`;
    // Unordered: newest first.
    const newest = [...ids].reverse();
    expect(await listedIds(inCategory)).toEqual(newest);
    expect(
      (await editor.media.publicOrder.query({ modelSlug: slug, categoryId: category.id })).items.map(
        (i) => i.id,
      ),
    ).toEqual(newest);

    const [a, b, c, d] = ids as [number, number, number, number];
    // The oldest first, then the newest to the end.
    let moved = await editor.media.movePublicOrder.mutate({
      modelSlug: slug,
      categoryId: category.id,
      id: a,
      beforeId: d,
    });
    expect(moved.ids).toEqual([a, d, c, b]);
    moved = await editor.media.movePublicOrder.mutate({
      modelSlug: slug,
      categoryId: category.id,
      id: d,
      beforeId: null,
    });
    expect(moved.ids).toEqual([a, c, b, d]);
    expect(await listedIds(inCategory)).toEqual([a, c, b, d]);
    const rows = await db.db.select().from(media).where(inArray(media.id, ids));
    expect(Object.fromEntries(rows.map((row) => [row.id, row.publicOrder]))).toEqual({
      [a]: 1,
      [c]: 2,
      [b]: 3,
      [d]: 4,
    });

    // Concurrent moves by two editors both apply, each to the order the other left.
    const second = trpcClient(api.url, (await signedInMember(api, slug, 'editor')).headers);
    await Promise.all([
      editor.media.movePublicOrder.mutate({ modelSlug: slug, categoryId: category.id, id: b, beforeId: a }),
      second.media.movePublicOrder.mutate({ modelSlug: slug, categoryId: category.id, id: d, beforeId: c }),
    ]);
    const after = await listedIds(inCategory);
    expect(after).toHaveLength(4);
    expect(after.indexOf(b)).toBeLessThan(after.indexOf(a));
    expect(after.indexOf(d)).toBeLessThan(after.indexOf(c));

    // An item that left the category meanwhile: CONFLICT, nothing changes.
    const other = await editor.categories.create.mutate({
      modelSlug: slug,
      name: 'Elsewhere',
      color: '#884422',
    });
    await editor.media.bulk.mutate({
      modelSlug: slug,
      selection: { ids: [c] },
      action: { type: 'move', categoryId: other.id },
    });
    expect(
      (
        await failure(
          editor.media.movePublicOrder.mutate({
            modelSlug: slug,
            categoryId: category.id,
            id: c,
            beforeId: null,
          }),
        )
      ).code,
    ).toBe('CONFLICT');
    // It left the manual order with its category.
    expect((await db.db.query.media.findFirst({ where: eq(media.id, c) }))?.publicOrder).toBeNull();
    await editor.media.bulk.mutate({
      modelSlug: slug,
      selection: { ids: [c] },
      action: { type: 'move', categoryId: category.id },
    });
  });

  it('ends everything of a model at its consent expiry; only admins set it', async () => {
    const id = ids[3] ?? 0;
    const listed = await itemOf(id);
    expect(listed).toBeDefined();
    expect(
      (await failure(editor.models.setConsent.mutate({ modelSlug: slug, consentExpiresAt: null }))).code,
    ).toBe('FORBIDDEN');

    const soon = new Date(Date.now() + 10 * 24 * hour);
    const model = await admin.models.setConsent.mutate({ modelSlug: slug, consentExpiresAt: soon });
    expect(model.consentExpiresAt).toEqual(soon);
    expect((await editor.models.byId.query({ modelSlug: slug })).consentExpiresAt).toEqual(soon);
    expect((await editor.models.list.query()).find((entry) => entry.slug === slug)?.consentExpiresAt).toEqual(
      soon,
    );
    expect(await listedIds()).toContain(id);

    const before = await version();
    await admin.models.setConsent.mutate({ modelSlug: slug, consentExpiresAt: new Date(Date.now() - 1000) });
    expect(await version()).toBeGreaterThan(before);
    expect(await listedIds()).toEqual([]);
    expect((await get(listed?.src ?? '')).status).toBe(404);
    expect(await stateOf(id)).toBe('expired');
    const row = await db.db.query.models.findFirst({ where: eq(models.id, modelId) });
    expect(row?.consentExpiresAt).toBeInstanceOf(Date);

    await admin.models.setConsent.mutate({ modelSlug: slug, consentExpiresAt: null });
    const again = await itemOf(id);
    expect(again).toBeDefined();
    expect(again?.src).not.toBe((listed as PublicItem).src);
  });

  it('is for editors of the model only: viewers and other tenants are FORBIDDEN, nothing changes', async () => {
    const id = ids[0] ?? 0;
    const from = new Date(Date.now() + hour);
    expect(
      (
        await failure(
          viewer.media.setWindow.mutate({ modelSlug: slug, id, publishFrom: from, publishUntil: null }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    const categories = await editor.categories.list.query({ modelSlug: slug });
    const categoryId = categories[0]?.id ?? 0;
    expect(
      (
        await failure(
          viewer.media.movePublicOrder.mutate({ modelSlug: slug, categoryId, id, beforeId: null }),
        )
      ).code,
    ).toBe('FORBIDDEN');

    // An editor of another model: FORBIDDEN through either slug.
    const otherSlug = (await createModel(api)).slug;
    const stranger = trpcClient(api.url, (await signedInMember(api, otherSlug, 'editor')).headers);
    expect(
      (
        await failure(
          stranger.media.setWindow.mutate({ modelSlug: slug, id, publishFrom: from, publishUntil: null }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await failure(
          stranger.media.setWindow.mutate({
            modelSlug: otherSlug,
            id,
            publishFrom: from,
            publishUntil: null,
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await failure(
          stranger.media.bulk.mutate({
            modelSlug: otherSlug,
            selection: { ids: [id] },
            action: { type: 'window', publishFrom: from, publishUntil: null },
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await failure(
          stranger.media.movePublicOrder.mutate({ modelSlug: otherSlug, categoryId, id, beforeId: null }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect((await failure(stranger.media.publicOrder.query({ modelSlug: otherSlug, categoryId }))).code).toBe(
      'FORBIDDEN',
    );
    const row = await db.db.query.media.findFirst({ where: eq(media.id, id) });
    expect(row?.publishFrom).toBeNull();
  });

  it('records each change in the audit log', async () => {
    const id = ids[0] ?? 0;
    await setWindow(id, null, new Date(Date.now() + hour));
    const entries = await admin.audit.list.query({ modelSlug: slug, limit: 100 });
    expect(entries.items.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['media.setWindow', 'media.movePublicOrder', 'models.setConsent']),
    );
  });
});

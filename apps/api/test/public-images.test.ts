import { createDb, createPublicationRepository, eq, media, models, publicTokens } from '@phoenix4ge/db';
import { defaultModelSettings, variantPresetNames } from '@phoenix4ge/shared';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { upload } from './support/uploads';

const chrome = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';

describe('public image URLs: /i/<token>/<preset>, format negotiation and takedown', () => {
  const prefix = isolatedPrefix();
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;
  let publication: ReturnType<typeof createPublicationRepository>;
  let slug: string;
  let member: Record<string, string>;
  let client: ReturnType<typeof trpcClient>;
  let id: number;

  async function uploadReady(modelSlug: string, headers: Record<string, string>, seed: number) {
    const data = await sharp({
      create: {
        width: 640,
        height: 480,
        channels: 3,
        background: { r: seed * 40, g: 90, b: 200 - seed * 30 },
      },
    })
      .jpeg()
      .toBuffer();
    const result = await upload(api.url, modelSlug, [{ name: `photo-${seed}.jpg`, data }], { headers });
    const outcome = result.body.files?.[0];
    if (outcome?.status !== 'created') throw new Error('upload not created');
    await until(
      () => db.db.query.media.findFirst({ where: eq(media.id, outcome.id) }),
      (row) => row?.processingStatus === 'ready',
      60_000,
    );
    return outcome.id;
  }

  /** The live token of a public item, as the public API hands it out. */
  async function tokenOf(mediaId: number) {
    const row = await db.db.query.media.findFirst({ where: eq(media.id, mediaId) });
    if (row?.publicVersion == null) throw new Error('not public');
    const tokens = await publication.tokensFor(row.modelId, [
      { id: mediaId, publicVersion: row.publicVersion },
    ]);
    const token = tokens.get(mediaId);
    if (!token) throw new Error('no token');
    return token;
  }

  const statusesOf = async (token: string) =>
    Promise.all(
      variantPresetNames.map(async (preset) => (await fetch(`${api.url}/i/${token}/${preset}`)).status),
    );

  beforeAll(async () => {
    api = await startApi(prefix);
    worker = await startWorker({ ...prefix, MODERATION_PROVIDER: 'manual' });
    db = createDb(api.config.database);
    publication = createPublicationRepository(db.db);
    slug = (await createModel(api)).slug;
    const row = await modelRow(api, slug);
    await db.db
      .update(models)
      .set({ settings: { ...defaultModelSettings, variants: { formats: ['webp', 'jpeg', 'avif'] } } })
      .where(eq(models.id, row.id));
    member = (await signedInMember(api, slug, 'editor')).headers;
    client = trpcClient(api.url, member);
    id = await uploadReady(slug, member, 1);
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.close();
  });

  it('serves the public version in the format Accept asks for, immutable, with ETag and ranges', async () => {
    await client.moderation.decide.mutate({ modelSlug: slug, ids: [id], decision: 'approve' });
    const url = `${api.url}/i/${await tokenOf(id)}/md`;

    const avif = await fetch(url, { headers: { accept: chrome } });
    expect(avif.status).toBe(200);
    expect(avif.headers.get('content-type')).toBe('image/avif');
    expect(avif.headers.get('vary')).toMatch(/accept/i);
    expect(avif.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(avif.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await avif.arrayBuffer());
    expect((await sharp(bytes).metadata()).width).toBe(640);

    const byAccept = async (accept?: string) => {
      const response = await fetch(url, accept === undefined ? {} : { headers: { accept } });
      await response.arrayBuffer();
      return response.headers.get('content-type');
    };
    expect(await byAccept('image/webp,*/*')).toBe('image/webp');
    expect(await byAccept('image/avif;q=0.4, image/webp;q=0.8')).toBe('image/webp');
    expect(await byAccept('image/avif;q=0, image/webp;q=0')).toBe('image/jpeg');
    expect(await byAccept('certainly not a media range;;;')).toBe('image/jpeg');
    expect(await byAccept()).toBe('image/jpeg');

    const etag = avif.headers.get('etag') ?? '';
    expect((await fetch(url, { headers: { accept: chrome, 'if-none-match': etag } })).status).toBe(304);
    const part = await fetch(url, { headers: { accept: chrome, range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-99/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(0, 100))).toBe(true);

    expect((await fetch(`${api.url}/i/${await tokenOf(id)}/huge`)).status).toBe(404);
    expect((await fetch(`${api.url}/i/${'x'.repeat(43)}/md`)).status).toBe(404);
  });

  it('matches a token byte for byte, and still serves the longer tokens issued before migration 0012', async () => {
    await client.moderation.decide.mutate({ modelSlug: slug, ids: [id], decision: 'approve' });
    const token = await tokenOf(id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const swapped = [...token]
      .map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()))
      .join('');
    expect(swapped).not.toBe(token);
    expect((await fetch(`${api.url}/i/${token}/md`)).status).toBe(200);
    expect((await fetch(`${api.url}/i/${swapped}/md`)).status).toBe(404);

    const older = `${token}${'A'.repeat(21)}`;
    await db.db.update(publicTokens).set({ token: older }).where(eq(publicTokens.token, token));
    expect((await fetch(`${api.url}/i/${older}/md`)).status).toBe(200);
  });

  it('keeps /media/ files members-only, cached privately', async () => {
    const detail = await client.media.byId.query({ modelSlug: slug, id });
    const variantUrl = `${api.url}${detail.variants[0]?.url}`;
    expect((await fetch(variantUrl)).status).toBe(404);
    const own = await fetch(variantUrl, { headers: member });
    expect(own.status).toBe(200);
    expect(own.headers.get('cache-control')).toMatch(/^private/);
  });

  it('kills every URL of an item at a reject or a trash; re-publication issues a new token', async () => {
    await client.moderation.decide.mutate({ modelSlug: slug, ids: [id], decision: 'approve' });
    const first = await tokenOf(id);
    expect(await tokenOf(id)).toBe(first);
    expect(await statusesOf(first)).toEqual(variantPresetNames.map(() => 200));

    await client.moderation.decide.mutate({ modelSlug: slug, ids: [id], decision: 'reject' });
    expect(await statusesOf(first)).toEqual(variantPresetNames.map(() => 404));
    await client.moderation.decide.mutate({ modelSlug: slug, ids: [id], decision: 'approve' });
    const second = await tokenOf(id);
    expect(second).not.toBe(first);
    expect(await statusesOf(first)).toEqual(variantPresetNames.map(() => 404));
    expect(await statusesOf(second)).toEqual(variantPresetNames.map(() => 200));

    await client.media.bulk.mutate({ modelSlug: slug, selection: { ids: [id] }, action: { type: 'trash' } });
    expect(await statusesOf(second)).toEqual(variantPresetNames.map(() => 404));
    await client.media.bulk.mutate({
      modelSlug: slug,
      selection: { ids: [id] },
      action: { type: 'restore' },
    });
    const third = await tokenOf(id);
    expect(new Set([first, second, third]).size).toBe(3);
    expect(await statusesOf(second)).toEqual(variantPresetNames.map(() => 404));
    expect(await statusesOf(third)).toEqual(variantPresetNames.map(() => 200));
  });

  it('answers 404 for a token of another model where only this model is asked for', async () => {
    const other = (await createModel(api)).slug;
    const otherMember = (await signedInMember(api, other, 'editor')).headers;
    const otherId = await uploadReady(other, otherMember, 2);
    await trpcClient(api.url, otherMember).moderation.decide.mutate({
      modelSlug: other,
      ids: [otherId],
      decision: 'approve',
    });
    const token = await tokenOf(otherId);
    const mine = await modelRow(api, slug);
    const theirs = await modelRow(api, other);
    expect(await api.services.publicImages.open(token, 'md', chrome, { modelId: mine.id })).toBeUndefined();
    expect(await api.services.publicImages.open(token, 'md', chrome, { modelId: theirs.id })).toBeDefined();
  });
});

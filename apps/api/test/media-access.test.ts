import { createDb, eq, media } from '@phoenix4ge/db';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import sharp from 'sharp';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../src/router-types';
import {
  createModel,
  isolatedPrefix,
  signedInMember,
  startApi,
  startWorker,
  trpcClient,
  until,
} from './support/harness';
import { fixture, upload } from './support/uploads';

describe('serving media files, the read route, near-duplicates and live changes', () => {
  const prefix = isolatedPrefix();
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;
  let slug: string;
  let member: Record<string, string>;
  let outsider: Record<string, string>;
  let id: number;

  async function uploadAndWait(name: string, data: Buffer) {
    const result = await upload(api.url, slug, [{ name, data }], { headers: member });
    const outcome = result.body.files?.[0];
    if (outcome?.status !== 'created') throw new Error(`${name} not created`);
    await until(
      () => db.db.query.media.findFirst({ where: eq(media.id, outcome.id) }),
      (row) => row?.processingStatus === 'ready',
      60_000,
    );
    return outcome.id;
  }

  beforeAll(async () => {
    api = await startApi(prefix);
    // Manual moderation: items stay pending until this test approves one itself.
    worker = await startWorker({ ...prefix, MODERATION_PROVIDER: 'manual' });
    db = createDb(api.config.database);
    slug = (await createModel(api)).slug;
    member = (await signedInMember(api, slug, 'editor')).headers;
    const other = (await createModel(api)).slug;
    outsider = (await signedInMember(api, other, 'editor')).headers;
    id = await uploadAndWait('Landscape_1.jpg', fixture('Landscape_1.jpg'));
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.close();
  });

  it('answers the read route with status, metadata and variant URLs', async () => {
    const response = await fetch(`${api.url}/api/model-media-library/${slug}/${id}`, { headers: member });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      media: { status: string; variants: { url: string; preset: string }[]; metadata: unknown };
    };
    expect(body.media).toMatchObject({
      id,
      status: 'ready',
      moderationStatus: 'pending',
      width: 1800,
      height: 1200,
    });
    expect(body.media.variants).toHaveLength(10);
    expect(body.media.variants[0]?.url).toMatch(
      /^\/media\/variants\/\d+\/\d+\/0\/(thumb|sm|md|lg|xl)\.(webp|jpg)$/,
    );
    expect(body.media.metadata).toMatchObject({ basicInfo: { format: 'jpeg' } });
    expect(
      (await fetch(`${api.url}/api/model-media-library/${slug}/${id}`, { headers: outsider })).status,
    ).toBe(403);
    expect(
      (await fetch(`${api.url}/api/model-media-library/${slug}/999999`, { headers: member })).status,
    ).toBe(404);
  });

  it('never serves an unapproved variant or any original to someone outside the model', async () => {
    const detail = await trpcClient(api.url, member).media.byId.query({ modelSlug: slug, id });
    const variantUrl = `${api.url}${detail.variants.find((variant) => variant.preset === 'md' && variant.format === 'webp')?.url}`;
    for (const variant of detail.variants)
      expect((await fetch(`${api.url}${variant.url}`)).status, variant.url).toBe(404);
    expect((await fetch(variantUrl, { headers: outsider })).status).toBe(404);
    const own = await fetch(variantUrl, { headers: member });
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('image/webp');
    expect(own.headers.get('cache-control')).toBe('private, max-age=60');

    const original = `${api.url}${detail.originalUrl}`;
    expect((await fetch(original)).status).toBe(404);
    expect((await fetch(original, { headers: outsider })).status).toBe(404);
    const mine = await fetch(original, { headers: member });
    expect(mine.status).toBe(200);
    expect(Buffer.from(await mine.arrayBuffer()).equals(fixture('Landscape_1.jpg'))).toBe(true);
  });

  it('serves approved variants to members only (the public uses /i/ URLs): ETag revalidation and byte ranges', async () => {
    // Approved as a decision would: the version approved becomes the public one.
    await db.db.update(media).set({ moderationStatus: 'approved', publicVersion: 0 }).where(eq(media.id, id));
    const detail = await trpcClient(api.url, member).media.byId.query({ modelSlug: slug, id });
    const url = `${api.url}${detail.variants.find((variant) => variant.preset === 'lg' && variant.format === 'jpeg')?.url}`;
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(url, { headers: outsider })).status).toBe(404);
    const full = await fetch(url, { headers: member });
    expect(full.status).toBe(200);
    expect(full.headers.get('cache-control')).toBe('private, max-age=60');
    expect(full.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await full.arrayBuffer());
    expect((await sharp(bytes).metadata()).width).toBe(1200);
    const etag = full.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect((await fetch(url, { headers: { ...member, 'if-none-match': etag } })).status).toBe(304);
    const part = await fetch(url, { headers: { ...member, range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-99/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(0, 100))).toBe(true);
    expect((await fetch(url, { headers: { ...member, range: `bytes=${bytes.length + 10}-` } })).status).toBe(
      416,
    );
    expect((await fetch(`${api.url}/media/variants/1/2/3/huge.exe`)).status).toBe(404);
  });

  it('lists media with placeholders and thumbnails', async () => {
    const page = await trpcClient(api.url, member).media.list.query({ modelSlug: slug });
    const item = page.items.find((candidate) => candidate.id === id);
    expect(item?.placeholder).toBeTruthy();
    expect(item?.thumbUrl).toMatch(/\/thumb\.webp$/);
  });

  it('finds likely near-duplicates by perceptual hash, not unrelated images', async () => {
    const resized = await sharp(fixture('Landscape_1.jpg'))
      .rotate()
      .resize(900)
      .jpeg({ quality: 55 })
      .toBuffer();
    const nearId = await uploadAndWait('Landscape_1-small.jpg', resized);
    const otherId = await uploadAndWait('DSCN0021.jpg', fixture('DSCN0021.jpg'));
    const similar = await trpcClient(api.url, member).media.similar.query({ modelSlug: slug, id });
    expect(similar.ready).toBe(true);
    expect(similar.items.map((item) => item.id)).toContain(nearId);
    expect(similar.items.map((item) => item.id)).not.toContain(otherId);
    expect(similar.items.find((item) => item.id === nearId)?.distance).toBeLessThanOrEqual(6);
  });

  it('streams the model’s media changes live over SSE', async () => {
    const client = createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({
            url: `${api.url}/trpc`,
            transformer: superjson,
            EventSource,
            eventSourceOptions: () => ({
              fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...member } }),
            }),
          }),
          false: httpBatchLink({ url: `${api.url}/trpc`, transformer: superjson }),
        }),
      ],
    });
    const seen: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const subscription = client.media.onChange.subscribe(
        { modelSlug: slug },
        {
          onStarted: () => {
            void upload(api.url, slug, [{ name: 'live.png', data: fixture('basn3p08.png') }], {
              headers: member,
            });
          },
          onData: (envelope) => {
            seen.push(envelope.data.change);
            if (envelope.data.change === 'ready') {
              subscription.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    await done;
    expect(seen).toEqual(expect.arrayContaining(['created', 'processing', 'ready']));
  });
});

import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, createDb, eq, inArray, media, outbox } from '@phoenix4ge/db';
import type { PublicGalleryPage, PublicItem } from '@phoenix4ge/shared';
import { JobName } from '@phoenix4ge/shared';
import { outboxQueue } from '@phoenix4ge/shared/node';
import sharp from 'sharp';
import { Webhook } from 'standardwebhooks';
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
import { upload } from './support/uploads';

const secret = `whsec_${randomBytes(24).toString('base64')}`;
/** The public address the gallery builds its URLs on (a CDN in front of the api, say). */
const publicUrl = 'https://images.portfolio.example';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A local receiver of the purge webhook: records every call; answers 500 to the first `failFirst` calls of an id. */
async function startReceiver() {
  const calls: Received[] = [];
  const failures = new Map<string, number>();
  let failFirst = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const id = String(request.headers['webhook-id']);
      const failed = failures.get(id) ?? 0;
      const status = failed < failFirst ? 500 : 204;
      if (status === 500) failures.set(id, failed + 1);
      calls.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/purge`,
    calls,
    failNext(times: number) {
      failFirst = times;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every image URL an item hands out (every srcset entry and `src`). */
const urlsOf = (item: PublicItem) => [
  item.src,
  ...Object.values(item.srcset).flatMap((srcset) =>
    (srcset ?? '').split(', ').map((entry) => entry.split(' ')[0] ?? ''),
  ),
];

/** The URLs a call lists, once its signature verifies (throws otherwise). */
function verifiedUrls(call: Received): string[] {
  const payload = new Webhook(secret).verify(call.body, {
    'webhook-id': String(call.headers['webhook-id']),
    'webhook-timestamp': String(call.headers['webhook-timestamp']),
    'webhook-signature': String(call.headers['webhook-signature']),
  }) as { type: string; data: { urls: string[] } };
  expect(payload.type).toBe('public.urls.revoked');
  return payload.data.urls;
}

describe('the purge webhook: dead public URLs sent, signed, with retries, through the outbox', () => {
  const prefix = isolatedPrefix();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let api: Awaited<ReturnType<typeof startApi>>;
  let plainApi: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;
  let slug: string;
  let client: ReturnType<typeof trpcClient>;
  const ids: number[] = [];

  async function itemOf(id: number): Promise<PublicItem | undefined> {
    const response = await fetch(`${api.url}/api/public/${slug}/gallery?limit=100`);
    return ((await response.json()) as PublicGalleryPage).items.find((item) => item.id === id);
  }
  /** The calls whose URLs mention one of these tokens. */
  const callsFor = (tokens: string[]) =>
    receiver.calls.filter((call) => tokens.some((token) => call.body.includes(`/i/${token}/`)));
  const tokenOf = (item: PublicItem | undefined) => item?.src.split('/')[4] ?? '';

  beforeAll(async () => {
    receiver = await startReceiver();
    const purge = {
      PUBLIC_URL: publicUrl,
      PUBLIC_PURGE_WEBHOOK_URL: receiver.url,
      PUBLIC_PURGE_WEBHOOK_SECRET: secret,
      PUBLIC_PURGE_BACKOFF_MS: '50',
      PUBLIC_PURGE_ATTEMPTS: '5',
    };
    api = await startApi({ ...prefix, ...purge });
    plainApi = await startApi({ ...prefix, PUBLIC_URL: publicUrl });
    worker = await startWorker({
      ...prefix,
      ...purge,
      MODERATION_PROVIDER: 'manual',
      OUTBOX_RELAY_INTERVAL_MS: '100',
    });
    db = createDb(api.config.database);
    slug = (await createModel(api)).slug;
    const headers = (await signedInMember(api, slug, 'editor')).headers;
    client = trpcClient(api.url, headers);
    for (let n = 0; n < 3; n += 1) {
      const data = await sharp({
        create: { width: 900, height: 600, channels: 3, background: { r: 40 * n, g: 100, b: 180 } },
      })
        .jpeg()
        .toBuffer();
      const result = await upload(api.url, slug, [{ name: `purge-${n}.jpg`, data }], { headers });
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
      selection: { ids },
      action: { type: 'moderate', decision: 'approve' },
    });
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await plainApi?.stop();
    await db?.close();
    await receiver?.close();
  });

  it('sends every URL the gallery returned for a rejected item, signed', async () => {
    const id = ids[0] ?? 0;
    const item = await itemOf(id);
    if (!item) throw new Error('not listed');
    const handedOut = urlsOf(item);
    expect(handedOut.every((url) => url.startsWith(`${publicUrl}/i/`))).toBe(true);

    await client.moderation.decide.mutate({ modelSlug: slug, ids: [id], decision: 'reject' });
    const [call] = await until(
      async () => callsFor([tokenOf(item)]),
      (calls) => calls.length > 0,
      10_000,
    );
    if (!call) throw new Error('no call');
    expect(call.headers['content-type']).toBe('application/json');
    const urls = verifiedUrls(call);
    expect(urls).toEqual(expect.arrayContaining(handedOut));
    expect(urls.every((url) => url.startsWith(`${publicUrl}/i/${tokenOf(item)}/`))).toBe(true);
    // A tampered body does not verify.
    expect(() => verifiedUrls({ ...call, body: call.body.replace('revoked', 'revokes') })).toThrow();
  });

  it('calls again with backoff until the receiver takes it (third attempt), with the same webhook-id', async () => {
    const id = ids[1] ?? 0;
    const item = await itemOf(id);
    if (!item) throw new Error('not listed');
    receiver.failNext(2);
    await client.media.bulk.mutate({ modelSlug: slug, selection: { ids: [id] }, action: { type: 'trash' } });
    const calls = await until(
      async () => callsFor([tokenOf(item)]),
      (seen) => seen.some((call) => call.status === 204),
      20_000,
    );
    expect(calls.map((call) => call.status)).toEqual([500, 500, 204]);
    expect(new Set(calls.map((call) => call.headers['webhook-id'])).size).toBe(1);
    for (const call of calls) expect(verifiedUrls(call)).toEqual(expect.arrayContaining(urlsOf(item)));
    receiver.failNext(0);
  });

  it('queues nothing where no webhook is configured', async () => {
    const id = ids[2] ?? 0;
    const item = await itemOf(id);
    if (!item) throw new Error('not listed');
    // Only this file's installation: other files share the database and may queue purges of their own.
    const purgeRows = () =>
      db.db
        .select()
        .from(outbox)
        .where(
          and(eq(outbox.topic, JobName.PublicPurge), eq(outbox.queue, outboxQueue(plainApi.config.redis))),
        );
    const before = await purgeRows();
    const plain = trpcClient(plainApi.url, (await signedInMember(plainApi, slug, 'editor')).headers);
    await plain.moderation.decide.mutate({ modelSlug: slug, ids: [id], decision: 'reject' });
    expect((await fetch(`${api.url}/i/${tokenOf(item)}/md`)).status).toBe(404);
    const after = await purgeRows();
    expect(after.length).toBe(before.length);
  });
});

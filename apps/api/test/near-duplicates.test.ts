// Near-duplicates are the worker's: the api decodes no pixels at upload (no pHash until the worker runs), and the
// worker, once it has hashed an item from the decode it renders from, announces the look-alikes of the same model
// on the live events (`media.onChange`, `{ kind: 'nearDuplicates' }`) and `media.similar` lists them.
import { randomBytes } from 'node:crypto';
import { createDb, eq, media } from '@phoenix4ge/db';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaChange } from '../src/trpc/routers/media.router';
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

type NearDuplicatesChange = Extract<MediaChange, { kind: 'nearDuplicates' }>;

describe('near-duplicates: found and announced by the worker, never decoded by the api', () => {
  const prefix = isolatedPrefix();
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  let db: ReturnType<typeof createDb>;
  let slug: string;
  let cookie: string;
  let big: Buffer;
  let bigPngId: number;

  const rowOf = (id: number) => db.db.query.media.findFirst({ where: eq(media.id, id) });
  async function created(name: string, data: Buffer) {
    const result = await upload(api.url, slug, [{ name, data }], { headers: { cookie } });
    const outcome = result.body.files?.[0];
    if (result.status !== 201 || outcome?.status !== 'created') {
      throw new Error(`${name} not created: ${result.status} ${JSON.stringify(result.body)}`);
    }
    return outcome;
  }
  const ready = (id: number) =>
    until(
      () => rowOf(id),
      (row) => row?.processingStatus === 'ready',
      90_000,
    );

  beforeAll(async () => {
    // 2400×1600 noise: ~12 MB of PNG that only a full decode could hash. Made first: a long pause between the
    // sign-in and the upload could see the pooled keep-alive socket closed under the request.
    big = await sharp(randomBytes(2400 * 1600 * 3), { raw: { width: 2400, height: 1600, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    api = await startApi(prefix);
    db = createDb(api.config.database);
    slug = (await createModel(api)).slug;
    cookie = (await signedInMember(api, slug, 'editor')).cookie;
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.close();
  });

  it('answers a big PNG upload with no perceptual hash stored and no near-duplicate hint (no worker running)', async () => {
    const outcome = await created('big-noise.png', big);
    expect(outcome).not.toHaveProperty('nearDuplicates');
    const row = await rowOf(outcome.id);
    expect(row?.processingStatus).toBe('uploaded');
    expect(row?.phash).toBeNull();
    bigPngId = outcome.id;
  }, 60_000);

  it('has the worker hash each item and announce a re-encoded, resized copy as a near-duplicate', async () => {
    worker = await startWorker({ ...prefix, MODERATION_PROVIDER: 'manual' });
    // The worker fills in what the api left out.
    expect((await ready(bigPngId))?.phash).toMatch(/^[0-9a-f]{16}$/);

    const original = await created('Landscape_1.jpg', fixture('Landscape_1.jpg'));
    const unrelated = await created('DSCN0021.jpg', fixture('DSCN0021.jpg'));
    await ready(original.id);
    await ready(unrelated.id);

    const announced: NearDuplicatesChange[] = [];
    const client = trpcClient(api.url, { cookie });
    let subscribed: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      subscribed = resolve;
    });
    const subscription = client.media.onChange.subscribe(
      { modelSlug: slug },
      {
        onStarted: () => subscribed(),
        onData: ({ data }) => {
          if (data.kind === 'nearDuplicates') announced.push(data);
        },
      },
    );
    try {
      await started;
      const copy = await created(
        'Landscape_1-copy.jpg',
        await sharp(fixture('Landscape_1.jpg')).rotate().resize(900).jpeg({ quality: 55 }).toBuffer(),
      );
      // The answer is given before any pixel is looked at.
      expect(copy).not.toHaveProperty('nearDuplicates');
      const event = await until(
        async () => announced.find((change) => change.mediaId === copy.id),
        (change) => change !== undefined,
        90_000,
      );
      expect(event?.items.map((item) => item.id)).toEqual([original.id]);
      expect(event?.items[0]).toMatchObject({ originalFilename: 'Landscape_1.jpg' });
      expect(event?.items[0]?.distance).toBeLessThanOrEqual(10);

      // The row and the api agree with the event.
      expect((await rowOf(copy.id))?.phash).toMatch(/^[0-9a-f]{16}$/);
      const similar = await client.media.similar.query({ modelSlug: slug, id: copy.id });
      expect(similar.ready).toBe(true);
      expect(similar.items.map((item) => item.id)).toEqual([original.id]);
      const back = await client.media.similar.query({ modelSlug: slug, id: original.id });
      expect(back.items.map((item) => item.id)).toContain(copy.id);
      expect(back.items.map((item) => item.id)).not.toContain(unrelated.id);
    } finally {
      subscription.unsubscribe();
    }
    // One announcement, for the copy only.
    expect(announced).toHaveLength(1);
  }, 240_000);
});

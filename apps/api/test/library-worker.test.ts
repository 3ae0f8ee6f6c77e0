import { createDb, eq, media, mediaVariants } from '@phoenix4ge/db';
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
import { seedMedia } from './support/library-seed';
import { fixture, upload } from './support/uploads';

type Api = Awaited<ReturnType<typeof startApi>>;

describe('the library with a worker: metadata for the filters, focal-point thumbnails, bulk jobs', () => {
  const prefix = isolatedPrefix();
  let api: Api;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let database: ReturnType<typeof createDb>;
  let slug: string;
  let editor: Awaited<ReturnType<typeof signedInMember>>;
  let client: ReturnType<typeof trpcClient>;

  async function uploaded(name: string): Promise<number> {
    const { status, body } = await upload(api.url, slug, [{ name, data: fixture(name) }], {
      headers: editor.headers,
    });
    const outcome = body.files?.[0];
    if (status !== 201 || outcome?.status !== 'created') throw new Error(`${name}: ${status}`);
    await until(
      () => client.media.byId.query({ modelSlug: slug, id: outcome.id }),
      (item) => item.processingStatus === 'ready',
      30_000,
    );
    return outcome.id;
  }

  beforeAll(async () => {
    api = await startApi(prefix);
    worker = await startWorker({ ...prefix, MODERATION_PROVIDER: 'manual' });
    database = createDb(api.config.database);
    slug = (await createModel(api)).slug;
    editor = await signedInMember(api, slug, 'editor');
    client = trpcClient(api.url, { cookie: editor.cookie });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await database?.close();
    await api?.stop();
  });

  it('fills date taken, camera, GPS and orientation when processing, so the filters find real photos', async () => {
    const canon = await uploaded('Canon_40D.jpg');
    const gps = await uploaded('DSCN0010.jpg');
    const portrait = await uploaded('Portrait_6.jpg');
    expect(await client.media.byId.query({ modelSlug: slug, id: canon })).toMatchObject({
      cameraMake: 'Canon',
      cameraModel: 'Canon EOS 40D',
      orientation: 'landscape',
      hasGps: false,
      takenAt: expect.any(Date),
    });
    const ids = async (filter: Parameters<typeof client.media.list.query>[0]) =>
      (await client.media.list.query(filter)).items.map((item) => item.id);
    expect(await ids({ modelSlug: slug, hasGps: true })).toEqual([gps]);
    expect(await ids({ modelSlug: slug, cameraMake: 'Canon' })).toEqual([canon]);
    expect(await ids({ modelSlug: slug, orientation: 'portrait' })).toEqual([portrait]);
    expect(await ids({ modelSlug: slug, q: 'portrai' })).toEqual([portrait]);
    const byTaken = await ids({ modelSlug: slug, sort: 'takenAt', direction: 'desc' });
    expect(byTaken).toHaveLength(3);
  });

  it('re-renders the thumbnail around a new focal point under a new key, and removes the old file', async () => {
    const id = await uploaded('Landscape_1.jpg');
    const before = await client.media.byId.query({ modelSlug: slug, id });
    const oldThumb = before.thumbUrl;
    expect(oldThumb).toMatch(/\/thumb\.webp$/);
    await client.media.update.mutate({
      modelSlug: slug,
      id,
      revision: before.revision,
      focalPoint: { x: 0, y: 0.5 },
    });
    const after = await until(
      () => client.media.byId.query({ modelSlug: slug, id }),
      (item) => item.thumbUrl !== oldThumb,
      30_000,
    );
    expect(after.thumbUrl).toMatch(/\/thumb-c00000500\.webp$/);
    expect(after.focalPoint).toEqual({ x: 0, y: 0.5 });
    const rows = await database.db.select().from(mediaVariants).where(eq(mediaVariants.mediaId, id));
    expect(rows.filter((row) => row.preset === 'thumb').map((row) => row.storageKey)).toEqual(
      expect.arrayContaining([expect.stringMatching(/thumb-c00000500\.(webp|jpg)$/)]),
    );
    expect(rows.every((row) => !/\/thumb\.(webp|jpg)$/.test(row.storageKey))).toBe(true);
    // The new crop shows another part of the picture; the old file is gone.
    const [oldFile, newFile] = await Promise.all([
      fetch(`${api.url}${oldThumb}`, { headers: { cookie: editor.cookie } }),
      fetch(`${api.url}${after.thumbUrl}`, { headers: { cookie: editor.cookie } }),
    ]);
    expect(oldFile.status).toBe(404);
    expect(newFile.status).toBe(200);
  });

  it('runs a bulk action over more than 1,000 items as a job, with progress published live', async () => {
    const modelId = (await api.services.models.bySlug(slug))?.id ?? 0;
    await seedMedia(
      database,
      modelId,
      Array.from({ length: 1_200 }, (_, i) => ({
        originalFilename: `many_${i}.jpg`,
        processingStatus: 'ready',
      })),
    );
    const category = await client.categories.create.mutate({ modelSlug: slug, name: 'Many' });
    const progress: MediaChange[] = [];
    let subscribed!: () => void;
    const started = new Promise<void>((resolve) => {
      subscribed = resolve;
    });
    const finished = new Promise<void>((resolve, reject) => {
      const subscription = client.media.onChange.subscribe(
        { modelSlug: slug },
        {
          onStarted: () => subscribed(),
          onData: ({ data }) => {
            progress.push(data);
            if (data.kind === 'bulk' && data.finished) {
              subscription.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    await started;
    const result = await client.media.bulk.mutate({
      modelSlug: slug,
      selection: { filter: { q: 'many' }, except: [] },
      action: { type: 'move', categoryId: category.id },
    });
    expect(result).toMatchObject({ status: 'queued', count: 1_200 });
    await finished;
    const bulk = progress.filter((change) => change.kind === 'bulk');
    expect(bulk.length).toBeGreaterThanOrEqual(3);
    expect(bulk.at(-1)).toMatchObject({ done: 1_200, total: 1_200, finished: true });
    expect(progress.some((change) => change.kind === 'library')).toBe(true);
    const moved = await database.db
      .select({ id: media.id })
      .from(media)
      .where(eq(media.categoryId, category.id));
    expect(moved).toHaveLength(1_200);
    expect(
      (await client.categories.list.query({ modelSlug: slug })).find((c) => c.id === category.id)?.count,
    ).toBe(1_200);
  }, 60_000);
});

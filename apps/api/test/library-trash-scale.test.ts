import { randomBytes } from 'node:crypto';
import { and, count, createDb, eq, isNull, media } from '@phoenix4ge/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaChange } from '../src/trpc/routers/media.router';
import {
  createModel,
  freshDatabase,
  isolatedPrefix,
  isolatedStorage,
  signedInAdmin,
  startApi,
  startWorker,
  trpcClient,
} from './support/harness';
import { seedMedia } from './support/library-seed';
import { insertStoredMedia, storedKeys } from './support/stored-media';

type Api = Awaited<ReturnType<typeof startApi>>;

const TEN_THOUSAND = 10_000;

/** Ten thousand items: emptying a trash that size, deleting a category that size. */
describe('trash and categories at ten thousand items', () => {
  let dropDatabase: () => Promise<void>;
  let api: Api;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;
  let cookie: string;
  let client: ReturnType<typeof trpcClient>;

  /** Rows straight into the database (no files: the originals' keys point at nothing). */
  const insertRows = (modelId: number, total: number, values: { deletedAt?: Date; categoryId?: number }) =>
    seedMedia(
      db,
      modelId,
      Array.from({ length: total }, (_, index) => ({
        originalFilename: `${index}.jpg`,
        processingStatus: 'ready' as const,
        ...values,
      })),
    );
  const countOf = async (where: ReturnType<typeof eq> | undefined) =>
    Number((await db.db.select({ n: count() }).from(media).where(where))[0]?.n ?? 0);

  beforeAll(async () => {
    const fresh = await freshDatabase();
    dropDatabase = fresh.drop;
    const env = { ...fresh.env, ...isolatedPrefix(), ...isolatedStorage(), MODERATION_PROVIDER: 'manual' };
    api = await startApi(env);
    worker = await startWorker(env);
    db = createDb(api.config.database);
    cookie = (await signedInAdmin(api)).cookie;
    client = trpcClient(api.url, { cookie });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.close();
    await dropDatabase?.();
  });

  it('empties a trash of 10,000 items through a media.bulk job, with live progress, leaving nothing in storage', async () => {
    const model = await createModel(api);
    const trashedAt = new Date(Date.now() - 86_400_000);
    // A sample with files (original and two variants), the rest rows only.
    const sample = [];
    for (let index = 0; index < 30; index += 1) {
      sample.push(
        await insertStoredMedia(db, api.services.storage, model.id, {
          data: randomBytes(3000),
          deletedAt: trashedAt,
          presets: ['thumb', 'md'],
        }),
      );
    }
    await insertRows(model.id, TEN_THOUSAND - sample.length, { deletedAt: trashedAt });
    // One item stays in the library.
    const kept = await insertStoredMedia(db, api.services.storage, model.id, {
      data: randomBytes(3000),
      presets: ['thumb'],
    });
    expect(await countOf(eq(media.modelId, model.id))).toBe(TEN_THOUSAND + 1);

    const progress: Extract<MediaChange, { kind: 'bulk' }>[] = [];
    let jobId = '';
    await new Promise<void>((resolve, reject) => {
      const subscription = client.media.onChange.subscribe(
        { modelSlug: model.slug },
        {
          onStarted: () => {
            client.media.bulk
              .mutate({
                modelSlug: model.slug,
                selection: { filter: { trash: true }, except: [] },
                action: { type: 'delete' },
              })
              .then((result) => {
                expect(result).toMatchObject({ status: 'queued', count: TEN_THOUSAND });
                if (result.status === 'queued') jobId = result.jobId;
              }, reject);
          },
          onData: ({ data }) => {
            if (data.kind !== 'bulk') return;
            progress.push(data);
            if (data.finished) {
              subscription.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });

    expect(progress.every((event) => event.jobId === jobId && event.total === TEN_THOUSAND)).toBe(true);
    const done = progress.map((event) => event.done);
    expect(done.length).toBeGreaterThanOrEqual(TEN_THOUSAND / 500);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(TEN_THOUSAND);

    expect(await countOf(eq(media.modelId, model.id))).toBe(1);
    expect(await storedKeys(api.services.storage, `originals/${model.id}`)).toEqual([kept.key]);
    expect(await storedKeys(api.services.storage, `variants/${model.id}`)).toEqual(kept.variantKeys);
    const audit = await api.services.audit.list({ modelSlug: model.slug, action: 'media.bulk', limit: 10 });
    expect(audit.items.some((entry) => (entry.details as { jobId?: string })?.jobId === jobId)).toBe(true);
  }, 120_000);

  it('leaves an item restored while the trash is emptied', async () => {
    const model = await createModel(api);
    const trashedAt = new Date(Date.now() - 86_400_000);
    await insertRows(model.id, 8000, { deletedAt: trashedAt });
    // The newest: the job reaches it last (the selection is taken oldest first).
    const last = await insertStoredMedia(db, api.services.storage, model.id, {
      data: randomBytes(3000),
      deletedAt: trashedAt,
      presets: ['thumb'],
    });

    await new Promise<void>((resolve, reject) => {
      let restoring = false;
      const subscription = client.media.onChange.subscribe(
        { modelSlug: model.slug },
        {
          onStarted: () => {
            client.media.bulk
              .mutate({
                modelSlug: model.slug,
                selection: { filter: { trash: true }, except: [] },
                action: { type: 'delete' },
              })
              .catch(reject);
          },
          onData: ({ data }) => {
            if (data.kind !== 'bulk') return;
            if (!restoring) {
              // The job has started, its selection taken; the last chunk is still far off.
              restoring = true;
              expect(data.done).toBeLessThan(8000);
              client.media.bulk
                .mutate({ modelSlug: model.slug, selection: { ids: [last.id] }, action: { type: 'restore' } })
                .catch(reject);
            }
            if (data.finished) {
              subscription.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    const [row] = await db.db.select().from(media).where(eq(media.id, last.id));
    expect(row?.deletedAt).toBeNull();
    expect(await api.services.storage.stat(last.key)).toBeDefined();
    expect(await countOf(eq(media.modelId, model.id))).toBe(1);
  }, 120_000);

  it('deletes a category of 10,000 items, leaving them all uncategorised', async () => {
    const model = await createModel(api);
    const category = await client.categories.create.mutate({
      modelSlug: model.slug,
      name: 'Big',
      color: '#112233',
    });
    await insertRows(model.id, TEN_THOUSAND, { categoryId: category.id });
    expect(await countOf(eq(media.categoryId, category.id))).toBe(TEN_THOUSAND);

    const result = await client.categories.delete.mutate({ modelSlug: model.slug, id: category.id });
    expect(result).toEqual({ id: category.id, uncategorised: TEN_THOUSAND });
    expect(await countOf(eq(media.modelId, model.id))).toBe(TEN_THOUSAND);
    expect(await countOf(and(eq(media.modelId, model.id), isNull(media.categoryId)))).toBe(TEN_THOUSAND);
    expect((await client.categories.list.query({ modelSlug: model.slug })).map((c) => c.id)).not.toContain(
      category.id,
    );
    const facets = await client.media.facets.query({ modelSlug: model.slug, category: 'none' });
    expect(facets).toMatchObject({ total: TEN_THOUSAND });
    const page = await client.media.list.query({ modelSlug: model.slug, category: 'none', limit: 200 });
    expect(page.items).toHaveLength(200);
  }, 120_000);
});

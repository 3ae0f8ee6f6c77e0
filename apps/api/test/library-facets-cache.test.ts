import { createDb, eq, media } from '@phoenix4ge/db';
import { createEvents, createLogger, createRedis, waitForRedis } from '@phoenix4ge/shared/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, signedInMember, startApi, trpcClient } from './support/harness';
import { seedMedia } from './support/library-seed';

type Api = Awaited<ReturnType<typeof startApi>>;

const eqId = (id: number | undefined) => eq(media.id, id ?? 0);

/**
 * Facet counts are cached per model library version: every change announced for the model (by this api or by
 * another process) shows in the very next count; a change nobody announces does not (which is what proves the
 * counts come from the cache).
 */
describe('media.facets cache', () => {
  let api: Api;
  let database: ReturnType<typeof createDb>;
  let client: ReturnType<typeof trpcClient>;
  let slug: string;
  let modelId: number;
  let ids: number[];
  let category: number;

  beforeAll(async () => {
    api = await startApi();
    database = createDb(api.config.database);
    slug = (await createModel(api)).slug;
    const editor = await signedInMember(api, slug, 'editor');
    client = trpcClient(api.url, { cookie: editor.cookie });
    modelId = (await api.services.models.bySlug(slug))?.id ?? 0;
    category = (await client.categories.create.mutate({ modelSlug: slug, name: 'Selects' })).id;
    ids = await seedMedia(
      database,
      modelId,
      Array.from({ length: 20 }, (_, index) => ({
        originalFilename: `frame_${index}.jpg`,
        moderationStatus: index < 5 ? ('pending' as const) : ('approved' as const),
        processingStatus: 'ready' as const,
      })),
    );
  });

  afterAll(async () => {
    await database?.close();
    await api?.stop();
  });

  const counts = async () => {
    const facets = await client.media.facets.query({ modelSlug: slug });
    const selects = facets.categories.find((entry) => entry.categoryId === category)?.count ?? 0;
    return { total: facets.total, pending: facets.moderation.pending, selects };
  };

  it('answers from the cache until the library changes, and a change shows at once', async () => {
    expect(await counts()).toEqual({ total: 20, pending: 5, selects: 0 });

    // Unannounced (straight into the table): the cached counts stay.
    await database.db.update(media).set({ deletedAt: new Date() }).where(eqId(ids[19]));
    expect(await counts()).toEqual({ total: 20, pending: 5, selects: 0 });

    // This api's own change: the next count has it (and the unannounced one too, counted afresh).
    const item = await client.media.byId.query({ modelSlug: slug, id: ids[0] ?? 0 });
    await client.media.update.mutate({
      modelSlug: slug,
      id: item.id,
      revision: item.revision,
      categoryId: category,
    });
    expect(await counts()).toEqual({ total: 19, pending: 5, selects: 1 });

    await client.media.bulk.mutate({
      modelSlug: slug,
      selection: { ids: [ids[1] ?? 0, ids[2] ?? 0] },
      action: { type: 'moderate', decision: 'approve' },
    });
    expect(await counts()).toEqual({ total: 19, pending: 3, selects: 1 });

    // Another process's change (a worker's event): the version moves with the event.
    await database.db.update(media).set({ deletedAt: null }).where(eqId(ids[19]));
    const redis = createRedis(api.config.redis, 'command', 'facets-cache-test');
    try {
      await waitForRedis(redis, 3000);
      createEvents(redis, api.config.redis, createLogger({ name: 'test', level: 'warn' })).mediaChanged(
        modelId,
        ids[19] ?? 0,
        'updated',
      );
      await expect.poll(counts).toEqual({ total: 20, pending: 3, selects: 1 });
    } finally {
      redis.disconnect();
    }
  });
});

import { auditLog, createDb, eq, media } from '@phoenix4ge/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, signedInAdmin, signedInMember, startApi, trpcClient } from './support/harness';
import { seedMedia } from './support/library-seed';

type Api = Awaited<ReturnType<typeof startApi>>;
type Client = ReturnType<typeof trpcClient>;

/** A tRPC error's data as the client sees it (`code`, and `current` on a stale edit). */
const dataOf = (error: unknown) => (error as { data?: { code?: string; current?: unknown } }).data;
const codeOf = (error: unknown) => dataOf(error)?.code;

describe('editing the library: items, categories and bulk actions', () => {
  let api: Api;
  let database: ReturnType<typeof createDb>;
  let slug: string;
  let modelId: number;
  let editor: Client;
  let admin: Client;
  let other: { slug: string; client: Client; modelId: number };

  const seed = async (count: number, prefix = 'item', target = modelId) =>
    seedMedia(
      database,
      target,
      Array.from({ length: count }, (_, i) => ({
        originalFilename: `${prefix}_${i}.jpg`,
        processingStatus: 'ready',
      })),
    );
  const row = async (id: number) => (await database.db.select().from(media).where(eq(media.id, id)))[0];

  beforeAll(async () => {
    api = await startApi();
    database = createDb(api.config.database);
    slug = (await createModel(api)).slug;
    modelId = (await api.services.models.bySlug(slug))?.id ?? 0;
    editor = trpcClient(api.url, { cookie: (await signedInMember(api, slug, 'editor')).cookie });
    admin = trpcClient(api.url, { cookie: (await signedInAdmin(api)).cookie });
    const otherSlug = (await createModel(api)).slug;
    other = {
      slug: otherSlug,
      client: trpcClient(api.url, { cookie: (await signedInMember(api, otherSlug, 'editor')).cookie }),
      modelId: (await api.services.models.bySlug(otherSlug))?.id ?? 0,
    };
  });

  afterAll(async () => {
    await database?.close();
    await api?.stop();
  });

  it('saves alt text, caption, category, tags and focal point, bumping the revision', async () => {
    const [id = 0] = await seed(1, 'edit');
    const category = await editor.categories.create.mutate({ modelSlug: slug, name: 'Editorial' });
    const saved = await editor.media.update.mutate({
      modelSlug: slug,
      id,
      revision: 0,
      altText: 'A model on a red staircase',
      caption: 'Milan, spring',
      categoryId: category.id,
      tags: ['milan', 'spring', 'milan'],
      focalPoint: { x: 0.25, y: 0.75 },
    });
    expect(saved).toMatchObject({
      revision: 1,
      altText: 'A model on a red staircase',
      caption: 'Milan, spring',
      categoryId: category.id,
      categoryName: 'Editorial',
      focalPoint: { x: 0.25, y: 0.75 },
    });
    expect(saved.tags.map((tag) => tag.name)).toEqual(['milan', 'spring']);
    expect((await row(id))?.tagNames).toBe('milan spring');
    const suggested = await editor.tags.suggest.query({ modelSlug: slug, prefix: 'mi' });
    expect(suggested.map((tag) => tag.name)).toEqual(['milan']);

    // The read route returns what was written.
    const viewer = await signedInMember(api, slug, 'viewer');
    const read = await fetch(`${api.url}/api/model-media-library/${slug}/${id}`, {
      headers: { cookie: viewer.cookie },
    });
    expect(((await read.json()) as { media: unknown }).media).toMatchObject({
      altText: 'A model on a red staircase',
      caption: 'Milan, spring',
      categoryName: 'Editorial',
      tags: [{ name: 'milan' }, { name: 'spring' }],
    });
  });

  it('answers CONFLICT with the current values when the edit is based on a stale copy, changing nothing', async () => {
    const [id = 0] = await seed(1, 'stale');
    await editor.media.update.mutate({ modelSlug: slug, id, revision: 0, altText: 'first' });
    const error = await editor.media.update
      .mutate({ modelSlug: slug, id, revision: 0, altText: 'second', tags: ['lost'] })
      .catch((e) => e);
    expect(codeOf(error)).toBe('CONFLICT');
    expect(dataOf(error)).toMatchObject({
      current: { id, altText: 'first', revision: 1 },
    });
    expect(await row(id)).toMatchObject({ altText: 'first', revision: 1, tagNames: null });
  });

  it('refuses another model’s category, or another model’s item, with FORBIDDEN', async () => {
    const [id = 0] = await seed(1, 'guarded');
    const theirs = await other.client.categories.create.mutate({ modelSlug: other.slug, name: 'Theirs' });
    const error = await editor.media.update
      .mutate({ modelSlug: slug, id, revision: 0, categoryId: theirs.id })
      .catch((e) => e);
    expect(codeOf(error)).toBe('FORBIDDEN');
    const [theirItem = 0] = await seed(1, 'theirs', other.modelId);
    const foreign = await editor.media.update
      .mutate({ modelSlug: slug, id: theirItem, revision: 0, altText: 'mine now' })
      .catch((e) => e);
    expect(codeOf(foreign)).toBe('FORBIDDEN');
    expect(await row(theirItem)).toMatchObject({ altText: null });
  });

  it('manages categories: unique names, #rrggbb colours, order, delete leaves items uncategorised', async () => {
    const list = async () => editor.categories.list.query({ modelSlug: slug });
    const red = await editor.categories.create.mutate({ modelSlug: slug, name: 'Red', color: '#FF0000' });
    const blue = await editor.categories.create.mutate({ modelSlug: slug, name: 'Blue' });
    expect(red.color).toBe('#ff0000');
    expect(
      codeOf(await editor.categories.create.mutate({ modelSlug: slug, name: 'Red' }).catch((e) => e)),
    ).toBe('CONFLICT');
    expect(
      codeOf(
        await editor.categories.update.mutate({ modelSlug: slug, id: red.id, color: 'red' }).catch((e) => e),
      ),
    ).toBe('BAD_REQUEST');
    await editor.categories.update.mutate({ modelSlug: slug, id: red.id, name: 'Crimson', color: '#aa0000' });

    const before = (await list()).map((category) => category.id);
    const reordered = [blue.id, ...before.filter((id) => id !== blue.id)];
    await editor.categories.reorder.mutate({ modelSlug: slug, ids: reordered });
    expect((await list()).map((category) => category.id)).toEqual(reordered);
    expect(
      codeOf(await editor.categories.reorder.mutate({ modelSlug: slug, ids: [blue.id] }).catch((e) => e)),
    ).toBe('BAD_REQUEST');

    const items = await seed(3, 'red');
    await editor.media.bulk.mutate({
      modelSlug: slug,
      selection: { ids: items },
      action: { type: 'move', categoryId: red.id },
    });
    expect((await list()).find((category) => category.id === red.id)).toMatchObject({
      name: 'Crimson',
      count: 3,
    });
    expect(await editor.categories.delete.mutate({ modelSlug: slug, id: red.id })).toEqual({
      id: red.id,
      uncategorised: 3,
    });
    for (const id of items) expect(await row(id)).toMatchObject({ categoryId: null, deletedAt: null });
    const theirs = await other.client.categories.create.mutate({ modelSlug: other.slug, name: 'Keep out' });
    expect(
      codeOf(await editor.categories.delete.mutate({ modelSlug: slug, id: theirs.id }).catch((e) => e)),
    ).toBe('FORBIDDEN');
  });

  it('runs bulk actions on everything matching a filter except some ids, resolved on the server', async () => {
    const ids = await seed(12, 'bulkset');
    const [keep1 = 0, keep2 = 0] = ids;
    const selection = { filter: { q: 'bulkset' }, except: [keep1, keep2] };
    expect(await editor.media.count.query({ modelSlug: slug, selection })).toBe(10);

    const moved = await editor.categories.create.mutate({ modelSlug: slug, name: 'Bulk' });
    expect(
      await editor.media.bulk.mutate({
        modelSlug: slug,
        selection,
        action: { type: 'move', categoryId: moved.id },
      }),
    ).toEqual({ status: 'done', count: 10 });
    expect((await row(keep1))?.categoryId).toBeNull();
    expect((await row(ids[5] ?? 0))?.categoryId).toBe(moved.id);

    await editor.media.bulk.mutate({
      modelSlug: slug,
      selection,
      action: { type: 'addTags', tags: ['batch', 'x'] },
    });
    const tagged = await editor.media.list.query({ modelSlug: slug, q: 'batch' });
    expect(tagged.items).toHaveLength(10);
    const batch = tagged.items[0]?.tags.find((tag) => tag.name === 'batch')?.id ?? 0;
    await editor.media.bulk.mutate({
      modelSlug: slug,
      selection,
      action: { type: 'removeTags', tagIds: [batch] },
    });
    expect((await editor.media.list.query({ modelSlug: slug, q: 'batch' })).items).toHaveLength(0);

    await editor.media.bulk.mutate({
      modelSlug: slug,
      selection,
      action: { type: 'moderate', decision: 'approve', reason: 'Shoot approved' },
    });
    expect(await row(ids[3] ?? 0)).toMatchObject({
      moderationStatus: 'approved',
      moderationReason: 'Shoot approved',
    });
    expect((await row(keep2))?.moderationStatus).toBe('pending');
    const decisions = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'moderation.decide'));
    expect(decisions.some((entry) => JSON.stringify(entry.details).includes(String(ids[3])))).toBe(true);

    expect(
      await editor.media.bulk.mutate({ modelSlug: slug, selection, action: { type: 'trash' } }),
    ).toMatchObject({ count: 10 });
    expect(
      (await editor.media.list.query({ modelSlug: slug, q: 'bulkset' })).items.map((item) => item.id),
    ).toEqual([keep2, keep1]);
    const trashView = await editor.media.list.query({ modelSlug: slug, q: 'bulkset', trash: true });
    expect(trashView.items).toHaveLength(10);
    await editor.media.bulk.mutate({
      modelSlug: slug,
      selection: { filter: { q: 'bulkset', trash: true }, except: [] },
      action: { type: 'restore' },
    });
    expect((await editor.media.list.query({ modelSlug: slug, q: 'bulkset' })).items).toHaveLength(12);
  });

  it('changes nothing and answers FORBIDDEN when a bulk request names anything of another model', async () => {
    const mine = await seed(3, 'mixed');
    const [theirs = 0] = await seed(1, 'mixedtheirs', other.modelId);
    const attempts = [
      { selection: { ids: [...mine, theirs] }, action: { type: 'trash' as const } },
      { selection: { filter: { q: 'mixed' }, except: [theirs] }, action: { type: 'trash' as const } },
    ];
    for (const attempt of attempts) {
      expect(codeOf(await editor.media.bulk.mutate({ modelSlug: slug, ...attempt }).catch((e) => e))).toBe(
        'FORBIDDEN',
      );
    }
    const theirCategory = await other.client.categories.create.mutate({ modelSlug: other.slug, name: 'No' });
    expect(
      codeOf(
        await editor.media.bulk
          .mutate({
            modelSlug: slug,
            selection: { ids: mine },
            action: { type: 'move', categoryId: theirCategory.id },
          })
          .catch((e) => e),
      ),
    ).toBe('FORBIDDEN');
    for (const id of [...mine, theirs])
      expect(await row(id)).toMatchObject({ deletedAt: null, categoryId: null });
  });

  it('lets only admins delete for good', async () => {
    const ids = await seed(2, 'forever');
    const byEditor = await editor.media.bulk
      .mutate({ modelSlug: slug, selection: { ids }, action: { type: 'delete' } })
      .catch((e) => e);
    expect(codeOf(byEditor)).toBe('FORBIDDEN');
    expect(await row(ids[0] ?? 0)).toBeDefined();
    expect(
      await admin.media.bulk.mutate({ modelSlug: slug, selection: { ids }, action: { type: 'delete' } }),
    ).toEqual({ status: 'done', count: 2 });
    expect(await row(ids[0] ?? 0)).toBeUndefined();
  });
});

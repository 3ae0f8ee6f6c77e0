import { createDb } from '@phoenix4ge/db';
import type { MediaFilterInput, MediaSortField, SortDirection } from '@phoenix4ge/shared';
import { mediaSortFields } from '@phoenix4ge/shared';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, signedInMember, startApi, trpcClient } from './support/harness';
import type { SeedRow } from './support/library-seed';
import { seedMedia } from './support/library-seed';

type Api = Awaited<ReturnType<typeof startApi>>;
type Client = ReturnType<typeof trpcClient>;

const HOUR = 3_600_000;
const base = Date.UTC(2025, 0, 1);
const words = ['alpha', 'bravo', 'charlie', 'delta'];
const statuses = ['pending', 'approved', 'rejected', 'flagged'] as const;
const orientations = ['landscape', 'portrait', 'square'] as const;

interface Seeded extends Omit<SeedRow, 'tagNames'> {
  id: number;
  tagNames: string[];
}

/** 48 rows covering every filter value, with deliberate ties in every sort key and 4 in the trash. */
function rows(categoryA: number, categoryB: number): Omit<Seeded, 'id'>[] {
  return Array.from({ length: 48 }, (_, i) => {
    const width = i % 6 === 0 ? null : 1000 + (i % 7) * 100;
    return {
      // Two rows per name: ties in the filename sort.
      originalFilename: `${words[Math.floor(i / 12)]}_${String(Math.floor((i % 12) / 2)).padStart(2, '0')}.${i % 4 === 3 ? 'png' : 'jpg'}`,
      altText: i % 5 === 0 ? 'red dress in studio light' : i % 5 === 1 ? 'Portrait of the model' : null,
      caption: i % 7 === 0 ? 'Summer campaign' : null,
      categoryId: i % 3 === 0 ? categoryA : i % 3 === 1 ? categoryB : null,
      moderationStatus: statuses[i % 4],
      processingStatus: i % 5 === 4 ? 'failed' : 'ready',
      // Pairs share an upload time: ties broken by id.
      uploadDate: new Date(base + Math.floor(i / 2) * HOUR),
      takenAt: i % 4 === 0 ? null : new Date(base - (i % 9) * 24 * HOUR),
      orientation: orientations[i % 3],
      width,
      height: width === null ? null : 800,
      hasGps: i % 2 === 0,
      cameraMake: i % 3 === 0 ? 'NIKON CORPORATION' : i % 3 === 1 ? 'Canon' : null,
      cameraModel: i % 3 === 0 ? 'NIKON D750' : i % 3 === 1 ? 'Canon EOS 40D' : null,
      mimeType: i % 4 === 3 ? 'image/png' : 'image/jpeg',
      bytes: 5000 + (i % 9) * 100,
      deletedAt: i >= 44 ? new Date(base + 1000 * HOUR) : null,
      tagNames: i % 4 === 1 ? ['summer', 'editorial'] : i % 4 === 2 ? ['summer'] : [],
    };
  });
}

const takenSort = (row: Seeded) => (row.takenAt ? row.takenAt.getTime() : Date.UTC(1000, 0, 1));
const sortKey: Record<MediaSortField, (row: Seeded) => number | string> = {
  uploadDate: (row) => (row.uploadDate as Date).getTime(),
  takenAt: takenSort,
  // utf8mb4_general_ci compares letters case-insensitively; the seeded names differ only in letters and digits.
  filename: (row) => row.originalFilename.toUpperCase(),
  bytes: (row) => row.bytes ?? 0,
  width: (row) => row.width ?? 0,
};

function expectedOrder(items: Seeded[], field: MediaSortField, direction: SortDirection): number[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...items]
    .sort((a, b) => {
      const [x, y] = [sortKey[field](a), sortKey[field](b)];
      return (x < y ? -1 : x > y ? 1 : 0) * sign || (a.id - b.id) * sign;
    })
    .map((row) => row.id);
}

const badRequest = (error: unknown) =>
  error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === 'BAD_REQUEST';

describe('the library: filters, sorts and cursor pages', () => {
  let api: Api;
  let database: ReturnType<typeof createDb>;
  let slug: string;
  let client: Client;
  let seeded: Seeded[];
  let categoryA: number;
  let categoryB: number;
  const tagId = new Map<string, number>();
  const live = () => seeded.filter((row) => !row.deletedAt);

  async function all(filter: MediaFilterInput, limit = 200): Promise<number[]> {
    const page = await client.media.list.query({ modelSlug: slug, ...filter, limit });
    expect(page.nextCursor).toBeNull();
    return page.items.map((item) => item.id).sort((a, b) => a - b);
  }
  const ids = (predicate: (row: Seeded) => boolean, from = live()) =>
    from
      .filter(predicate)
      .map((row) => row.id)
      .sort((a, b) => a - b);

  beforeAll(async () => {
    api = await startApi();
    database = createDb(api.config.database);
    slug = (await createModel(api)).slug;
    const editor = await signedInMember(api, slug, 'editor');
    client = trpcClient(api.url, { cookie: editor.cookie });
    categoryA = (
      await client.categories.create.mutate({ modelSlug: slug, name: 'Portfolio', color: '#AA3300' })
    ).id;
    categoryB = (await client.categories.create.mutate({ modelSlug: slug, name: 'Backstage' })).id;
    const model = (await api.services.models.bySlug(slug))?.id ?? 0;
    const plan = rows(categoryA, categoryB);
    const seededIds = await seedMedia(
      database,
      model,
      plan.map(({ tagNames: _, ...row }) => row),
    );
    seeded = plan.map((row, index) => ({ ...row, id: seededIds[index] ?? 0 }));
    for (const row of seeded.filter((candidate) => candidate.tagNames.length > 0)) {
      const item = await client.media.byId.query({ modelSlug: slug, id: row.id });
      await client.media.update.mutate({
        modelSlug: slug,
        id: row.id,
        revision: item.revision,
        tags: row.tagNames,
      });
    }
    for (const tag of await client.tags.suggest.query({ modelSlug: slug, limit: 50 }))
      tagId.set(tag.name, tag.id);
  });

  afterAll(async () => {
    await database?.close();
    await api?.stop();
  });

  it('lists the library newest first with the seed fields, category name and colour, and tags', async () => {
    const page = await client.media.list.query({ modelSlug: slug, limit: 5 });
    expect(page.items.map((item) => item.id)).toEqual(
      expectedOrder(live(), 'uploadDate', 'desc').slice(0, 5),
    );
    const tagged = (await client.media.list.query({ modelSlug: slug, limit: 200 })).items.find(
      (item) => item.tags.length === 2,
    );
    expect(tagged?.tags.map((tag) => tag.name).sort()).toEqual(['editorial', 'summer']);
    const portfolio = page.items.find((item) => item.categoryId === categoryA);
    expect(portfolio).toMatchObject({ categoryName: 'Portfolio', categoryColor: '#aa3300' });
  });

  it('applies every filter, alone and combined', async () => {
    expect(await all({})).toEqual(ids(() => true));
    expect(await all({ trash: true })).toEqual(ids((row) => row.deletedAt != null, seeded));
    expect(await all({ category: categoryA })).toEqual(ids((row) => row.categoryId === categoryA));
    expect(await all({ category: 'none' })).toEqual(ids((row) => row.categoryId == null));
    const summer = tagId.get('summer') ?? 0;
    const editorial = tagId.get('editorial') ?? 0;
    expect(await all({ tags: [summer] })).toEqual(ids((row) => row.tagNames.includes('summer')));
    expect(await all({ tags: [summer, editorial] })).toEqual(
      ids((row) => row.tagNames.includes('editorial')),
    );
    expect(await all({ moderation: ['pending', 'flagged'] })).toEqual(
      ids((row) => row.moderationStatus === 'pending' || row.moderationStatus === 'flagged'),
    );
    expect(await all({ processing: ['failed'] })).toEqual(ids((row) => row.processingStatus === 'failed'));
    const from = new Date(base + 5 * HOUR);
    const to = new Date(base + 12 * HOUR);
    expect(await all({ uploadedFrom: from, uploadedTo: to })).toEqual(
      ids((row) => (row.uploadDate as Date) >= from && (row.uploadDate as Date) <= to),
    );
    const takenFrom = new Date(base - 4 * 24 * HOUR);
    expect(await all({ takenFrom })).toEqual(ids((row) => row.takenAt != null && row.takenAt >= takenFrom));
    expect(await all({ takenTo: takenFrom })).toEqual(
      ids((row) => row.takenAt != null && row.takenAt <= takenFrom),
    );
    expect(await all({ orientation: 'portrait' })).toEqual(ids((row) => row.orientation === 'portrait'));
    expect(await all({ hasGps: true })).toEqual(ids((row) => row.hasGps === true));
    expect(await all({ hasGps: false })).toEqual(ids((row) => row.hasGps === false));
    expect(await all({ cameraMake: 'Canon' })).toEqual(ids((row) => row.cameraMake === 'Canon'));
    expect(await all({ cameraModel: 'NIKON D750' })).toEqual(ids((row) => row.cameraModel === 'NIKON D750'));
    expect(await all({ format: ['png'] })).toEqual(ids((row) => row.mimeType === 'image/png'));
    expect(await all({ minWidth: 1400 })).toEqual(ids((row) => (row.width ?? 0) >= 1400));
    // Everything at once.
    expect(
      await all({
        category: categoryB,
        moderation: ['approved'],
        hasGps: false,
        format: ['jpeg'],
        minWidth: 1000,
      }),
    ).toEqual(
      ids(
        (row) =>
          row.categoryId === categoryB &&
          row.moderationStatus === 'approved' &&
          row.hasGps === false &&
          row.mimeType === 'image/jpeg' &&
          (row.width ?? 0) >= 1000,
      ),
    );
  });

  it('searches words of the filename, alt text, caption and tags by prefix', async () => {
    expect(await all({ q: 'alph' })).toEqual(ids((row) => row.originalFilename.startsWith('alpha')));
    expect(await all({ q: 'portr' })).toEqual(ids((row) => row.altText === 'Portrait of the model'));
    expect(await all({ q: 'studio dress' })).toEqual(
      ids((row) => row.altText === 'red dress in studio light'),
    );
    expect(await all({ q: 'campaign' })).toEqual(ids((row) => row.caption === 'Summer campaign'));
    expect(await all({ q: 'editor' })).toEqual(ids((row) => row.tagNames.includes('editorial')));
    // A short word (below the full-text minimum) still narrows; stopwords are ignored.
    expect(await all({ q: 'the portrait' })).toEqual(ids((row) => row.altText === 'Portrait of the model'));
    expect(await all({ q: 'bravo_03' })).toEqual(ids((row) => row.originalFilename.startsWith('bravo_03')));
    expect(await all({ q: 'nothing-like-this' })).toEqual([]);
  });

  it('pages every sort both ways with cursors, ties broken by id', async () => {
    const filter = {
      moderation: ['pending', 'approved', 'flagged'] as ('pending' | 'approved' | 'flagged')[],
    };
    const matching = live().filter((row) => row.moderationStatus !== 'rejected');
    for (const sort of mediaSortFields) {
      for (const direction of ['asc', 'desc'] as const) {
        const expected = expectedOrder(matching, sort, direction);
        const pages: number[][] = [];
        let cursor: string | undefined;
        let last: Awaited<ReturnType<Client['media']['list']['query']>> | undefined;
        do {
          last = await client.media.list.query({
            modelSlug: slug,
            ...filter,
            sort,
            direction,
            limit: 7,
            cursor,
          });
          pages.push(last.items.map((item) => item.id));
          cursor = last.nextCursor ?? undefined;
        } while (cursor);
        expect(pages.flat(), `${sort} ${direction} forward`).toEqual(expected);
        expect(pages[0]?.length).toBe(7);

        // Back from the last page to the first with the previous-page cursors.
        const backwards: number[][] = [last.items.map((item) => item.id)];
        let previous = last.prevCursor ?? undefined;
        while (previous) {
          const page = await client.media.list.query({
            modelSlug: slug,
            ...filter,
            sort,
            direction,
            limit: 7,
            cursor: previous,
          });
          backwards.unshift(page.items.map((item) => item.id));
          previous = page.prevCursor ?? undefined;
        }
        expect(backwards.flat(), `${sort} ${direction} backward`).toEqual(expected);
      }
    }
  });

  it('refuses a tampered cursor, one from another filter or model, and a page over the limit, naming the field', async () => {
    const first = await client.media.list.query({ modelSlug: slug, limit: 3 });
    const cursor = first.nextCursor ?? '';
    const [body, signature] = cursor.split('.');
    const tampered = `${Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body ?? '', 'base64url').toString()), i: 1 }),
    ).toString('base64url')}.${signature}`;
    for (const bad of [tampered, `${cursor}x`, 'not-a-cursor']) {
      const error = await client.media.list.query({ modelSlug: slug, limit: 3, cursor: bad }).catch((e) => e);
      expect(badRequest(error), bad).toBe(true);
      expect((error as Error).message).toMatch(/^cursor: /);
    }
    const otherFilter = await client.media.list
      .query({ modelSlug: slug, limit: 3, cursor, moderation: ['approved'] })
      .catch((e) => e);
    expect((otherFilter as Error).message).toMatch(/cursor: .*another filter or sort/);
    const otherSort = await client.media.list
      .query({ modelSlug: slug, limit: 3, cursor, sort: 'bytes' })
      .catch((e) => e);
    expect(badRequest(otherSort)).toBe(true);

    const other = (await createModel(api)).slug;
    const otherEditor = await signedInMember(api, other, 'editor');
    const foreign = await trpcClient(api.url, { cookie: otherEditor.cookie })
      .media.list.query({ modelSlug: other, limit: 3, cursor })
      .catch((e) => e);
    expect((foreign as Error).message).toMatch(/cursor: .*another model/);

    const tooMany = await client.media.list.query({ modelSlug: slug, limit: 201 }).catch((e) => e);
    expect(badRequest(tooMany)).toBe(true);
    expect(JSON.stringify((tooMany as TRPCClientError<never>).data)).toContain('limit');
  });

  it('answers the same through the plain HTTP route, with 400s naming the field', async () => {
    const editor = await signedInMember(api, slug, 'viewer');
    const get = (query: string) =>
      fetch(`${api.url}/api/model-media-library/${slug}?${query}`, { headers: { cookie: editor.cookie } });
    const response = await get(
      `category=${categoryA}&moderation=pending,approved&sort=filename&direction=asc&limit=200`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      items: { id: number }[];
      nextCursor: string | null;
      model: unknown;
    };
    expect(body.items.map((item) => item.id)).toEqual(
      expectedOrder(
        live().filter(
          (row) =>
            row.categoryId === categoryA &&
            (row.moderationStatus === 'pending' || row.moderationStatus === 'approved'),
        ),
        'filename',
        'asc',
      ),
    );
    expect(body.model).toMatchObject({ slug });
    for (const [query, field] of [
      ['moderation=maybe', 'moderation'],
      ['uploadedFrom=yesterday', 'uploadedFrom'],
      ['limit=500', 'limit'],
      ['sort=colour', 'sort'],
      ['cursor=abc', 'cursor'],
      ['colour=red', 'colour'],
    ]) {
      const refused = await get(query ?? '');
      expect(refused.status, query).toBe(400);
      expect(((await refused.json()) as { error: { message: string } }).error.message, query).toContain(
        field,
      );
    }
  });

  it('counts facets for the current filter, each facet ignoring its own filter', async () => {
    const facets = await client.media.facets.query({
      modelSlug: slug,
      category: categoryA,
      moderation: ['approved'],
    });
    const inA = live().filter((row) => row.categoryId === categoryA);
    for (const status of statuses) {
      expect(facets.moderation[status], status).toBe(
        inA.filter((row) => row.moderationStatus === status).length,
      );
    }
    expect(facets.total).toBe(inA.filter((row) => row.moderationStatus === 'approved').length);
    const approved = live().filter((row) => row.moderationStatus === 'approved');
    const byCategory = Object.fromEntries(
      facets.categories.map((entry) => [String(entry.categoryId), entry.count]),
    );
    expect(byCategory[String(categoryA)]).toBe(approved.filter((row) => row.categoryId === categoryA).length);
    expect(byCategory.null).toBe(approved.filter((row) => row.categoryId == null).length);
  });

  it('refuses a filter naming another model’s category or tag (FORBIDDEN), never an empty page', async () => {
    const other = (await createModel(api)).slug;
    const otherEditor = await signedInMember(api, other, 'editor');
    const otherClient = trpcClient(api.url, { cookie: otherEditor.cookie });
    const theirs = await otherClient.categories.create.mutate({ modelSlug: other, name: 'Theirs' });
    const forbidden = await client.media.list.query({ modelSlug: slug, category: theirs.id }).catch((e) => e);
    expect((forbidden as TRPCClientError<never>).data).toMatchObject({ code: 'FORBIDDEN' });
    const [someone] = live();
    await otherClient.media.list.query({ modelSlug: other }); // their library works
    const tagged = await client.media.list.query({ modelSlug: slug, tags: [999_999] }).catch((e) => e);
    expect((tagged as TRPCClientError<never>).data).toMatchObject({ code: 'FORBIDDEN' });
    expect(someone).toBeDefined();
  });
});

import { createDb, inArray, media } from '@phoenix4ge/db';
import type { MediaSortField, SortDirection } from '@phoenix4ge/shared';
import { mediaSortFields } from '@phoenix4ge/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, signedInMember, startApi, trpcClient } from './support/harness';
import type { SeedRow } from './support/library-seed';
import { seedMedia } from './support/library-seed';

type Api = Awaited<ReturnType<typeof startApi>>;

/** Rows whose sort keys collide often (small ranges), so ties and the id tie-break are exercised. */
const rowArbitrary = fc.record({
  name: fc.constantFrom('anna', 'bea', 'cleo', 'dora'),
  hour: fc.integer({ min: 0, max: 5 }),
  takenDay: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  bytes: fc.integer({ min: 1, max: 4 }),
  width: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  approved: fc.boolean(),
});
type RowSpec = typeof rowArbitrary extends fc.Arbitrary<infer T> ? T : never;

const toSeed = (spec: RowSpec, index: number): SeedRow => ({
  originalFilename: `${spec.name}_${index}.jpg`,
  uploadDate: new Date(Date.UTC(2025, 0, 1, spec.hour)),
  takenAt: spec.takenDay === null ? null : new Date(Date.UTC(2024, 5, 1 + spec.takenDay)),
  bytes: spec.bytes,
  width: spec.width === null ? null : spec.width * 100,
  moderationStatus: spec.approved ? 'approved' : 'pending',
  processingStatus: 'ready',
});

/** Between two page requests: new rows arrive and some rows go to the trash. */
const betweenPagesArbitrary = fc.record({
  inserted: fc.array(rowArbitrary, { maxLength: 4 }),
  trashed: fc.array(fc.nat(), { maxLength: 3 }),
});

describe('keyset paging under concurrent change (property)', () => {
  let api: Api;
  let database: ReturnType<typeof createDb>;

  beforeAll(async () => {
    api = await startApi();
    database = createDb(api.config.database);
  });
  afterAll(async () => {
    await database?.close();
    await api?.stop();
  });

  it('returns every item that matched throughout exactly once, and never an item twice', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArbitrary, { minLength: 1, maxLength: 30 }),
        fc.constantFrom(...mediaSortFields),
        fc.constantFrom<SortDirection>('asc', 'desc'),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        fc.array(betweenPagesArbitrary, { minLength: 1, maxLength: 12 }),
        async (initial, sort: MediaSortField, direction, limit, onlyApproved, changes) => {
          const { slug } = await createModel(api);
          const modelId = (await api.services.models.bySlug(slug))?.id ?? 0;
          const client = trpcClient(api.url, { cookie: (await signedInMember(api, slug, 'viewer')).cookie });
          const filter = onlyApproved ? { moderation: ['approved' as const] } : {};
          const initialIds = await seedMedia(database, modelId, initial.map(toSeed));
          const matchedAtStart = initialIds.filter((_, index) => !onlyApproved || initial[index]?.approved);
          const trashed = new Set<number>();
          const seen: number[] = [];
          let cursor: string | undefined;
          let step = 0;
          for (;;) {
            const page = await client.media.list.query({
              modelSlug: slug,
              ...filter,
              sort,
              direction,
              limit,
              cursor,
            });
            seen.push(...page.items.map((item) => item.id));
            if (!page.nextCursor) break;
            cursor = page.nextCursor;
            const change = changes[step++ % changes.length];
            if (change && step <= changes.length) {
              await seedMedia(
                database,
                modelId,
                change.inserted.map((spec, index) => toSeed(spec, 1000 + step * 10 + index)),
              );
              const victims = change.trashed
                .map((n) => initialIds[n % initialIds.length])
                .filter((id): id is number => id !== undefined);
              if (victims.length > 0) {
                await database.db
                  .update(media)
                  .set({ deletedAt: new Date() })
                  .where(inArray(media.id, victims));
                for (const id of victims) trashed.add(id);
              }
            }
          }
          expect(new Set(seen).size, 'no item twice').toBe(seen.length);
          const kept = matchedAtStart.filter((id) => !trashed.has(id));
          for (const id of kept) expect(seen, `item ${id} matched throughout`).toContain(id);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});

import { createHash } from 'node:crypto';
import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src';
import {
  createDb,
  createMediaRepository,
  dropDatabase,
  media,
  models,
  runMigrations,
  searchWords,
} from '../src';
import { freshDatabaseConfig } from './support/database';

/** The words of an item as the search sees them (what `search_text` is meant to hold). */
const wordsOf = (...texts: (string | null)[]) =>
  texts
    .filter((text): text is string => text !== null)
    .join(' ')
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter(Boolean);

const texts = [
  { name: 'Portrait_12.jpg', alt: 'Portrait of Anna by the window', caption: null, tags: 'studio' },
  { name: 'DSC_0001.JPG', alt: null, caption: 'Numéro, the autumn issue', tags: 'editorial golden-hour' },
  { name: '--IMG_7.png', alt: 'Harper’s Bazaar cover', caption: null, tags: null },
  {
    name: 'beach-shoot-03.webp',
    alt: 'Anna on the beach at golden hour',
    caption: 'Summer campaign',
    tags: 'beach summer',
  },
  { name: 'Untitled-1.jpg', alt: null, caption: null, tags: null },
];

describe('text search: the search_text column and both ways of reading it', () => {
  let config: DatabaseConfig;
  let handle: DbHandle;
  let modelId: number;
  let otherModelId: number;
  /** id → words, newest first (upload date descending, then id descending). */
  let rows: { id: number; words: string[] }[] = [];

  beforeAll(async () => {
    config = freshDatabaseConfig();
    await runMigrations(config);
    handle = createDb(config);
    const [model] = await handle.db
      .insert(models)
      .values({ slug: 'search-a', displayName: 'A' })
      .$returningId();
    const [other] = await handle.db
      .insert(models)
      .values({ slug: 'search-b', displayName: 'B' })
      .$returningId();
    modelId = model?.id ?? 0;
    otherModelId = other?.id ?? 0;
    // 60 rows of the model (the five texts over and over, with ties in the upload time) and the same texts for
    // another model, which must never show up.
    for (const owner of [modelId, otherModelId]) {
      const values = Array.from({ length: 60 }, (_, index) => {
        const text = texts[index % texts.length] as (typeof texts)[number];
        const sha256 = createHash('sha256').update(`${owner}-${index}`).digest('hex');
        return {
          modelId: owner,
          originalFilename: text.name,
          altText: text.alt,
          caption: text.caption,
          tagNames: text.tags,
          mimeType: 'image/jpeg',
          bytes: 1000,
          sha256,
          storageKey: `originals/${owner}/${sha256.slice(0, 2)}/${sha256}.jpg`,
          uploadDate: new Date(Date.UTC(2025, 0, 1) + Math.floor(index / 3) * 60_000),
        };
      });
      const ids = await handle.db.insert(media).values(values).$returningId();
      if (owner === modelId) {
        rows = ids
          .map((row, index) => {
            const text = texts[index % texts.length] as (typeof texts)[number];
            return {
              id: row.id,
              at: values[index]?.uploadDate.getTime() ?? 0,
              words: wordsOf(text.name, text.alt, text.caption, text.tags),
            };
          })
          .sort((a, b) => b.at - a.at || b.id - a.id);
      }
    }
  });

  afterAll(async () => {
    await handle?.close();
    if (config) await dropDatabase(config);
  });

  it('holds every word of the filename, alt text, caption and tags, prefixed with the model', async () => {
    const stored = await handle.pool.query(
      'SELECT original_filename AS name, alt_text AS alt, caption, tag_names AS tags, search_text AS search FROM model_media_library WHERE model_id = ? LIMIT 5',
      [modelId],
    );
    for (const row of stored[0] as {
      name: string;
      alt: string | null;
      caption: string | null;
      tags: string | null;
      search: string;
    }[]) {
      const expected = wordsOf(row.name, row.alt, row.caption, row.tags)
        .map((word) => ` m${modelId}x${word}`)
        .join('');
      expect(row.search).toBe(`${expected} `);
    }
  });

  const queries = [
    'portr',
    'golden hour',
    'numé',
    'harper',
    'dsc_00',
    'the portrait',
    'img_7',
    'anna beach',
    'a',
    'zzz',
  ];

  it.each(queries)(
    '"%s" finds the same rows, in order, by the window and by the full-text index',
    async (q) => {
      const filter = { q, trash: false };
      const expected = rows
        .filter((row) =>
          searchWords(q).every((word) => row.words.some((candidate) => candidate.startsWith(word))),
        )
        .map((row) => row.id);
      for (const searchWindow of [4, 10_000]) {
        const repository = createMediaRepository(handle.db, { searchWindow });
        const seen: number[] = [];
        let from: { value: string; id: number; forward: boolean } | undefined;
        for (;;) {
          const page = await repository.page({
            modelId,
            filter,
            sort: { sort: 'uploadDate', direction: 'desc' },
            from,
            limit: 7,
          });
          seen.push(...page.map((row) => row.id));
          const last = page.at(-1);
          if (page.length < 7 || !last) break;
          from = { value: last.uploadDate.toISOString(), id: last.id, forward: true };
        }
        expect(seen, `window ${searchWindow}`).toEqual(expected);
      }
    },
  );

  it('counts facets of a search from the full-text index', async () => {
    const facets = await createMediaRepository(handle.db).facets(modelId, { q: 'golden', trash: false });
    const total = facets.byStatus.reduce((sum, entry) => sum + entry.count, 0);
    expect(total).toBe(rows.filter((row) => row.words.some((word) => word.startsWith('golden'))).length);
  });
});

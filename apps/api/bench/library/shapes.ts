/**
 * The listing shapes the benchmark measures, as `media.list` / `media.facets` inputs for the HTTP load and as
 * the repository calls the library service makes for them (for EXPLAIN).
 */
import type { DbHandle, SortValue } from '@phoenix4ge/db';
import { createMediaRepository, createTagsRepository, createVariantsRepository } from '@phoenix4ge/db';
import type { MediaFilterInput, MediaListInputValues } from '@phoenix4ge/shared';
import { MediaFilterSchema, MediaListInputSchema } from '@phoenix4ge/shared';

export interface Shape {
  key: 'a' | 'b' | 'c' | 'd' | 'e';
  title: string;
  procedure: 'media.list' | 'media.facets';
  input: Record<string, unknown>;
  /** p99 target in ms. */
  target: number;
  /** A count: reading every matching index entry is its nature (see the EXPLAIN check). */
  counts?: boolean;
  /** The same work through the repositories (what the service runs for this input). */
  repositories(handle: DbHandle): Promise<unknown>;
}

/** media.list's page: the rows, their thumbnails, their tags (the service's `list` and `present`). */
async function listQueries(
  handle: DbHandle,
  modelId: number,
  input: MediaListInputValues,
  from?: { value: SortValue; id: number; forward: boolean },
) {
  const { cursor: _cursor, limit, sort, direction, ...filter } = MediaListInputSchema.parse(input);
  const rows = await createMediaRepository(handle.db).page({
    modelId,
    filter,
    sort: { sort, direction },
    from,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  await createVariantsRepository(handle.db).ofCurrentVersion(page, 'thumb');
  await createTagsRepository(handle.db).ofMedia(page.map((row) => row.id));
}

export function shapes(options: {
  modelId: number;
  slug: string;
  category: number;
  search: string;
  deep: { cursor: string; after: { value: string; id: number } };
}): Shape[] {
  const { modelId, slug } = options;
  const list = (
    key: Shape['key'],
    title: string,
    target: number,
    input: MediaListInputValues,
    from?: { value: string; id: number },
  ): Shape => ({
    key,
    title,
    procedure: 'media.list',
    input: { modelSlug: slug, ...input },
    target,
    repositories: (handle) => {
      const { cursor: _cursor, ...rest } = input;
      return listQueries(handle, modelId, rest, from ? { ...from, forward: true } : undefined);
    },
  });
  const facetsFilter: MediaFilterInput = {};
  return [
    list('a', '(a) newest first', 20, {}),
    list('b', '(b) category + status filter', 20, { category: options.category, moderation: ['approved'] }),
    list('c', `(c) text search "${options.search}"`, 50, { q: options.search }),
    list('d', '(d) page 1,000 of a deep scroll', 20, { cursor: options.deep.cursor }, options.deep.after),
    {
      key: 'e',
      title: '(e) facet counts (media.facets, whole library)',
      procedure: 'media.facets',
      input: { modelSlug: slug, ...facetsFilter },
      target: 50,
      counts: true,
      repositories: (handle) =>
        createMediaRepository(handle.db).facets(modelId, MediaFilterSchema.parse(facetsFilter)),
    },
  ];
}

import type { MediaFilter, MediaSortField, SortDirection } from '@phoenix4ge/shared';
import { mediaFormats } from '@phoenix4ge/shared';
import type { SQL } from 'drizzle-orm';
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { AnyMySqlColumn } from 'drizzle-orm/mysql-core';
import { media, mediaTags } from '../schema';

/**
 * How the library's filters and sorts become SQL: the one translation, used by the page, the facet counts and
 * bulk "everything matching" alike, so all three always mean the same set.
 */

/** Words a search leaves out (InnoDB's default full-text stopwords): "the portrait" finds "Portrait of Anna". */
const stopwords = new Set(
  'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(
    ' ',
  ),
);

/**
 * The words of a search, split as the `search_text` column splits the item's text: letters, digits and `_` make
 * words, anything else separates them ("Portrait_1.jpg" → portrait_1, jpg). Stopwords are left out.
 */
export function searchWords(q: string): string[] {
  return q
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((word) => word.length > 0 && !stopwords.has(word))
    .slice(0, 10);
}

/**
 * How the text search is evaluated. Both mean the same rows: every word of the search starts a word of the
 * item's filename, alt text, caption or tags, as `search_text` holds them (each word prefixed with the model,
 * ` m<model>x<word>`, see the schema).
 * - `fulltext`: the full-text index on `search_text`, which finds a model's matching rows without reading the
 *   others' (the prefix keeps other models' words out of the range it reads); its cost grows with the matches.
 * - `like`: `search_text LIKE '% m<model>x<word>%'` on rows read anyway: for a page read in sort order, which
 *   stops after a page of matches (cheap when the words are common, where the full-text index is slowest).
 * - `none`: no text condition (the other filters only).
 */
export type TextMode = 'fulltext' | 'like' | 'none';

function textCondition(modelId: number, q: string, mode: TextMode): SQL | undefined {
  const words = searchWords(q);
  if (words.length === 0 || mode === 'none') return undefined;
  const prefix = `m${modelId}x`;
  if (mode === 'fulltext') {
    const expression = words.map((word) => `+${prefix}${word}*`).join(' ');
    return sql`match(${media.searchText}) against (${expression} in boolean mode)`;
  }
  return and(
    ...words.map(
      (word) => sql`${media.searchText} like ${`% ${prefix}${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`,
    ),
  );
}

/** True when the filter has a text search that narrows anything (not only stopwords or punctuation). */
export const hasTextSearch = (filter: MediaFilter) => searchWords(filter.q ?? '').length > 0;

/**
 * The library or trash of one model, narrowed by every filter given. `omit` leaves filters out (for facets);
 * `text` says how the text search is evaluated (see TextMode).
 */
export function filterConditions(
  modelId: number,
  filter: MediaFilter,
  options: { omit?: ('moderation' | 'category')[]; text?: TextMode } = {},
): SQL | undefined {
  const omit = new Set(options.omit);
  const conditions: (SQL | undefined)[] = [
    eq(media.modelId, modelId),
    filter.trash ? isNotNull(media.deletedAt) : isNull(media.deletedAt),
  ];
  if (filter.q) conditions.push(textCondition(modelId, filter.q, options.text ?? 'fulltext'));
  if (filter.category !== undefined && !omit.has('category')) {
    conditions.push(
      filter.category === 'none' ? isNull(media.categoryId) : eq(media.categoryId, filter.category),
    );
  }
  for (const tagId of filter.tags ?? []) {
    conditions.push(
      sql`exists (select 1 from ${mediaTags} where ${mediaTags.mediaId} = ${media.id} and ${mediaTags.tagId} = ${tagId})`,
    );
  }
  if (filter.moderation?.length && !omit.has('moderation')) {
    conditions.push(inArray(media.moderationStatus, filter.moderation));
  }
  if (filter.processing?.length) conditions.push(inArray(media.processingStatus, filter.processing));
  if (filter.uploadedFrom) conditions.push(gte(media.uploadDate, filter.uploadedFrom));
  if (filter.uploadedTo) conditions.push(lte(media.uploadDate, filter.uploadedTo));
  if (filter.takenFrom) conditions.push(gte(media.takenAt, filter.takenFrom));
  if (filter.takenTo) conditions.push(lte(media.takenAt, filter.takenTo));
  if (filter.orientation) conditions.push(eq(media.orientation, filter.orientation));
  if (filter.hasGps !== undefined) conditions.push(eq(media.hasGps, filter.hasGps));
  if (filter.cameraMake) conditions.push(eq(media.cameraMake, filter.cameraMake));
  if (filter.cameraModel) conditions.push(eq(media.cameraModel, filter.cameraModel));
  if (filter.format?.length) {
    conditions.push(
      inArray(
        media.mimeType,
        filter.format.flatMap((format) => [...mediaFormats[format]]),
      ),
    );
  }
  if (filter.minWidth) conditions.push(gte(media.width, filter.minWidth));
  return and(...conditions);
}

/** The column each sort reads; every one is non-null (see the schema's sort keys) and indexed after (model, trash). */
export const sortColumns: Record<MediaSortField, AnyMySqlColumn> = {
  uploadDate: media.uploadDate,
  takenAt: media.takenSort,
  filename: media.originalFilename,
  bytes: media.bytes,
  width: media.widthSort,
};

/** The sort key of a row as a cursor keeps it (dates as ISO strings). */
export type SortValue = string | number;

export function sortValueOf(row: Record<string, unknown>, field: MediaSortField): SortValue {
  const value = row[sortKeyProperty[field]];
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new Error(`sort key ${field} missing from the row`);
}

const sortKeyProperty: Record<MediaSortField, string> = {
  uploadDate: 'uploadDate',
  takenAt: 'takenSort',
  filename: 'originalFilename',
  bytes: 'bytes',
  width: 'widthSort',
};

const isDateSort = (field: MediaSortField) => field === 'uploadDate' || field === 'takenAt';

/** A keyset position as SQL sees it: the sort's column, the value there, and whether reading goes up. */
function positionOf(
  field: MediaSortField,
  direction: SortDirection,
  key: { value: SortValue; id: number },
  forward: boolean,
) {
  return {
    column: sortColumns[field],
    value: isDateSort(field) ? new Date(String(key.value)) : key.value,
    ascending: (direction === 'asc') === forward,
  };
}

/**
 * Rows after (`forward`) or before a keyset position in the order `field direction, id direction`:
 * `c >= v and (c > v or (c = v and id > i))`. The leading `c >= v` says the same again on purpose: without it
 * MariaDB reads the OR as no range at all, takes the index by (model, trash) only and skips every row before
 * the position one by one (page 1,000 of 60 then read 60,000 index entries); with it, the read starts at the
 * position.
 */
export function keysetCondition(
  field: MediaSortField,
  direction: SortDirection,
  key: { value: SortValue; id: number },
  forward: boolean,
): SQL | undefined {
  const { column, value, ascending } = positionOf(field, direction, key, forward);
  const beyond = ascending ? gt : lt;
  return and(
    (ascending ? gte : lte)(column, value),
    or(beyond(column, value), and(eq(column, value), beyond(media.id, key.id))),
  );
}

/**
 * Rows up to and including a keyset position, reading in the page's direction: the far end of a bounded window
 * of rows (see the media repository's text search).
 */
export function throughCondition(
  field: MediaSortField,
  direction: SortDirection,
  key: { value: SortValue; id: number },
  forward: boolean,
): SQL | undefined {
  const { column, value, ascending } = positionOf(field, direction, key, forward);
  // The leading bound again on purpose (see keysetCondition).
  return and(
    (ascending ? lte : gte)(column, value),
    or(
      (ascending ? lt : gt)(column, value),
      and(eq(column, value), (ascending ? lte : gte)(media.id, key.id)),
    ),
  );
}

/** ORDER BY for a page; reading backwards (towards the start) reverses both keys. */
export function orderOf(field: MediaSortField, direction: SortDirection, forward: boolean): SQL[] {
  const ascending = (direction === 'asc') === forward;
  const by = ascending ? asc : desc;
  return [by(sortColumns[field]), by(media.id)];
}

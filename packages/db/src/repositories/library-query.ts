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

/** InnoDB's default full-text stopwords: a required stopword would match nothing, so they are left out. */
const stopwords = new Set(
  'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(
    ' ',
  ),
);
/** InnoDB indexes words of at least this many characters (innodb_ft_min_token_size, 3 by default). */
const MIN_TOKEN = 3;

/**
 * The words of a search, as InnoDB's full-text parser splits text: letters, digits and `_` make words, anything
 * else separates them ("Portrait_1.jpg" → Portrait_1, jpg).
 */
export function searchWords(q: string): string[] {
  return q
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 10);
}

/**
 * Every word must match the start of a word of the filename, alt text, caption or tags: by the full-text index
 * (prefix `word*`), or, for words shorter than InnoDB indexes, by a substring match within the rows the rest of
 * the filter already narrowed down. Stopwords are left out, as InnoDB leaves them out of the index.
 */
function textCondition(q: string): SQL | undefined {
  const words = searchWords(q).filter((word) => !stopwords.has(word));
  if (words.length === 0) return undefined;
  const indexed = words.filter((word) => word.length >= MIN_TOKEN);
  const short = words.filter((word) => word.length < MIN_TOKEN);
  const conditions: (SQL | undefined)[] = [];
  if (indexed.length > 0) {
    const expression = indexed.map((word) => `+${word}*`).join(' ');
    conditions.push(
      sql`match(${media.originalFilename}, ${media.altText}, ${media.caption}, ${media.tagNames}) against (${expression} in boolean mode)`,
    );
  }
  for (const word of short) {
    const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(
        sql`${media.originalFilename} like ${pattern}`,
        sql`${media.altText} like ${pattern}`,
        sql`${media.caption} like ${pattern}`,
        sql`${media.tagNames} like ${pattern}`,
      ),
    );
  }
  return and(...conditions);
}

/** The library or trash of one model, narrowed by every filter given. `omit` leaves one out (for its facet). */
export function filterConditions(
  modelId: number,
  filter: MediaFilter,
  omit?: 'moderation' | 'category',
): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    eq(media.modelId, modelId),
    filter.trash ? isNotNull(media.deletedAt) : isNull(media.deletedAt),
  ];
  if (filter.q) conditions.push(textCondition(filter.q));
  if (filter.category !== undefined && omit !== 'category') {
    conditions.push(
      filter.category === 'none' ? isNull(media.categoryId) : eq(media.categoryId, filter.category),
    );
  }
  for (const tagId of filter.tags ?? []) {
    conditions.push(
      sql`exists (select 1 from ${mediaTags} where ${mediaTags.mediaId} = ${media.id} and ${mediaTags.tagId} = ${tagId})`,
    );
  }
  if (filter.moderation?.length && omit !== 'moderation') {
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

/**
 * Rows after (`forward`) or before a keyset position in the order `field direction, id direction`: the
 * expanded form `(c > v) or (c = v and id > i)`, which MySQL and MariaDB read as a range on the sort's index.
 */
export function keysetCondition(
  field: MediaSortField,
  direction: SortDirection,
  key: { value: SortValue; id: number },
  forward: boolean,
): SQL | undefined {
  const column = sortColumns[field];
  const value = isDateSort(field) ? new Date(String(key.value)) : key.value;
  const ascending = (direction === 'asc') === forward;
  const beyond = ascending ? gt : lt;
  return or(beyond(column, value), and(eq(column, value), beyond(media.id, key.id)));
}

/** ORDER BY for a page; reading backwards (towards the start) reverses both keys. */
export function orderOf(field: MediaSortField, direction: SortDirection, forward: boolean): SQL[] {
  const ascending = (direction === 'asc') === forward;
  const by = ascending ? asc : desc;
  return [by(sortColumns[field]), by(media.id)];
}

/**
 * Pure edits of a cached library list (the pages of one `media.list` view) when one item changes: put a fresher
 * copy in its place, take it out when it no longer matches the view, or put a new item where it belongs. What
 * cannot be decided here (a text search, a sort whose order the database decides) is left to the next refetch.
 */
import type { LibraryItem, MediaFilterInput, MediaSortField, SortDirection } from '@phoenix4ge/shared';
import { mediaFormats } from '@phoenix4ge/shared';

export interface ListView {
  filter: MediaFilterInput;
  sort: MediaSortField;
  direction: SortDirection;
}

interface Page {
  items: LibraryItem[];
  nextCursor: string | null;
}

/** A filter date (a Date, or what `z.coerce.date` accepts) as milliseconds. */
function time(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' || typeof value === 'number') return new Date(value).getTime();
  return undefined;
}

/**
 * Whether the item belongs to the view: `true` or `false` when every filter can be checked here, `undefined`
 * when the text search (decided by the database's full-text index) is part of it.
 */
export function matchesFilter(item: LibraryItem, filter: MediaFilterInput): boolean | undefined {
  const checks: boolean[] = [(item.deletedAt !== null) === (filter.trash ?? false)];
  const { category, tags, moderation, processing, format } = filter;
  if (category !== undefined)
    checks.push(category === 'none' ? item.categoryId === null : item.categoryId === category);
  if (tags?.length) checks.push(tags.every((id) => item.tags.some((tag) => tag.id === id)));
  if (moderation?.length) checks.push(moderation.includes(item.moderationStatus));
  if (processing?.length) checks.push(processing.includes(item.processingStatus));
  if (format?.length) {
    checks.push(format.some((name) => (mediaFormats[name] as readonly string[]).includes(item.mimeType)));
  }
  const uploaded = time(item.uploadDate) ?? 0;
  const from = time(filter.uploadedFrom);
  const to = time(filter.uploadedTo);
  if (from !== undefined) checks.push(uploaded >= from);
  if (to !== undefined) checks.push(uploaded <= to);
  const taken = time(item.takenAt);
  const takenFrom = time(filter.takenFrom);
  const takenTo = time(filter.takenTo);
  if (takenFrom !== undefined) checks.push(taken !== undefined && taken >= takenFrom);
  if (takenTo !== undefined) checks.push(taken !== undefined && taken <= takenTo);
  if (filter.orientation) checks.push(item.orientation === filter.orientation);
  if (filter.hasGps !== undefined) checks.push(item.hasGps === filter.hasGps);
  if (filter.cameraMake) checks.push(item.cameraMake?.toLowerCase() === filter.cameraMake.toLowerCase());
  if (filter.cameraModel) checks.push(item.cameraModel?.toLowerCase() === filter.cameraModel.toLowerCase());
  if (filter.minWidth !== undefined) checks.push((item.width ?? 0) >= filter.minWidth);
  if (!checks.every(Boolean)) return false;
  return filter.q?.trim() ? undefined : true;
}

/**
 * The pages with the item placed: replaced where it is (or removed if it no longer matches), or, when it is new
 * to the list and surely matches, inserted by upload date (ids grow with upload order) if the view is sorted
 * that way. Returns the same pages object when nothing changed.
 */
export function placeItem<P extends Page>(pages: P[], item: LibraryItem, view: ListView): P[] {
  const matches = matchesFilter(item, view.filter);
  for (const [pageIndex, page] of pages.entries()) {
    const at = page.items.findIndex((candidate) => candidate.id === item.id);
    if (at < 0) continue;
    const items = [...page.items];
    if (matches === false) items.splice(at, 1);
    else items[at] = item;
    return pages.map((other, index) => (index === pageIndex ? { ...other, items } : other));
  }
  if (matches !== true || view.sort !== 'uploadDate') return pages;
  const newestFirst = view.direction === 'desc';
  const before = (other: LibraryItem) => (newestFirst ? other.id < item.id : other.id > item.id);
  const hasMore = (pages.at(-1)?.nextCursor ?? null) !== null;
  for (const [pageIndex, page] of pages.entries()) {
    const isLast = pageIndex === pages.length - 1;
    const at = page.items.findIndex(before);
    if (at < 0 && !(isLast && !hasMore)) continue;
    const items = [...page.items];
    items.splice(at < 0 ? items.length : at, 0, item);
    return pages.map((other, index) => (index === pageIndex ? { ...other, items } : other));
  }
  return pages;
}

/** The pages without these items. */
export function removeItems<P extends Page>(pages: P[], gone: ReadonlySet<number>): P[] {
  if (!pages.some((page) => page.items.some((item) => gone.has(item.id)))) return pages;
  return pages.map((page) => ({ ...page, items: page.items.filter((item) => !gone.has(item.id)) }));
}

// @vitest-environment node
import type { LibraryItem } from '@phoenix4ge/shared';
import { describe, expect, it } from 'vitest';
import type { ListView } from './media-list-cache';
import { matchesFilter, placeItem, removeItems } from './media-list-cache';

function item(id: number, fields: Partial<LibraryItem> = {}): LibraryItem {
  return {
    id,
    originalFilename: `photo-${id}.jpg`,
    mimeType: 'image/jpeg',
    bytes: 1000,
    sha256: 'x'.repeat(64),
    width: 800,
    height: 600,
    processingStatus: 'ready',
    processingError: null,
    moderationStatus: 'pending',
    moderationReason: null,
    moderatedAt: null,
    categoryId: null,
    altText: null,
    caption: null,
    uploadDate: new Date(2024, 4, id),
    deletedAt: null,
    placeholder: null,
    dominantColor: null,
    thumbUrl: null,
    takenAt: null,
    orientation: 'landscape',
    cameraMake: null,
    cameraModel: null,
    hasGps: false,
    focalPoint: null,
    revision: 0,
    currentVersion: 0,
    publicVersion: null,
    publishFrom: null,
    publishUntil: null,
    publicOrder: null,
    publication: { state: 'not public', reason: 'Not approved yet' },
    categoryName: null,
    categoryColor: null,
    tags: [],
    ...fields,
  };
}

const newest: ListView = { filter: { trash: false }, sort: 'uploadDate', direction: 'desc' };
const ids = (pages: { items: LibraryItem[] }[]) => pages.map((page) => page.items.map((entry) => entry.id));

describe('cached library views', () => {
  it('checks the filters it can, and leaves a text search undecided', () => {
    const photo = item(5, { categoryId: 3, moderationStatus: 'approved', tags: [{ id: 7, name: 'beach' }] });
    expect(matchesFilter(photo, { category: 3, moderation: ['approved'], tags: [7] })).toBe(true);
    expect(matchesFilter(photo, { category: 'none' })).toBe(false);
    expect(matchesFilter(photo, { trash: true })).toBe(false);
    expect(matchesFilter(photo, { format: ['png'] })).toBe(false);
    expect(matchesFilter(photo, { minWidth: 801 })).toBe(false);
    expect(matchesFilter(photo, { uploadedFrom: new Date(2024, 4, 6) })).toBe(false);
    expect(matchesFilter(photo, { q: 'beach' })).toBeUndefined();
    expect(matchesFilter(photo, { q: 'beach', category: 4 })).toBe(false);
  });

  it('replaces an item where it is, and takes it out of a view it left', () => {
    const pages = [
      { items: [item(9), item(8)], nextCursor: 'c' },
      { items: [item(7)], nextCursor: null },
    ];
    const renamed = item(8, { altText: 'new' });
    const placed = placeItem(pages, renamed, newest);
    expect(placed[0]?.items[1]?.altText).toBe('new');
    expect(placed[1]).toBe(pages[1]);
    const approvedOnly: ListView = { ...newest, filter: { moderation: ['pending'] } };
    expect(ids(placeItem(pages, item(8, { moderationStatus: 'approved' }), approvedOnly))).toEqual([
      [9],
      [7],
    ]);
    expect(ids(placeItem(pages, item(8, { deletedAt: new Date() }), newest))).toEqual([[9], [7]]);
  });

  it('inserts a new item by upload order, only where it surely belongs', () => {
    const pages = [
      { items: [item(9), item(7)], nextCursor: 'c' },
      { items: [item(5)], nextCursor: null },
    ];
    expect(ids(placeItem(pages, item(10), newest))).toEqual([[10, 9, 7], [5]]);
    expect(ids(placeItem(pages, item(6), newest))).toEqual([
      [9, 7],
      [6, 5],
    ]);
    expect(ids(placeItem(pages, item(2), newest))).toEqual([
      [9, 7],
      [5, 2],
    ]);
    // Older than everything loaded while more pages remain: left for those pages.
    const more = [{ items: [item(9)], nextCursor: 'c' }];
    expect(placeItem(more, item(2), newest)).toBe(more);
    // Not for a text search or another sort.
    expect(placeItem(pages, item(10), { ...newest, filter: { q: 'x' } })).toBe(pages);
    expect(placeItem(pages, item(10), { ...newest, sort: 'filename' })).toBe(pages);
    // Oldest first: a new item goes at the end, once the end is loaded.
    const oldest: ListView = { ...newest, direction: 'asc' };
    expect(ids(placeItem([{ items: [item(1), item(2)], nextCursor: null }], item(3), oldest))).toEqual([
      [1, 2, 3],
    ]);
  });

  it('removes items from every page', () => {
    const pages = [{ items: [item(3), item(2)], nextCursor: null }];
    expect(ids(removeItems(pages, new Set([2])))).toEqual([[3]]);
    expect(removeItems(pages, new Set([99]))).toBe(pages);
  });
});

// @vitest-environment node
import { MediaFilterSchema } from '@phoenix4ge/shared';
import { describe, expect, it } from 'vitest';
import type { LibraryView } from './library-url';
import {
  activeFilterCount,
  defaultView,
  parseView,
  sameFilter,
  viewFilter,
  viewParams,
  viewSearch,
  withoutFilters,
} from './library-url';

const everything: LibraryView = {
  q: 'portr',
  category: 12,
  tags: [3, 9],
  moderation: ['pending', 'flagged'],
  processing: ['failed'],
  uploadedFrom: '2024-05-01',
  uploadedTo: '2024-05-31',
  takenFrom: '2023-01-01',
  takenTo: '2023-12-31',
  orientation: 'portrait',
  hasGps: false,
  cameraMake: 'NIKON',
  cameraModel: 'COOLPIX P6000',
  format: ['jpeg', 'webp'],
  minWidth: 1200,
  sort: 'filename',
  direction: 'asc',
  trash: true,
};

/** What the router would put in the URL: the defined parameters only. */
function urlParams(view: LibraryView) {
  return Object.fromEntries(Object.entries(viewParams(view)).filter(([, value]) => value !== undefined));
}

describe('library view ⇄ URL', () => {
  it('round-trips every filter, the sort and the trash', () => {
    expect(parseView(urlParams(everything))).toEqual(everything);
    expect(parseView(urlParams(defaultView))).toEqual(defaultView);
    expect(parseView(urlParams({ ...defaultView, category: 'none', hasGps: true }))).toEqual({
      ...defaultView,
      category: 'none',
      hasGps: true,
    });
  });

  it('leaves defaults out of the URL, so the default view is the bare page', () => {
    expect(viewSearch(defaultView)).toBe('');
    expect(viewSearch({ ...defaultView, q: '  portr ' })).toBe('?q=portr');
    expect(viewSearch({ ...defaultView, sort: 'bytes', direction: 'desc' })).toBe('?sort=bytes');
    expect(viewSearch({ ...defaultView, moderation: ['rejected', 'approved'] })).toBe(
      '?status=approved%2Crejected',
    );
  });

  it('drops unknown and malformed values instead of sending them', () => {
    expect(
      parseView({
        category: 'abc',
        tags: '1,x,-2,1,0',
        status: 'approved,bogus',
        uploadedFrom: '2024-13-45',
        uploadedTo: 'yesterday',
        orientation: 'diagonal',
        gps: 'maybe',
        minWidth: '-5',
        sort: 'random',
        dir: 'sideways',
        trash: 'yes',
        format: 'bmp',
      }),
    ).toEqual({ ...defaultView, tags: [1], moderation: ['approved'] });
  });

  it('orders lists, so equal views give equal URLs', () => {
    expect(parseView({ status: 'rejected,approved,approved' }).moderation).toEqual(['approved', 'rejected']);
  });

  it('makes a filter the api accepts, with date ranges covering both ends whole', () => {
    const filter = viewFilter(everything);
    expect(MediaFilterSchema.safeParse(filter).success).toBe(true);
    expect(filter).toMatchObject({
      q: 'portr',
      category: 12,
      tags: [3, 9],
      moderation: ['pending', 'flagged'],
      orientation: 'portrait',
      hasGps: false,
      minWidth: 1200,
      trash: true,
    });
    const from = filter.uploadedFrom as Date;
    const to = filter.uploadedTo as Date;
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours()]).toEqual([2024, 4, 1, 0]);
    expect([to.getMonth(), to.getDate(), to.getHours(), to.getMinutes(), to.getMilliseconds()]).toEqual([
      4, 31, 23, 59, 999,
    ]);
    expect(viewFilter(defaultView)).toEqual({ trash: false });
  });

  it('counts active filters and compares views by what they show', () => {
    expect(activeFilterCount(defaultView)).toBe(0);
    expect(activeFilterCount({ ...defaultView, q: 'x', sort: 'bytes', trash: true })).toBe(0);
    expect(activeFilterCount(everything)).toBe(12);
    expect(sameFilter(everything, { ...everything, sort: 'width', direction: 'desc' })).toBe(true);
    expect(sameFilter(everything, { ...everything, q: 'other' })).toBe(false);
    expect(withoutFilters(everything)).toEqual({
      ...defaultView,
      q: 'portr',
      sort: 'filename',
      direction: 'asc',
      trash: true,
    });
  });
});

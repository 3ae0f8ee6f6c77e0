/**
 * The library's view (filters, sort, trash) as URL query parameters and back, so a view is a link that can be
 * shared and Back/Forward restore the previous one. Pure: no router, no DOM.
 *
 * Parameters (all optional; a default is left out of the URL): `q`, `category` (an id or `none`), `tags` (ids,
 * comma-separated), `status` and `processing` (comma-separated), `uploadedFrom`/`uploadedTo`/`takenFrom`/`takenTo`
 * (`yyyy-mm-dd`, both ends inclusive), `orientation`, `gps` (`yes`/`no`), `make`, `cameraModel`, `format`
 * (comma-separated), `minWidth`, `sort`, `dir`, `trash=1`. Values the SPA does not know are dropped, never sent.
 */
import type {
  MediaFilterInput,
  MediaFormat,
  MediaOrientation,
  MediaSortField,
  ModerationStatus,
  ProcessingStatus,
  SortDirection,
} from '@phoenix4ge/shared';
import {
  mediaFormatNames,
  mediaOrientations,
  mediaSortFields,
  moderationStatuses,
  processingStatuses,
  sortDirections,
} from '@phoenix4ge/shared';

/** What the library shows: the filters as the user set them (dates as `yyyy-mm-dd`), the sort, trash or not. */
export interface LibraryView {
  q: string;
  category: number | 'none' | undefined;
  tags: number[];
  moderation: ModerationStatus[];
  processing: ProcessingStatus[];
  uploadedFrom: string | undefined;
  uploadedTo: string | undefined;
  takenFrom: string | undefined;
  takenTo: string | undefined;
  orientation: MediaOrientation | undefined;
  hasGps: boolean | undefined;
  cameraMake: string | undefined;
  cameraModel: string | undefined;
  format: MediaFormat[];
  minWidth: number | undefined;
  sort: MediaSortField;
  direction: SortDirection;
  trash: boolean;
}

export const defaultView: LibraryView = {
  q: '',
  category: undefined,
  tags: [],
  moderation: [],
  processing: [],
  uploadedFrom: undefined,
  uploadedTo: undefined,
  takenFrom: undefined,
  takenTo: undefined,
  orientation: undefined,
  hasGps: undefined,
  cameraMake: undefined,
  cameraModel: undefined,
  format: [],
  minWidth: undefined,
  sort: 'uploadDate',
  direction: 'desc',
  trash: false,
};

/** Every parameter the library reads (others in the URL are left alone). */
export const viewParamNames = [
  'q',
  'category',
  'tags',
  'status',
  'processing',
  'uploadedFrom',
  'uploadedTo',
  'takenFrom',
  'takenTo',
  'orientation',
  'gps',
  'make',
  'cameraModel',
  'format',
  'minWidth',
  'sort',
  'dir',
  'trash',
] as const;
export type ViewParamName = (typeof viewParamNames)[number];
export type ViewParams = Partial<Record<ViewParamName, string>>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 200;

function oneOf<T extends string>(allowed: readonly T[], value: string | undefined): T | undefined {
  return allowed.find((candidate) => candidate === value);
}

function listOf<T extends string>(allowed: readonly T[], value: string | undefined): T[] {
  const wanted = new Set((value ?? '').split(','));
  // In the allowed order, each once: equal views give equal URLs.
  return allowed.filter((candidate) => wanted.has(candidate));
}

function positiveInt(value: string | undefined): number | undefined {
  if (!value || !/^\d{1,9}$/.test(value)) return undefined;
  const number = Number(value);
  return number > 0 ? number : undefined;
}

function date(value: string | undefined): string | undefined {
  if (!value || !DATE.test(value)) return undefined;
  return Number.isNaN(new Date(`${value}T00:00:00`).getTime()) ? undefined : value;
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim().slice(0, MAX_TEXT);
  return trimmed ? trimmed : undefined;
}

/** The view a URL's parameters describe; anything unknown or malformed is ignored. */
export function parseView(params: ViewParams): LibraryView {
  const category = params.category === 'none' ? 'none' : positiveInt(params.category);
  const tags = [...new Set((params.tags ?? '').split(',').flatMap((part) => positiveInt(part) ?? []))].slice(
    0,
    20,
  );
  return {
    q: text(params.q) ?? '',
    category,
    tags,
    moderation: listOf(moderationStatuses, params.status),
    processing: listOf(processingStatuses, params.processing),
    uploadedFrom: date(params.uploadedFrom),
    uploadedTo: date(params.uploadedTo),
    takenFrom: date(params.takenFrom),
    takenTo: date(params.takenTo),
    orientation: oneOf(mediaOrientations, params.orientation),
    hasGps: params.gps === 'yes' ? true : params.gps === 'no' ? false : undefined,
    cameraMake: text(params.make),
    cameraModel: text(params.cameraModel),
    format: listOf(mediaFormatNames, params.format),
    minWidth: positiveInt(params.minWidth),
    sort: oneOf(mediaSortFields, params.sort) ?? defaultView.sort,
    direction: oneOf(sortDirections, params.dir) ?? defaultView.direction,
    trash: params.trash === '1',
  };
}

const joined = (values: readonly (string | number)[]) => (values.length > 0 ? values.join(',') : undefined);

/**
 * The parameters of a view: every library parameter, `undefined` where the view has the default (the router
 * removes those from the URL), so `parseView(viewParams(view))` is `view` again.
 */
export function viewParams(view: LibraryView): Record<ViewParamName, string | undefined> {
  return {
    q: view.q.trim() || undefined,
    category: view.category === undefined ? undefined : String(view.category),
    tags: joined(view.tags),
    status: joined(listOf(moderationStatuses, view.moderation.join(','))),
    processing: joined(listOf(processingStatuses, view.processing.join(','))),
    uploadedFrom: view.uploadedFrom,
    uploadedTo: view.uploadedTo,
    takenFrom: view.takenFrom,
    takenTo: view.takenTo,
    orientation: view.orientation,
    gps: view.hasGps === undefined ? undefined : view.hasGps ? 'yes' : 'no',
    make: view.cameraMake,
    cameraModel: view.cameraModel,
    format: joined(listOf(mediaFormatNames, view.format.join(','))),
    minWidth: view.minWidth === undefined ? undefined : String(view.minWidth),
    sort: view.sort === defaultView.sort ? undefined : view.sort,
    dir: view.direction === defaultView.direction ? undefined : view.direction,
    trash: view.trash ? '1' : undefined,
  };
}

/** The query string of a view (`?q=portr&sort=filename`), empty for the default view. */
export function viewSearch(view: LibraryView): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(viewParams(view))) {
    if (value !== undefined) search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A local calendar day's first or last millisecond (the range filters include both ends' whole days). */
function dayEdge(day: string, end: boolean): Date {
  const start = new Date(`${day}T00:00:00`);
  return end ? new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1, 0, 0, 0, -1) : start;
}

/** The api's filter for a view (`media.list`, `media.facets`, and "everything matching" selections). */
export function viewFilter(view: LibraryView): MediaFilterInput {
  const filter: MediaFilterInput = { trash: view.trash };
  if (view.q.trim()) filter.q = view.q.trim();
  if (view.category !== undefined) filter.category = view.category;
  if (view.tags.length > 0) filter.tags = view.tags;
  if (view.moderation.length > 0) filter.moderation = view.moderation;
  if (view.processing.length > 0) filter.processing = view.processing;
  if (view.uploadedFrom) filter.uploadedFrom = dayEdge(view.uploadedFrom, false);
  if (view.uploadedTo) filter.uploadedTo = dayEdge(view.uploadedTo, true);
  if (view.takenFrom) filter.takenFrom = dayEdge(view.takenFrom, false);
  if (view.takenTo) filter.takenTo = dayEdge(view.takenTo, true);
  if (view.orientation) filter.orientation = view.orientation;
  if (view.hasGps !== undefined) filter.hasGps = view.hasGps;
  if (view.cameraMake) filter.cameraMake = view.cameraMake;
  if (view.cameraModel) filter.cameraModel = view.cameraModel;
  if (view.format.length > 0) filter.format = view.format;
  if (view.minWidth !== undefined) filter.minWidth = view.minWidth;
  return filter;
}

/** How many filters narrow the view (the trash, the sort and the search box not counted). */
export function activeFilterCount(view: LibraryView): number {
  return [
    view.category !== undefined,
    view.tags.length > 0,
    view.moderation.length > 0,
    view.processing.length > 0,
    view.uploadedFrom !== undefined || view.uploadedTo !== undefined,
    view.takenFrom !== undefined || view.takenTo !== undefined,
    view.orientation !== undefined,
    view.hasGps !== undefined,
    view.cameraMake !== undefined,
    view.cameraModel !== undefined,
    view.format.length > 0,
    view.minWidth !== undefined,
  ].filter(Boolean).length;
}

/** Whether two views show the same items (the sort may differ). */
export function sameFilter(a: LibraryView, b: LibraryView): boolean {
  const strip = (view: LibraryView) => ({ ...viewParams(view), sort: undefined, dir: undefined });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/** The view with the filters cleared (the sort, the search and trash kept). */
export function withoutFilters(view: LibraryView): LibraryView {
  return { ...defaultView, q: view.q, sort: view.sort, direction: view.direction, trash: view.trash };
}

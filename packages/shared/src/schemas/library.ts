/**
 * The library's contract: which media a filter means (list, facets, bulk "everything matching"), how a page is
 * sorted and continued, what an editor may change on one item, and the bulk actions. Browser-safe.
 */
import { z } from 'zod';
import { moderationStatuses, processingStatuses } from '../enums';
import { moderationDecisions } from './moderation';
import { publicationWindowShape, windowInOrder } from './publication';

const Id = z.number().int().positive();

export const mediaSortFields = ['uploadDate', 'takenAt', 'filename', 'bytes', 'width'] as const;
export type MediaSortField = (typeof mediaSortFields)[number];
export const sortDirections = ['asc', 'desc'] as const;
export type SortDirection = (typeof sortDirections)[number];

export const mediaOrientations = ['landscape', 'portrait', 'square'] as const;
export type MediaOrientation = (typeof mediaOrientations)[number];

/** Stored formats as filter values, with the MIME types each stands for. */
export const mediaFormats = {
  jpeg: ['image/jpeg'],
  png: ['image/png', 'image/apng'],
  gif: ['image/gif'],
  webp: ['image/webp'],
  avif: ['image/avif'],
  tiff: ['image/tiff'],
} as const;
export type MediaFormat = keyof typeof mediaFormats;
export const mediaFormatNames = Object.keys(mediaFormats) as [MediaFormat, ...MediaFormat[]];

/** The largest page `media.list` answers. */
export const MEDIA_PAGE_MAX = 200;
/** Up to this many items a bulk action runs in one transaction; more run as a job with progress. */
export const BULK_INLINE_MAX = 1000;

/** `'none'`: the items without a category. */
export const CategoryFilterSchema = z.union([Id, z.literal('none')]);

/**
 * Which media of a model: every filter optional and combinable (AND). Text search `q` matches words of the
 * filename, alt text, caption and tags by prefix ("portr" finds "Portrait_1.jpg").
 */
export const MediaFilterSchema = z.object({
  q: z.string().trim().max(200).optional(),
  category: CategoryFilterSchema.optional(),
  /** Items carrying every one of these tags. */
  tags: z.array(Id).max(20).optional(),
  moderation: z.array(z.enum(moderationStatuses)).max(moderationStatuses.length).optional(),
  processing: z.array(z.enum(processingStatuses)).max(processingStatuses.length).optional(),
  uploadedFrom: z.coerce.date().optional(),
  uploadedTo: z.coerce.date().optional(),
  takenFrom: z.coerce.date().optional(),
  takenTo: z.coerce.date().optional(),
  orientation: z.enum(mediaOrientations).optional(),
  hasGps: z.boolean().optional(),
  cameraMake: z.string().trim().min(1).max(100).optional(),
  cameraModel: z.string().trim().min(1).max(100).optional(),
  format: z.array(z.enum(mediaFormatNames)).max(mediaFormatNames.length).optional(),
  minWidth: z.number().int().min(1).max(100_000).optional(),
  /** The trash instead of the library. */
  trash: z.boolean().default(false),
});
export type MediaFilter = z.infer<typeof MediaFilterSchema>;
export type MediaFilterInput = z.input<typeof MediaFilterSchema>;

/**
 * One canonical JSON text for a filter (and sort): keys sorted, dates as ISO strings, absent values left out, so
 * equal queries give equal text (what cursors are bound to and cached counts are keyed by).
 */
export function canonicalQuery(value: unknown): string {
  const canonical = (part: unknown): unknown => {
    if (part instanceof Date) return part.toISOString();
    if (Array.isArray(part)) return part.map(canonical);
    if (part && typeof part === 'object') {
      return Object.fromEntries(
        Object.entries(part)
          .filter(([, entry]) => entry !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, entry]) => [key, canonical(entry)]),
      );
    }
    return part;
  };
  return JSON.stringify(canonical(value));
}

export const MediaSortSchema = z.object({
  sort: z.enum(mediaSortFields).default('uploadDate'),
  direction: z.enum(sortDirections).default('desc'),
});
export type MediaSort = z.infer<typeof MediaSortSchema>;

export const MediaListInputSchema = MediaFilterSchema.extend(MediaSortSchema.shape).extend({
  /** `nextCursor` (or `prevCursor`) of the previous answer, for the same filter and sort. */
  cursor: z.string().min(1).max(2000).optional(),
  limit: z.number().int().min(1).max(MEDIA_PAGE_MAX).default(60),
});
export type MediaListInput = z.infer<typeof MediaListInputSchema>;
export type MediaListInputValues = z.input<typeof MediaListInputSchema>;

/** A tag as items carry it. */
export interface TagView {
  id: number;
  name: string;
}

/** One editor's change to one item; `revision` is the one the change was based on (optimistic concurrency). */
export const MediaUpdateSchema = z.object({
  id: Id,
  revision: z.number().int().min(0),
  altText: z.string().trim().max(500).nullable().optional(),
  caption: z.string().trim().max(2000).nullable().optional(),
  categoryId: Id.nullable().optional(),
  /** The item's tags by name, replacing its current set; unknown names become new tags of the model. */
  tags: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
  /** Where the subject is (0–1 from the left and top); the thumbnail is cropped around it. null: automatic. */
  focalPoint: z
    .object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) })
    .nullable()
    .optional(),
});
export type MediaUpdate = z.infer<typeof MediaUpdateSchema>;

/** Which items a bulk action touches: these ids, or everything matching a filter except some ids. */
export const MediaSelectionSchema = z.union([
  z.object({ ids: z.array(Id).min(1).max(BULK_INLINE_MAX) }),
  z.object({ filter: MediaFilterSchema, except: z.array(Id).max(BULK_INLINE_MAX).default([]) }),
]);
export type MediaSelection = z.infer<typeof MediaSelectionSchema>;

export const BulkActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('move'), categoryId: Id.nullable() }),
  z.object({ type: z.literal('addTags'), tags: z.array(z.string().trim().min(1).max(64)).min(1).max(20) }),
  z.object({ type: z.literal('removeTags'), tagIds: z.array(Id).min(1).max(20) }),
  z.object({
    type: z.literal('moderate'),
    decision: z.enum(moderationDecisions),
    reason: z.string().trim().max(500).optional(),
  }),
  /** Sets the publication window of every item (either bound null). */
  z.object({ type: z.literal('window'), ...publicationWindowShape }).refine(...windowInOrder),
  z.object({ type: z.literal('trash') }),
  z.object({ type: z.literal('restore') }),
  /** Deletes rows, variants and files for good (admins only). */
  z.object({ type: z.literal('delete') }),
]);
export type BulkAction = z.infer<typeof BulkActionSchema>;
export type BulkActionType = BulkAction['type'];

export const BulkInputSchema = z.object({ selection: MediaSelectionSchema, action: BulkActionSchema });
export type BulkInput = z.infer<typeof BulkInputSchema>;

/** A bulk action's answer: done at once (`count` items), or queued as a job whose progress is published. */
export type BulkResult =
  | { status: 'done'; count: number }
  | { status: 'queued'; jobId: string; count: number };

/** What a ZIP download holds: the originals, or one preset's files. */
export const downloadKinds = ['original', 'thumb', 'sm', 'md', 'lg', 'xl'] as const;
export type DownloadKind = (typeof downloadKinds)[number];
export const DownloadInputSchema = z.object({
  selection: MediaSelectionSchema,
  kind: z.enum(downloadKinds).default('original'),
});
export type DownloadInput = z.infer<typeof DownloadInputSchema>;

/**
 * A prepared ZIP download: fetch `url` (a plain GET, e.g. a link the browser follows) before `expiresAt`; it
 * streams `count` items. Only the caller who prepared it may fetch it.
 */
export interface PreparedDownloadView {
  token: string;
  count: number;
  url: string;
  expiresAt: Date;
}

// ---- Categories (seed table model_media_categories) ----

export const CategoryColorSchema = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'A colour is #rrggbb')
  .transform((value) => value.toLowerCase());

export const CreateCategorySchema = z.object({
  name: z.string().trim().min(1).max(100),
  color: CategoryColorSchema.optional(),
});
export const UpdateCategorySchema = z.object({
  id: Id,
  name: z.string().trim().min(1).max(100).optional(),
  color: CategoryColorSchema.optional(),
});
export const ReorderCategoriesSchema = z.object({ ids: z.array(Id).min(1).max(1000) });

export interface CategoryView {
  id: number;
  name: string;
  color: string;
  sortOrder: number;
  /** Items in it, not in the trash. */
  count: number;
}

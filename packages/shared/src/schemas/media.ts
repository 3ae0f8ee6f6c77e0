import { z } from 'zod';
import { moderationStatuses, processingStatuses } from '../enums';
import type { TagView } from './library';
import { mediaOrientations } from './library';
import type { PublicationState } from './publication';

/** Optional form fields of an upload (sent before the files in the multipart body). */
export const UploadFieldsSchema = z.object({
  /** The category's id, or its name. */
  category: z.string().trim().min(1).max(100).optional(),
  altText: z.string().trim().max(500).optional(),
  caption: z.string().trim().max(2000).optional(),
});
export type UploadFields = z.infer<typeof UploadFieldsSchema>;

export const MediaSummarySchema = z.object({
  id: z.number().int(),
  originalFilename: z.string(),
  mimeType: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  processingStatus: z.enum(processingStatuses),
  processingError: z.string().nullable(),
  moderationStatus: z.enum(moderationStatuses),
  /** Why it has that moderation status (the policy rule, a person's reason, what went wrong). */
  moderationReason: z.string().nullable(),
  /** When a person decided (providers never override that). */
  moderatedAt: z.date().nullable(),
  categoryId: z.number().int().nullable(),
  altText: z.string().nullable(),
  caption: z.string().nullable(),
  uploadDate: z.date(),
  deletedAt: z.date().nullable(),
  /** ThumbHash (base64) to paint while the thumbnail loads. */
  placeholder: z.string().nullable(),
  dominantColor: z.string().nullable(),
  /** The 256² WebP thumbnail, once processed. */
  thumbUrl: z.string().nullable(),
  /** When the photo was taken (EXIF), once processed. */
  takenAt: z.date().nullable(),
  orientation: z.enum(mediaOrientations).nullable(),
  cameraMake: z.string().nullable(),
  cameraModel: z.string().nullable(),
  hasGps: z.boolean(),
  /** Where the subject is (0–1 from the left and top); null: the thumbnail crop is automatic. */
  focalPoint: z.object({ x: z.number(), y: z.number() }).nullable(),
  /** Bumped by every editorial change; send it back with an edit (a stale one is a CONFLICT). */
  revision: z.number().int(),
  /** The version shown (0: as uploaded; each saved edit makes the next one current once rendered). */
  currentVersion: z.number().int(),
  /** The version the public site shows (the last approved); null while none is approved. */
  publicVersion: z.number().int().nullable(),
  /** The publication window (null: no bound). */
  publishFrom: z.date().nullable(),
  publishUntil: z.date().nullable(),
  /** The manual order within its category on the public site (null: after the ordered ones, newest first). */
  publicOrder: z.number().int().nullable(),
});
export type MediaSummary = z.infer<typeof MediaSummarySchema>;

/** A library item: the summary with its category (the seed's `category_name`, `category_color`) and tags. */
export type LibraryItem = MediaSummary & {
  categoryName: string | null;
  categoryColor: string | null;
  tags: TagView[];
  /** Where it stands for the public site when it was read (live, scheduled, expired, not public) and why. */
  publication: PublicationState;
};

export interface MediaVariantView {
  preset: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  url: string;
}

/** Default differing bits of the 64-bit perceptual hash still counted as a near duplicate. */
export const NEAR_DUPLICATE_DISTANCE = 10;

export const SimilarMediaInputSchema = z.object({
  id: z.number().int().positive(),
  /** Differing bits of the 64-bit perceptual hash still counted as a near duplicate. */
  maxDistance: z.number().int().min(0).max(32).default(NEAR_DUPLICATE_DISTANCE),
});

/** How many near-duplicates the worker announces for a processed item (closest first). */
export const NEAR_DUPLICATES_ANNOUNCED = 5;

/**
 * An existing item that looks like a processed one: announced by the worker (`media.near-duplicates`), since the
 * api never decodes pixels at upload.
 */
export interface NearDuplicate {
  id: number;
  originalFilename: string;
  /** Differing bits of the perceptual hash. */
  distance: number;
}

export const uploadRejectionCodes = [
  'EMPTY_FILE',
  'FILE_TOO_LARGE',
  'IMAGE_TOO_LARGE',
  'TOO_MANY_FRAMES',
  'UNSUPPORTED_TYPE',
  'UNSUPPORTED_HEVC',
  'CORRUPT',
  'TRUNCATED',
  'UPLOAD_FAILED',
] as const;
export type UploadRejectionCode = (typeof uploadRejectionCodes)[number];

/** One file's outcome in the upload response `{ files: UploadOutcome[] }`. */
export type UploadOutcome =
  | {
      name: string;
      status: 'created';
      id: number;
      media: MediaSummary;
    }
  | { name: string; status: 'duplicate'; id: number; media: MediaSummary }
  | { name: string; status: 'rejected'; error: { code: UploadRejectionCode; message: string } };

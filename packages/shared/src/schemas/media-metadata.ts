import { z } from 'zod';

/**
 * The shapes of `media_metadata` (the seed's basic_info, exif_data and color_data), declared once: the worker
 * writes them, the db types its JSON columns with them, the api returns them and the SPA reads them as they are.
 */

/** `media_metadata.basic_info`: what the decoder reports about the original. */
export interface MediaBasicInfo {
  format: string;
  /** Stored size of the first frame (before the EXIF orientation). */
  width: number;
  height: number;
  /** Size as displayed, after the EXIF orientation. */
  uprightWidth?: number;
  uprightHeight?: number;
  space?: string;
  channels?: number;
  depth?: string;
  density?: number;
  hasAlpha?: boolean;
  hasProfile?: boolean;
  isProgressive?: boolean;
  orientation?: number;
  pages?: number;
  compression?: string;
  /** An animated GIF or WebP (its WebP variants keep the frames). */
  animated?: boolean;
}

/** `media_metadata.color_data`: from a 100 px copy of the upright image. */
export interface MediaColorData {
  /** `#rrggbb` */
  dominant?: string;
  /** The most frequent colours, biggest share first. */
  palette?: string[];
  isOpaque?: boolean;
}

/**
 * `media_metadata.exif_data`: the curated EXIF the worker stores for the owner (never copied into a served
 * variant). Every field is optional; a file without EXIF gives `{}`. Written by the worker, read by the api and
 * the SPA's detail panel.
 */
export const MediaExifSchema = z.object({
  camera: z.object({ make: z.string().optional(), model: z.string().optional() }).optional(),
  lens: z.string().optional(),
  /** Exposure time in seconds. */
  exposureTime: z.number().positive().optional(),
  /** The exposure time as shown, e.g. "1/200 s" or "2 s". */
  exposure: z.string().optional(),
  fNumber: z.number().positive().optional(),
  iso: z.number().positive().optional(),
  /** Millimetres. */
  focalLength: z.number().positive().optional(),
  /** The 35 mm equivalent, millimetres. */
  focalLength35mm: z.number().positive().optional(),
  /**
   * When the photo was taken, as an ISO 8601 instant. The camera's clock has no zone unless the file carries an
   * EXIF offset (OffsetTimeOriginal); without one the wall-clock time is stored as if it were UTC.
   */
  dateTaken: z.string().optional(),
  /** Decimal degrees: south latitudes and west longitudes are negative; altitude in metres (negative below sea level). */
  gps: z
    .object({
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      altitude: z.number().optional(),
    })
    .optional(),
  /** EXIF orientation 1–8. */
  orientation: z.number().int().min(1).max(8).optional(),
  software: z.string().optional(),
  artist: z.string().optional(),
  copyright: z.string().optional(),
});
export type MediaExif = z.infer<typeof MediaExifSchema>;

import { readFile } from 'node:fs/promises';
import type { MediaExif } from '@phoenix4ge/shared';
import ExifReader from 'exifreader';

type Tag = { value?: unknown; description?: unknown } | undefined;
type ExifTags = Record<string, Tag>;

const text = (tag: Tag) => {
  const value = typeof tag?.description === 'string' ? tag.description.replace(/\0+/g, ' ').trim() : '';
  return value || undefined;
};

const positive = (value: number | undefined) =>
  value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;

/** A RATIONAL is `[numerator, denominator]`; SHORT/LONG a number (or a one-element array). */
function numeric(tag: Tag): number | undefined {
  let value = tag?.value;
  if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'number'))
    return value[1] === 0 ? undefined : (value[0] as number) / (value[1] as number);
  if (Array.isArray(value)) value = value[0];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

const round = (value: number | undefined, digits: number) =>
  value === undefined ? undefined : Math.round(value * 10 ** digits) / 10 ** digits;

function exposureText(seconds: number | undefined): string | undefined {
  if (!seconds) return undefined;
  return seconds >= 1 ? `${round(seconds, 1)} s` : `1/${Math.round(1 / seconds)} s`;
}

/**
 * EXIF's `YYYY:MM:DD HH:MM:SS` (with the file's `±HH:MM` offset when it has one) as an ISO instant. Without an
 * offset the camera's wall-clock time is taken as UTC, so the result does not depend on the server's zone.
 */
function isoDate(dateTag: Tag, offsetTag: Tag): string | undefined {
  const match = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text(dateTag) ?? '');
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match;
  const offset = /^[+-]\d{2}:\d{2}$/.exec(text(offsetTag) ?? '')?.[0] ?? 'Z';
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The fields worth showing, from ExifReader's tags. */
function curateExif(tags: ExifTags, gps: { Latitude?: number; Longitude?: number; Altitude?: number }) {
  const make = text(tags.Make);
  const model = text(tags.Model);
  const exposureTime = positive(numeric(tags.ExposureTime));
  const dateTaken =
    isoDate(tags.DateTimeOriginal, tags.OffsetTimeOriginal) ??
    isoDate(tags.DateTimeDigitized, tags.OffsetTimeDigitized) ??
    isoDate(tags.DateTime, tags.OffsetTime);
  const orientation = numeric(tags.Orientation);
  const { Latitude: latitude, Longitude: longitude, Altitude: altitude } = gps;
  const curated: MediaExif = {
    camera: make || model ? { make, model } : undefined,
    lens: text(tags.LensModel),
    exposureTime,
    exposure: exposureText(exposureTime),
    fNumber: round(positive(numeric(tags.FNumber)), 2),
    iso: positive(numeric(tags.ISOSpeedRatings)),
    focalLength: round(positive(numeric(tags.FocalLength)), 2),
    focalLength35mm: positive(numeric(tags.FocalLengthIn35mmFilm)),
    dateTaken,
    gps:
      latitude !== undefined &&
      longitude !== undefined &&
      Number.isFinite(latitude) &&
      Number.isFinite(longitude) &&
      Math.abs(latitude) <= 90 &&
      Math.abs(longitude) <= 180
        ? {
            latitude,
            longitude,
            altitude: altitude !== undefined && Number.isFinite(altitude) ? altitude : undefined,
          }
        : undefined,
    orientation:
      orientation !== undefined && Number.isInteger(orientation) && orientation >= 1 && orientation <= 8
        ? orientation
        : undefined,
    software: text(tags.Software),
    artist: text(tags.Artist),
    copyright: text(tags.Copyright),
  };
  // Drops the undefined fields: the stored JSON holds only what the file had.
  return JSON.parse(JSON.stringify(curated)) as MediaExif;
}

/**
 * The EXIF worth showing (camera, lens, exposure, date taken, GPS as decimal degrees), parsed by ExifReader from
 * a buffer read here (JPEG, TIFF, PNG, WebP, AVIF/HEIC, GIF): no library opens the file, so no file handle can be
 * left open on any path. Kept for the owner in media_metadata; never copied into a served variant. A file
 * without EXIF, or one ExifReader cannot parse, gives `{}`.
 */
export async function readExif(filePath: string): Promise<MediaExif> {
  const data = await readFile(filePath).catch(() => undefined);
  if (!data) return {};
  return parseExif(data);
}

/**
 * Formats whose EXIF libvips reads with the header when there is any (JPEG APP1, PNG eXIf, the WebP EXIF chunk,
 * HEIF/AVIF's Exif item; GIF has none): for these, no block means no EXIF, and the file is not read again.
 */
const BLOCK_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif', 'avif', 'gif']);

/**
 * The EXIF of an image sharp has probed: parsed from the block libvips read with the header (`Exif\0\0` and a TIFF
 * structure, as in a JPEG's APP1), so a 12 MP photo is not read a second time for a few KB of tags; from the file
 * only for a format whose tags libvips does not hand over (a TIFF's tags are the file's own IFDs). Both give the
 * same fields on every test image.
 */
export async function exifOf(
  filePath: string,
  probe: { format: string; exif: Buffer | undefined },
): Promise<MediaExif> {
  const block = probe.exif;
  if (!block) return BLOCK_FORMATS.has(probe.format) ? {} : readExif(filePath);
  return parseExif(block.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? block.subarray(6) : block);
}

/** {@link readExif} on bytes in memory. */
export function parseExif(data: Buffer): MediaExif {
  try {
    const tags = ExifReader.load(data, { expanded: true, includeTags: { exif: true, gps: true } });
    return curateExif((tags.exif ?? {}) as ExifTags, tags.gps ?? {});
  } catch {
    return {};
  }
}

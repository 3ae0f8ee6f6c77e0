import exifr from 'exifr';

export interface CuratedExif {
  camera?: { make?: string; model?: string };
  lens?: string;
  exposureTime?: number;
  /** e.g. "1/200 s" */
  exposure?: string;
  fNumber?: number;
  iso?: number;
  focalLength?: number;
  focalLength35mm?: number;
  dateTaken?: string;
  gps?: { latitude: number; longitude: number; altitude?: number };
  orientation?: number;
  software?: string;
  artist?: string;
  copyright?: string;
  [key: string]: unknown;
}

const text = (value: unknown) =>
  typeof value === 'string' && value.trim() ? value.trim().replace(/\0+$/, '') : undefined;
const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function exposureText(seconds: number | undefined): string | undefined {
  if (!seconds) return undefined;
  return seconds >= 1 ? `${seconds} s` : `1/${Math.round(1 / seconds)} s`;
}

/**
 * The EXIF worth showing (camera, lens, exposure, date taken, GPS as decimal degrees), read with exifr. Kept for
 * the owner in media_metadata; never copied into a served variant. A file without EXIF gives `{}`.
 */
export async function readExif(filePath: string): Promise<CuratedExif> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await exifr.parse(filePath, {
      tiff: true,
      exif: true,
      gps: true,
      ifd1: false,
      interop: false,
      makerNote: false,
      userComment: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      ihdr: false,
      translateValues: false,
      reviveValues: true,
      mergeOutput: true,
    });
  } catch {
    return {};
  }
  if (!tags) return {};
  const taken = tags.DateTimeOriginal ?? tags.CreateDate ?? tags.DateTime;
  const latitude = number(tags.latitude);
  const longitude = number(tags.longitude);
  const exposureTime = number(tags.ExposureTime);
  const curated: CuratedExif = {
    camera:
      text(tags.Make) || text(tags.Model) ? { make: text(tags.Make), model: text(tags.Model) } : undefined,
    lens: text(tags.LensModel) ?? text(tags.Lens),
    exposureTime,
    exposure: exposureText(exposureTime),
    fNumber: number(tags.FNumber),
    iso: number(tags.ISO) ?? number(tags.ISOSpeedRatings),
    focalLength: number(tags.FocalLength),
    focalLength35mm: number(tags.FocalLengthIn35mmFormat),
    dateTaken: taken instanceof Date && !Number.isNaN(taken.getTime()) ? taken.toISOString() : text(taken),
    gps:
      latitude !== undefined && longitude !== undefined
        ? { latitude, longitude, altitude: number(tags.GPSAltitude) }
        : undefined,
    orientation: number(tags.Orientation),
    software: text(tags.Software),
    artist: text(tags.Artist),
    copyright: text(tags.Copyright),
  };
  return JSON.parse(JSON.stringify(curated)) as CuratedExif;
}

/**
 * Storage keys (DESIGN §7), built and parsed here only. Keys are content-addressed and never derived from user
 * input: `originals/<model>/<aa>/<sha256>.<ext>` and `variants/<model>/<media>/<version>/<preset>.<ext>`.
 * Browser-safe.
 */
import type { VariantFormat } from './schemas/models';
import { variantFormats } from './schemas/models';
import type { VariantPresetName } from './variants';
import { variantPresetNames } from './variants';

/** `originals/<model>/…`: the prefix the orphan sweep walks. */
export const ORIGINALS_PREFIX = 'originals/';

/** Stored extension → content type, for originals (what an upload may be) and variants. */
export const contentTypeOfExtension = {
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  tif: 'image/tiff',
} as const;

export type StoredExtension = keyof typeof contentTypeOfExtension;

/** A variant format's file extension (`jpeg` is stored as `.jpg`). */
export function variantExtension(format: VariantFormat): StoredExtension {
  return format === 'jpeg' ? 'jpg' : format;
}

export function originalKey(modelId: number, sha256: string, extension: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('originalKey needs a hex sha256');
  if (!(extension in contentTypeOfExtension))
    throw new Error(`originalKey: unknown extension "${extension}"`);
  return `originals/${modelId}/${sha256.slice(0, 2)}/${sha256}.${extension}`;
}

/**
 * A variant's key. `crop` names a re-rendering of the same version (a thumbnail cropped around a new focal
 * point): a new key, so a cached file is never replaced under a URL that promised it would not change.
 */
export function variantKey(
  modelId: number,
  mediaId: number,
  version: number,
  preset: VariantPresetName,
  format: VariantFormat,
  crop?: string,
): string {
  if (crop !== undefined && !/^[a-z0-9]{1,16}$/.test(crop))
    throw new Error('variantKey: a crop tag is [a-z0-9]{1,16}');
  const name = crop === undefined ? preset : `${preset}-${crop}`;
  return `variants/${modelId}/${mediaId}/${version}/${name}.${variantExtension(format)}`;
}

export type ParsedStorageKey =
  | { kind: 'original'; modelId: number; sha256: string; extension: StoredExtension; contentType: string }
  | {
      kind: 'variant';
      modelId: number;
      mediaId: number;
      version: number;
      preset: VariantPresetName;
      format: VariantFormat;
      crop: string | undefined;
      contentType: string;
    };

const originalPattern = /^originals\/(\d{1,15})\/([0-9a-f]{2})\/([0-9a-f]{64})\.([a-z]+)$/;
const variantPattern =
  /^variants\/(\d{1,15})\/(\d{1,15})\/(\d{1,9})\/([a-z]+)(?:-([a-z0-9]{1,16}))?\.([a-z]+)$/;
const formatOfExtension = (extension: string): VariantFormat | undefined =>
  variantFormats.find((format) => variantExtension(format) === extension);

/** The inverse of `originalKey`/`variantKey`; anything else (a made-up path, `..`, another layout) is undefined. */
export function parseStorageKey(key: string): ParsedStorageKey | undefined {
  const original = originalPattern.exec(key);
  if (original) {
    const [, model, shard, sha256 = '', extension = ''] = original;
    if (!sha256.startsWith(shard ?? '') || !(extension in contentTypeOfExtension)) return undefined;
    const stored = extension as StoredExtension;
    return {
      kind: 'original',
      modelId: Number(model),
      sha256,
      extension: stored,
      contentType: contentTypeOfExtension[stored],
    };
  }
  const variant = variantPattern.exec(key);
  if (!variant) return undefined;
  const [, model, media, version, preset = '', crop, extension = ''] = variant;
  const format = formatOfExtension(extension);
  if (!format || !variantPresetNames.includes(preset as VariantPresetName)) return undefined;
  return {
    kind: 'variant',
    modelId: Number(model),
    mediaId: Number(media),
    version: Number(version),
    preset: preset as VariantPresetName,
    format,
    crop,
    contentType: contentTypeOfExtension[variantExtension(format)],
  };
}

/** `exports/<model>/…`: a model's GDPR export archives (deleted when their link expires, or with the model). */
export function exportKey(modelId: number, exportId: number): string {
  return `exports/${modelId}/${exportId}.zip`;
}

/** Every prefix under which a model's stored objects live (what erasing the model empties). */
export function modelStoragePrefixes(modelId: number): string[] {
  return [`originals/${modelId}/`, `variants/${modelId}/`, `exports/${modelId}/`];
}

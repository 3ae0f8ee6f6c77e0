/**
 * The editor's preview: the operation list through the same planner and pipelines as a saved version, on an
 * upright copy of the original at most 1200 px on its longer side. The copy is kept per item for a short while
 * (LRU, sliding expiry) so dragging a slider renders from memory instead of decoding the original again.
 */
import sharp from 'sharp';
import type { EditOperation } from '../../schemas/edits';
import type { DecodedImage } from './decoded-image';
import { toDecodedImage } from './decoded-image';
import { editPipeline, planFor } from './edit-operations';

/** The longer side of the cached copy every preview is rendered from. */
export const PREVIEW_SOURCE_SIZE = 1200;
export const PREVIEW_JPEG_QUALITY = 82;

export interface PreviewRendererOptions {
  maxPixels: number;
  /** Copies kept (each ≤ 1200×1200×4 bytes). */
  entries?: number;
  /** A copy unused this long is dropped. */
  ttlMs?: number;
}

export interface PreviewInput {
  /** Identifies the original (e.g. media id and original key): the cache key. */
  key: string;
  /** Where the original is, asked for only when the copy is not cached. */
  filePath: () => Promise<string>;
  uprightWidth: number;
  uprightHeight: number;
  operations: readonly EditOperation[];
  /** The preview's longer side at most (never above the copy's own resolution). */
  maxSize: number;
}

export interface PreviewImage {
  data: Buffer;
  width: number;
  height: number;
  mimeType: 'image/jpeg';
}

export interface PreviewRenderer {
  render(input: PreviewInput): Promise<PreviewImage>;
  clear(): void;
}

export async function decodePreviewSource(filePath: string, maxPixels: number): Promise<DecodedImage> {
  const output = await sharp(filePath, { limitInputPixels: maxPixels, failOn: 'error' })
    .autoOrient()
    .resize(PREVIEW_SOURCE_SIZE, PREVIEW_SOURCE_SIZE, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return toDecodedImage(output);
}

export function createPreviewRenderer({
  maxPixels,
  entries = 8,
  ttlMs = 60_000,
}: PreviewRendererOptions): PreviewRenderer {
  // Map order is the LRU order (a hit is moved to the end); the promise is cached so concurrent renders of one
  // item share a single decode.
  const cache = new Map<string, { image: Promise<DecodedImage>; expires: number }>();

  function source(input: PreviewInput): Promise<DecodedImage> {
    const now = Date.now();
    for (const [key, entry] of cache) if (entry.expires <= now) cache.delete(key);
    const hit = cache.get(input.key);
    cache.delete(input.key);
    const image = hit?.image ?? (async () => decodePreviewSource(await input.filePath(), maxPixels))();
    cache.set(input.key, { image, expires: now + ttlMs });
    if (!hit) {
      image.catch(() => {
        if (cache.get(input.key)?.image === image) cache.delete(input.key);
      });
      for (const key of cache.keys()) {
        if (cache.size <= entries) break;
        cache.delete(key);
      }
    }
    return image;
  }

  return {
    async render(input) {
      const image = await source(input);
      const plan = planFor(image, input.operations, {
        scale: image.width / input.uprightWidth,
        upright: { width: input.uprightWidth, height: input.uprightHeight },
        maxSize: input.maxSize,
      });
      const pipeline = await editPipeline({ image }, plan);
      const { data, info } = await pipeline
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: PREVIEW_JPEG_QUALITY })
        .toBuffer({ resolveWithObject: true });
      return { data, width: info.width, height: info.height, mimeType: 'image/jpeg' };
    },
    clear() {
      cache.clear();
    },
  };
}

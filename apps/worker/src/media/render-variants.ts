import type { Media, VariantFile } from '@phoenix4ge/db';
import type { VariantFormat, VariantPreset } from '@phoenix4ge/shared';
import { qualityPresets, variantKey, variantMimeTypes, variantPresets } from '@phoenix4ge/shared';
import type { PutObject, StorageDriver } from '@phoenix4ge/shared/node';
import type { DecodedImage, WatermarkGravity } from './sharp';
import { encodeAnimatedWebp, encodeVariant, variantPixels } from './sharp';

export interface RenderJob {
  item: Media;
  version: number;
  /** The upright decode every still variant is derived from. */
  decoded: DecodedImage;
  /** The original on local disk (animated WebP variants re-read its frames). */
  originalPath: string;
  animated: boolean;
  formats: VariantFormat[];
  maxPixels: number;
  /** MEDIA_QUALITY: overrides both quality presets. */
  quality: number | undefined;
  /** The watermark for a variant width, for presets that carry one. */
  overlayAt: ((width: number) => Promise<{ image: Buffer; gravity: WatermarkGravity }>) | undefined;
  /** Called after each preset (all its formats) with the share done (0..1). */
  onProgress(share: number): Promise<void>;
  /** Only these presets (default: all). */
  presets?: readonly VariantPreset[];
  /** The focal point cropped thumbnails keep in the middle (default: what draws attention). */
  focus?: { x: number; y: number };
  /** Names a re-rendering in the keys (see `variantKey`). */
  crop?: string;
}

/**
 * Encodes every preset in every format (no metadata in any file) and stores each under its versioned key, all in
 * one `putAll` at the end (one folder sync for the version's files); every file is durable before the caller
 * records any row pointing at them.
 */
export async function renderVariants(storage: StorageDriver, job: RenderJob): Promise<VariantFile[]> {
  const { item, decoded } = job;
  const variants: VariantFile[] = [];
  const files: PutObject[] = [];
  const presets = job.presets ?? variantPresets;
  const total = presets.length * job.formats.length;
  for (const preset of presets) {
    const quality = job.quality ?? qualityPresets[preset.quality];
    // Resized once per preset; each still format is encoded from the same pixels.
    let pixels: DecodedImage | undefined;
    const pixelsOfPreset = async () => {
      pixels ??= await variantPixels(decoded, {
        width: preset.width,
        height: preset.height,
        focus: job.focus,
        overlay:
          job.overlayAt && preset.watermark
            ? await job.overlayAt(Math.min(preset.width, decoded.width))
            : undefined,
      });
      return pixels;
    };
    for (const format of job.formats) {
      const encoded =
        job.animated && format === 'webp'
          ? await encodeAnimatedWebp(job.originalPath, job.maxPixels, {
              width: preset.width,
              height: preset.height,
              quality,
            })
          : await encodeVariant(await pixelsOfPreset(), format, quality);
      const storageKey = variantKey(item.modelId, item.id, job.version, preset.name, format, job.crop);
      files.push({ key: storageKey, body: encoded.data, contentType: variantMimeTypes[format] });
      variants.push({
        preset: preset.name,
        format,
        width: encoded.width,
        height: encoded.height,
        bytes: encoded.data.length,
        storageKey,
      });
    }
    // Once per preset, not per file: each report is a Redis write and an event to every api.
    await job.onProgress(variants.length / total);
  }
  await storage.putAll(files);
  return variants;
}

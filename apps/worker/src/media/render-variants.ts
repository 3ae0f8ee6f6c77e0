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
 * Where a preset's pixels are resized from: the smallest plain (uncropped, unwatermarked) pixels made so far that
 * cover it, else the decode. Presets are made largest first, so md comes from lg, sm from md and the thumbnail from
 * sm: a resize costs about as much as its input's pixels. Measured on a 12 MP photo's 1920 px decode: md 8.3 → 6.6 ms
 * of CPU, sm 5.7 → 1.8, the thumbnail 14.1 → 8.1 (BENCHMARKS.md, pipeline, twelfth session).
 */
function sourceFor(sources: readonly DecodedImage[], preset: VariantPreset): DecodedImage {
  const [decoded, ...made] = sources as [DecodedImage, ...DecodedImage[]];
  const width = Math.min(preset.width, decoded.width);
  const height = preset.height ?? 0;
  let best = decoded;
  for (const candidate of made)
    if (candidate.width >= width && candidate.height >= height && candidate.width < best.width)
      best = candidate;
  return best;
}

/**
 * Encodes every preset in every format (no metadata in any file) and stores each under its versioned key, all in
 * one `putAll` at the end (one folder sync for the version's files); every file is durable before the caller
 * records any row pointing at them. The variants come back in preset order.
 */
export async function renderVariants(storage: StorageDriver, job: RenderJob): Promise<VariantFile[]> {
  const { item, decoded } = job;
  const presets = job.presets ?? variantPresets;
  const byPreset = new Map<VariantPreset, VariantFile[]>();
  const files: PutObject[] = [];
  const sources: DecodedImage[] = [decoded];
  const total = presets.length * job.formats.length;
  let done = 0;
  for (const preset of [...presets].sort((a, b) => b.width - a.width)) {
    const quality = job.quality ?? qualityPresets[preset.quality];
    const watermarked = job.overlayAt !== undefined && preset.watermark;
    // Resized once per preset; each still format is encoded from the same pixels.
    let pixels: DecodedImage | undefined;
    const pixelsOfPreset = async () => {
      if (pixels) return pixels;
      const source = sourceFor(sources, preset);
      pixels = await variantPixels(source, {
        width: preset.width,
        height: preset.height,
        focus: job.focus,
        overlay: watermarked ? await job.overlayAt?.(Math.min(preset.width, source.width)) : undefined,
      });
      if (!preset.height && !watermarked) sources.push(pixels);
      return pixels;
    };
    const variants: VariantFile[] = [];
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
    byPreset.set(preset, variants);
    done += variants.length;
    // Once per preset, not per file: each report is a Redis write and an event to every api.
    await job.onProgress(done / total);
  }
  await storage.putAll(files);
  return presets.flatMap((preset) => byPreset.get(preset) ?? []);
}

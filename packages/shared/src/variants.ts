/**
 * The responsive variant presets (seed: "Implement progressive loading" 400/800/1200/1920, thumbnails 256) and
 * quality presets (seed: thumbnail 80, web 85; MEDIA_QUALITY overrides both). Browser-safe.
 */

export interface VariantPreset {
  name: 'thumb' | 'sm' | 'md' | 'lg' | 'xl';
  width: number;
  /** Only `thumb` has a height: a square cover crop. The others fit inside `width` and are never enlarged. */
  height?: number;
  quality: 'thumbnail' | 'web';
  /** Watermarked when the model's (or the deployment's) watermark is on. */
  watermark: boolean;
}

export const variantPresets: readonly VariantPreset[] = [
  { name: 'thumb', width: 256, height: 256, quality: 'thumbnail', watermark: false },
  { name: 'sm', width: 400, quality: 'web', watermark: false },
  { name: 'md', width: 800, quality: 'web', watermark: false },
  { name: 'lg', width: 1200, quality: 'web', watermark: true },
  { name: 'xl', width: 1920, quality: 'web', watermark: true },
];

export type VariantPresetName = VariantPreset['name'];

/** The preset names, smallest first: the order every list of variants is shown in. */
export const variantPresetNames: readonly VariantPresetName[] = variantPresets.map((preset) => preset.name);

/** Sorts variants by preset (smallest first), then by format. */
export function byPresetOrder(a: { preset: string; format: string }, b: { preset: string; format: string }) {
  const rank = (preset: string) => variantPresetNames.indexOf(preset as VariantPresetName);
  return rank(a.preset) - rank(b.preset) || a.format.localeCompare(b.format);
}

/**
 * The file of `preset` to show among one media's variants: WebP when it exists (smallest, and every browser the
 * admin supports shows it), else whatever format was made. Undefined when the preset has no file.
 */
export function preferredVariant<V extends { preset: string; format: string }>(
  variants: readonly V[],
  preset: VariantPresetName,
): V | undefined {
  return (
    variants.find((variant) => variant.preset === preset && variant.format === 'webp') ??
    variants.find((variant) => variant.preset === preset)
  );
}

export const qualityPresets = { thumbnail: 80, web: 85 } as const;

/** The widest variant: the size an original is decoded to once, before every variant is derived from it. */
export const LARGEST_VARIANT_WIDTH = Math.max(...variantPresets.map((preset) => preset.width));

export const variantMimeTypes = { webp: 'image/webp', jpeg: 'image/jpeg', avif: 'image/avif' } as const;

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

export const qualityPresets = { thumbnail: 80, web: 85 } as const;

/** The widest variant: the size an original is decoded to once, before every variant is derived from it. */
export const LARGEST_VARIANT_WIDTH = Math.max(...variantPresets.map((preset) => preset.width));

export const variantMimeTypes = { webp: 'image/webp', jpeg: 'image/jpeg', avif: 'image/avif' } as const;

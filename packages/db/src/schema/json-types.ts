/**
 * Shapes of the JSON columns. They type reads and writes only: the database checks that a value is JSON, not
 * its shape, so a later change of shape needs no migration (old rows must still be readable).
 */
import type { ModerationProviderName } from '@phoenix4ge/shared';

export type JsonObject = Record<string, unknown>;

export type VariantFormat = 'webp' | 'jpeg' | 'avif';
export type WatermarkPosition = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right' | 'center';

/** `models.settings`: per-model overrides of the deployment's defaults. */
export interface ModelSettings {
  watermark: {
    enabled: boolean;
    /** Text drawn on served variants; null uses the model's display name. */
    text: string | null;
    position: WatermarkPosition;
    /** 0..1 */
    opacity: number;
  };
  moderation: {
    /** null: the provider configured for the deployment. */
    provider: ModerationProviderName | null;
    /** An unsafe score at or above this flags the image for a person (0..1). */
    flagThreshold: number;
    /** An unsafe score at or above this rejects the image (0..1). */
    rejectThreshold: number;
  };
  variants: {
    /** Formats produced for every preset, in order of preference. */
    formats: VariantFormat[];
  };
}

export const defaultModelSettings: ModelSettings = {
  watermark: { enabled: false, text: null, position: 'bottom-right', opacity: 0.5 },
  moderation: { provider: null, flagThreshold: 0.6, rejectThreshold: 0.9 },
  variants: { formats: ['webp', 'jpeg'] },
};

/** `media_metadata.basic_info`: what the decoder reports about the original. */
export interface MediaBasicInfo {
  format: string;
  width: number;
  height: number;
  space?: string;
  channels?: number;
  depth?: string;
  density?: number;
  hasAlpha?: boolean;
  orientation?: number;
  isProgressive?: boolean;
  pages?: number;
  [key: string]: unknown;
}

/** `media_metadata.exif_data`: EXIF tags by name (kept for the owner; never copied into served variants). */
export type MediaExifData = JsonObject;

/** `media_metadata.color_data`. */
export interface MediaColorData {
  /** `#rrggbb` */
  dominant?: string;
  palette?: string[];
  isOpaque?: boolean;
  [key: string]: unknown;
}

/** One step of a non-destructive edit (crop, rotate, flip, resize, blur, ...), applied to the original in order. */
export interface EditOperation {
  type: string;
  [param: string]: unknown;
}

/** Classifier or provider scores by class name, each 0..1. */
export type ModerationScores = Record<string, number>;

/**
 * Shapes of the JSON columns. They type reads and writes only: the database checks that a value is JSON, not
 * its shape, so a later change of shape needs no migration (old rows must still be readable).
 */

export type JsonObject = Record<string, unknown>;

/** `models.settings`: validated and completed with defaults by `ModelSettingsSchema` in @phoenix4ge/shared. */
export type { ModelSettings, VariantFormat } from '@phoenix4ge/shared';
export { defaultModelSettings } from '@phoenix4ge/shared';

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

/** `media_metadata.exif_data`: the curated EXIF (kept for the owner; never copied into served variants). */
export type { MediaExif as MediaExifData } from '@phoenix4ge/shared';

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

/**
 * Shapes of the JSON columns. They type reads and writes only: the database checks that a value is JSON, not
 * its shape, so a later change of shape needs no migration (old rows must still be readable).
 */

export type JsonObject = Record<string, unknown>;

/** `models.settings`: validated and completed with defaults by `ModelSettingsSchema` in @phoenix4ge/shared. */
/** `media_metadata`'s three JSON columns: declared in @phoenix4ge/shared (schemas/media-metadata.ts). */
/** `media_edits.operations`: declared in @phoenix4ge/shared (schemas/edits.ts). */
export type {
  EditOperation,
  MediaBasicInfo,
  MediaColorData,
  MediaExif as MediaExifData,
  ModelSettings,
  VariantFormat,
} from '@phoenix4ge/shared';
export { defaultModelSettings } from '@phoenix4ge/shared';

/** Classifier or provider scores by class name, each 0..1. */
export type ModerationScores = Record<string, number>;

import { focusTag, LARGEST_VARIANT_WIDTH, ModelSettingsSchema, variantPresets } from '@phoenix4ge/shared';
import { ImageFaultError } from '../media/image-fault-error';
import { localOriginal } from '../media/original-file';
import { renderVariants } from '../media/render-variants';
import { decodeUpright } from '../media/sharp';
import { focusOf } from './media-process.handler';
import type { JobHandler } from './types';

const croppedPresets = variantPresets.filter((preset) => preset.height !== undefined);

/**
 * media.refocus: the editor moved the focal point, so the cropped presets (the thumbnail) of the current version
 * are rendered again around it, under keys naming the point (a cached thumbnail URL never changes its picture),
 * and the old files are removed.
 */
export const mediaRefocus: JobHandler<'media.refocus'> = async (data, context) => {
  const { media, models, variants, edits } = context.repositories;
  const skipped = { mediaId: data.mediaId, status: 'skipped' as const };
  const item = await media.byId(data.mediaId);
  if (!item || item.deletedAt || item.processingStatus !== 'ready') return skipped;
  const current = item.focalX !== null && item.focalY !== null ? { x: item.focalX, y: item.focalY } : null;
  // The editor moved it again meanwhile: that change's own job renders it.
  if (item.currentVersion !== data.version || focusTag(current) !== focusTag(data.focus)) return skipped;
  const model = await models.byId(item.modelId);
  if (!model) return skipped;

  // An edited version's thumbnail is cut from the edited picture.
  const operations = (await edits.byVersion(item.id, item.currentVersion))?.operations ?? [];
  const original = await localOriginal(context.storage, item.storageKey);
  try {
    const { maxPixels, quality } = context.config.media;
    const decoded = await decodeUpright(original.path, maxPixels, LARGEST_VARIANT_WIDTH, operations).catch(
      (error: unknown) => {
        throw new ImageFaultError(error);
      },
    );
    const before = await variants.keysOf(item.id, item.currentVersion);
    const rendered = await renderVariants(context.storage, {
      item,
      version: item.currentVersion,
      decoded,
      originalPath: original.path,
      animated: false,
      formats: ModelSettingsSchema.parse(model.settings).variants.formats,
      maxPixels,
      quality,
      overlayAt: undefined,
      presets: croppedPresets,
      onProgress: (share) => context.progress(Math.round(100 * share)),
      ...focusOf(item),
    });
    const kept = (await variants.ofCurrentVersion([item])).filter(
      (variant) => !croppedPresets.some((preset) => preset.name === variant.preset),
    );
    await variants.replace(item.id, item.currentVersion, [...kept, ...rendered]);
    for (const key of before.filter((key) => !rendered.some((variant) => variant.storageKey === key))) {
      if (!kept.some((variant) => variant.storageKey === key)) await context.storage.delete(key);
    }
  } finally {
    await original.release();
  }
  context.events.mediaChanged(item.modelId, item.id, 'updated');
  return { mediaId: item.id, status: 'refocused' };
};

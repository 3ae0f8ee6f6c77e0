import { LARGEST_VARIANT_WIDTH, watermarkOverride } from '@phoenix4ge/shared';
import { UnrecoverableError } from 'bullmq';
import { ImageFaultError } from '../media/image-fault-error';
import { decodeUpright, probeImage } from '../media/sharp';
import { isAnimated, localFiles, message, variantsStep } from './media-process.handler';
import type { JobHandler } from './types';

/**
 * media.render: after a restore that left the variants out, renders each named version's files again from the
 * original, through the same step as processing and editing (same keys, same rows). Nothing else changes: no
 * status, version, moderation or event beyond "updated". Idempotent: a rerun overwrites the same keys and rows.
 */
export const mediaRender: JobHandler<'media.render'> = async (data, context) => {
  const { media, models, edits } = context.repositories;
  const item = await media.byId(data.mediaId);
  const model = item ? await models.byId(item.modelId) : undefined;
  if (!item || !model) return { mediaId: data.mediaId, status: 'skipped', versions: [] };

  const files = localFiles(context);
  const { maxPixels } = context.config.media;
  const rendered: number[] = [];
  try {
    const originalPath = await files.path(item);
    const probe = await probeImage(originalPath, maxPixels).catch((error: unknown) => {
      throw new ImageFaultError(error);
    });
    for (const [index, version] of data.versions.entries()) {
      const operations = version === 0 ? [] : ((await edits.byVersion(item.id, version))?.operations ?? []);
      const decoded = await decodeUpright(originalPath, maxPixels, LARGEST_VARIANT_WIDTH, operations).catch(
        (error: unknown) => {
          throw new UnrecoverableError(`Version ${version} cannot be rendered: ${message(error)}`);
        },
      );
      await variantsStep(context, item, version, model, {
        decoded,
        originalPath,
        // As processing and editing do: the upload keeps its animation, an edit renders a still image.
        animated: version === 0 && isAnimated(probe),
        files,
        watermark: version === 0 ? undefined : watermarkOverride(operations),
        onProgress: (share) => context.progress(Math.round((100 * (index + share)) / data.versions.length)),
      });
      rendered.push(version);
    }
  } finally {
    await files.releaseAll();
  }
  context.events.mediaChanged(item.modelId, item.id, 'updated');
  return { mediaId: item.id, status: 'rendered', versions: rendered };
};

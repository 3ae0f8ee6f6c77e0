import type { Media } from '@phoenix4ge/db';
import type { EditProgressState } from '@phoenix4ge/shared';
import { editGeometry, jobs, LARGEST_VARIANT_WIDTH, watermarkOverride } from '@phoenix4ge/shared';
import { UnrecoverableError } from 'bullmq';
import { appearanceOf } from '../media/appearance';
import { ImageFaultError, recordedFailure } from '../media/image-fault-error';
import { decodeUpright, probeImage } from '../media/sharp';
import { localFiles, message, variantsStep } from './media-process.handler';
import type { HandlerContext, JobHandler } from './types';

function reporter(context: HandlerContext, item: Media, version: number) {
  return (percent: number, state: EditProgressState = 'rendering') => {
    context.events.publish('edit.progress', {
      modelId: item.modelId,
      mediaId: item.id,
      version,
      percent,
      state,
    });
    return context.progress(percent);
  };
}

/** Deletes one version's variant rows and stored files. */
async function dropVersionFiles(context: HandlerContext, mediaId: number, version: number) {
  const { variants } = context.repositories;
  const keys = await variants.keysOf(mediaId, version);
  await variants.replace(mediaId, version, []);
  for (const key of keys) await context.storage.delete(key);
}

/** Removes the files of versions past the kept ones (never the current or the public one). */
async function purgeOldVersions(context: HandlerContext, mediaId: number) {
  const { media, edits } = context.repositories;
  const item = await media.byId(mediaId);
  if (!item) return;
  const versions = await edits.purgeable(item);
  for (const version of versions) await dropVersionFiles(context, item.id, version);
  await edits.markPurged(item.id, versions);
}

/**
 * media.edit: renders a saved version from the original in one decode, through the same steps as the first
 * processing (appearance, variants), then makes it current in one transaction with its moderation job. Until then
 * the previous version keeps being served. Idempotent (keyed by media and version): a rerun after a crash
 * replaces this version's files and rows; the current version is never touched before the switch.
 */
export const mediaEdit: JobHandler<'media.edit'> = async (data, context) => {
  const { media, models, edits, operations, outbox } = context.repositories;
  const skipped = { mediaId: data.mediaId, version: data.version, status: 'skipped' as const };
  const item = await media.byId(data.mediaId);
  const edit = await edits.byVersion(data.mediaId, data.version);
  if (!item || !edit || item.deletedAt || edit.status !== 'rendering') return skipped;
  // A version a newer one overtook is still rendered (the newest 10 keep their files, for the history and a
  // revert), only not switched to.

  const started = performance.now();
  const elapsedMs = () => Math.round(performance.now() - started);
  const report = reporter(context, item, data.version);
  await operations.begin(data.operationId, String(context.job.id));
  await report(5);
  const files = localFiles(context);
  const { maxPixels } = context.config.media;
  try {
    const originalPath = await files.path(item);
    const probe = await probeImage(originalPath, maxPixels).catch((error: unknown) => {
      throw new ImageFaultError(error);
    });
    const decoded = await decodeUpright(
      originalPath,
      maxPixels,
      LARGEST_VARIANT_WIDTH,
      edit.operations,
    ).catch((error: unknown) => {
      throw new UnrecoverableError(`The edit cannot be rendered: ${message(error)}`);
    });
    await report(30);
    const { placeholder, colours, phash } = await appearanceOf(decoded);
    const model = await models.byId(item.modelId);
    if (!model) throw new Error(`model ${item.modelId} of media ${item.id} is missing`);
    // Edits of an animation render still images: the operations apply to its first frame.
    await variantsStep(context, item, data.version, model, {
      decoded,
      originalPath,
      animated: false,
      files,
      watermark: watermarkOverride(edit.operations),
      onProgress: (share) => report(30 + Math.round(60 * share)),
    });

    const { size } = editGeometry(edit.operations, {
      width: probe.uprightWidth,
      height: probe.uprightHeight,
    });
    const switched = await outbox.commit(
      async (tx) => {
        const moved = await media.switchVersion(
          item.id,
          data.version,
          {
            width: size.width,
            height: size.height,
            placeholder,
            dominantColor: colours.dominant,
            orientation:
              size.width > size.height ? 'landscape' : size.width < size.height ? 'portrait' : 'square',
            phash,
          },
          tx,
        );
        await edits.markReady(item.id, data.version, tx);
        return moved;
      },
      (moved) => (moved ? [jobs.moderationCheck(item.id, data.version, 1)] : []),
    );
    await operations.finish(data.operationId, { status: 'succeeded', processingMs: elapsedMs() });
    await purgeOldVersions(context, item.id);
    await report(100, 'ready');
    context.events.mediaChanged(item.modelId, item.id, 'updated');
    return {
      mediaId: item.id,
      version: data.version,
      status: switched ? ('ready' as const) : ('skipped' as const),
      width: size.width,
      height: size.height,
    };
  } catch (error) {
    const reason = message(error);
    await operations.finish(data.operationId, {
      status: 'failed',
      processingMs: elapsedMs(),
      error: recordedFailure(error),
    });
    if (error instanceof UnrecoverableError || context.lastAttempt) {
      await edits.markFailed(item.id, data.version, reason);
      await dropVersionFiles(context, item.id, data.version);
      await report(100, 'failed');
      context.events.mediaChanged(item.modelId, item.id, 'updated');
    }
    throw error;
  } finally {
    await files.releaseAll();
  }
};

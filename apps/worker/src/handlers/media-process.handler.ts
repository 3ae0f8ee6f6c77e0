import { EventName } from '@phoenix4ge/shared';
import { UnrecoverableError } from 'bullmq';
import { localOriginal } from '../media/original-file';
import { decodeCheck, probeImage } from '../media/sharp';
import type { JobHandler } from './types';

/**
 * media.process: turns an uploaded original into a ready media item. Idempotent (keyed by media and version):
 * running it twice leaves the same row. A file libvips cannot read fails for good with the reason; storage or
 * database trouble is thrown for BullMQ to retry.
 */
export const mediaProcess: JobHandler<'media.process'> = async (data, context) => {
  const item = await context.media.byId(data.mediaId);
  if (!item || item.deletedAt) return { mediaId: data.mediaId, status: 'skipped' };
  if (item.currentVersion !== data.version) return { mediaId: data.mediaId, status: 'skipped' };

  const started = performance.now();
  await context.media.update(item.id, { processingStatus: 'processing', processingError: null });
  context.publish(EventName.MediaChanged, { modelId: item.modelId, mediaId: item.id, change: 'processing' });
  const operationId = await context.media.startOperation(item.id, 'process', String(context.job.id), data);
  const original = await localOriginal(context.storage, item.storageKey);
  try {
    const probe = await probeImage(original.path, context.config.media.maxPixels).catch((error: unknown) => {
      throw new UnrecoverableError(
        `The image cannot be read: ${error instanceof Error ? error.message : error}`,
      );
    });
    await context.progress(30);
    await decodeCheck(original.path, context.config.media.maxPixels).catch((error: unknown) => {
      throw new UnrecoverableError(`The image is damaged: ${error instanceof Error ? error.message : error}`);
    });
    await context.progress(90);
    await context.media.update(item.id, {
      width: probe.uprightWidth,
      height: probe.uprightHeight,
      processingStatus: 'ready',
      processingError: null,
    });
    await context.media.finishOperation(operationId, {
      status: 'succeeded',
      processingMs: Math.round(performance.now() - started),
    });
    context.publish(EventName.MediaChanged, { modelId: item.modelId, mediaId: item.id, change: 'ready' });
    return { mediaId: item.id, status: 'ready', width: probe.uprightWidth, height: probe.uprightHeight };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const final = error instanceof UnrecoverableError || context.lastAttempt;
    await context.media.finishOperation(operationId, {
      status: 'failed',
      processingMs: Math.round(performance.now() - started),
      error: reason,
    });
    if (final) {
      await context.media.update(item.id, {
        processingStatus: 'failed',
        processingError: reason.slice(0, 1000),
      });
      context.publish(EventName.MediaChanged, { modelId: item.modelId, mediaId: item.id, change: 'failed' });
    }
    throw error;
  } finally {
    await original.release();
  }
};

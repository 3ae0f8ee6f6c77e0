import {
  EventName,
  JobName,
  LARGEST_VARIANT_WIDTH,
  ModelSettingsSchema,
  moderationCheckJobId,
  perceptualHash,
  qualityPresets,
  variantMimeTypes,
  variantPresets,
} from '@phoenix4ge/shared';
import { variantKey } from '@phoenix4ge/shared/node';
import { UnrecoverableError } from 'bullmq';
import { rgbaToThumbHash } from 'thumbhash';
import { paletteOf } from '../media/colours';
import { readExif } from '../media/exif';
import { localOriginal } from '../media/original-file';
import type { VariantFormat } from '../media/sharp';
import {
  decodeUpright,
  encodeAnimatedWebp,
  encodeVariant,
  greySquare,
  probeImage,
  shrinkRgba,
} from '../media/sharp';
import { watermarkOverlays, watermarkPlan } from '../media/watermark';
import type { JobHandler } from './types';

const message = (error: unknown): string =>
  error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);

/**
 * media.process: metadata and EXIF, upright size, colours, ThumbHash placeholder, perceptual hash, and every
 * variant (thumb + sm/md/lg/xl × the model's formats), decoded once and derived from one buffer, with no
 * metadata in any variant. Idempotent (keyed by media and version): a rerun overwrites the same keys and rows.
 * A file libvips cannot read fails for good with the reason; storage or database trouble is retried.
 */
export const mediaProcess: JobHandler<'media.process'> = async (data, context) => {
  const item = await context.media.byId(data.mediaId);
  if (!item || item.deletedAt || item.currentVersion !== data.version)
    return { mediaId: data.mediaId, status: 'skipped' };

  const started = performance.now();
  await context.media.update(item.id, { processingStatus: 'processing', processingError: null });
  context.publish(EventName.MediaChanged, { modelId: item.modelId, mediaId: item.id, change: 'processing' });
  const operationId = await context.media.startOperation(item.id, 'process', String(context.job.id), data);
  const original = await localOriginal(context.storage, item.storageKey);
  const releases = [original.release];
  const { maxPixels, quality: qualityOverride, watermarkEnabled } = context.config.media;
  try {
    const probe = await probeImage(original.path, maxPixels).catch((error: unknown) => {
      throw new UnrecoverableError(`The image cannot be read: ${message(error)}`);
    });
    const exif = await readExif(original.path);
    await context.progress(10);
    const decoded = await decodeUpright(original.path, maxPixels, LARGEST_VARIANT_WIDTH).catch(
      (error: unknown) => {
        throw new UnrecoverableError(`The image is damaged: ${message(error)}`);
      },
    );
    await context.progress(30);

    const small = await shrinkRgba(decoded, 100);
    const placeholder = Buffer.from(rgbaToThumbHash(small.width, small.height, small.data)).toString(
      'base64',
    );
    const colours = paletteOf(small.data);
    // The 100 px copy is plenty for a 32×32 DCT and spares a second resize of the full decode.
    const phash = perceptualHash(await greySquare(small, 32));

    const model = await context.media.modelOf(item);
    const formats = ModelSettingsSchema.parse(model.settings).variants.formats;
    const watermark = await watermarkPlan(model, watermarkEnabled, {
      logo: (owner, logoId) => context.media.logoOf(owner.id, logoId),
      originalPath: async (logo) => {
        const file = await localOriginal(context.storage, logo.storageKey);
        releases.push(file.release);
        return file.path;
      },
      maxPixels,
    });
    const overlayAt = watermark ? watermarkOverlays(watermark) : undefined;
    // Only GIF and WebP frames are an animation; the several images of a HEIF container are not.
    const animated = probe.pages > 1 && (probe.format === 'gif' || probe.format === 'webp');
    const previousKeys = await context.media.variantKeys(item.id, data.version);
    const variants: {
      preset: string;
      format: string;
      width: number;
      height: number;
      bytes: number;
      storageKey: string;
    }[] = [];
    const total = variantPresets.length * formats.length;
    const writes: Promise<unknown>[] = [];
    for (const preset of variantPresets) {
      const quality = qualityOverride ?? qualityPresets[preset.quality];
      for (const format of formats) {
        const encoded =
          animated && format === 'webp'
            ? await encodeAnimatedWebp(original.path, maxPixels, {
                width: preset.width,
                height: preset.height,
                quality,
              })
            : await encodeVariant(decoded, {
                width: preset.width,
                height: preset.height,
                format: format as VariantFormat,
                quality,
                overlay:
                  overlayAt && preset.watermark
                    ? await overlayAt(Math.min(preset.width, decoded.width))
                    : undefined,
              });
        const storageKey = variantKey(
          item.modelId,
          item.id,
          data.version,
          preset.name,
          format === 'jpeg' ? 'jpg' : format,
        );
        // Writing overlaps the next encode; all writes are awaited before any row points at them.
        const write = context.storage.put(storageKey, encoded.data, {
          contentType: variantMimeTypes[format],
        });
        write.catch(() => undefined); // observed by Promise.all below; never an unhandled rejection meanwhile
        writes.push(write);
        variants.push({
          preset: preset.name,
          format,
          width: encoded.width,
          height: encoded.height,
          bytes: encoded.data.length,
          storageKey,
        });
        await context.progress(30 + Math.round((60 * variants.length) / total));
      }
    }
    await Promise.all(writes);
    await context.media.replaceVariants(item.id, data.version, variants);
    for (const stale of previousKeys.filter(
      (key) => !variants.some((variant) => variant.storageKey === key),
    )) {
      await context.storage.delete(stale);
    }
    await context.media.saveMetadata(item.id, {
      basicInfo: {
        format: probe.format,
        width: probe.width,
        height: probe.height,
        uprightWidth: probe.uprightWidth,
        uprightHeight: probe.uprightHeight,
        space: probe.space,
        channels: probe.channels,
        depth: probe.depth,
        density: probe.density,
        hasAlpha: probe.hasAlpha,
        hasProfile: probe.hasProfile,
        isProgressive: probe.isProgressive,
        orientation: probe.orientation,
        pages: probe.pages,
        compression: probe.compression,
        animated,
      },
      exifData: exif,
      colorData: colours,
    });
    // Ready and the moderation job are committed together; the outbox relay covers a lost fast dispatch.
    const { outboxId } = await context.moderation.markReadyWithModeration(item.id, data.version, {
      width: probe.uprightWidth,
      height: probe.uprightHeight,
      placeholder,
      dominantColor: colours.dominant,
      phash,
    });
    await context.producer
      .enqueue(
        JobName.ModerationCheck,
        { mediaId: item.id, version: data.version, attempt: 1 },
        { jobId: moderationCheckJobId(item.id, data.version, 1) },
      )
      .then(() => context.moderation.markOutboxSent(outboxId))
      .catch((error: unknown) =>
        context.logger.warn({ err: error }, 'moderation not queued now; the outbox relay will'),
      );
    await context.media.finishOperation(operationId, {
      status: 'succeeded',
      processingMs: Math.round(performance.now() - started),
    });
    context.publish(EventName.MediaChanged, { modelId: item.modelId, mediaId: item.id, change: 'ready' });
    return { mediaId: item.id, status: 'ready', width: probe.uprightWidth, height: probe.uprightHeight };
  } catch (error) {
    const reason = message(error);
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
    for (const release of releases) await release();
  }
};

import type { Media, MediaBasicInfo, Model, Transaction, VariantFile } from '@phoenix4ge/db';
import type { MediaExif, MediaOrientation } from '@phoenix4ge/shared';
import { focusTag, jobs, LARGEST_VARIANT_WIDTH, ModelSettingsSchema } from '@phoenix4ge/shared';
import { UnrecoverableError } from 'bullmq';
import { appearanceOf } from '../media/appearance';
import { exifOf } from '../media/exif';
import { ImageFaultError, recordedFailure } from '../media/image-fault-error';
import { isInfrastructureFault } from '../media/infrastructure-fault';
import { announceNearDuplicates } from '../media/near-duplicates';
import { localOriginal } from '../media/original-file';
import { renderVariants } from '../media/render-variants';
import type { ImageProbe } from '../media/sharp';
import { decodeUpright, probeImage } from '../media/sharp';
import { watermarkOverlays, watermarkPlan } from '../media/watermark';
import type { HandlerContext, JobHandler } from './types';

export const message = (error: unknown): string =>
  error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);

/** A local file for each original the job reads (the item's, the watermark logo's), released when it ends. */
export function localFiles(context: HandlerContext) {
  const releases: (() => Promise<void>)[] = [];
  return {
    async path(item: Media): Promise<string> {
      const file = await localOriginal(context.storage, item.storageKey);
      releases.push(file.release);
      return file.path;
    },
    async releaseAll() {
      for (const release of releases) await release();
    },
  };
}

/** Only GIF and WebP frames are an animation; the several images of a HEIF container are not. */
export const isAnimated = (probe: ImageProbe) =>
  probe.pages > 1 && (probe.format === 'gif' || probe.format === 'webp');

function basicInfoOf(probe: ImageProbe): MediaBasicInfo {
  return {
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
    animated: isAnimated(probe),
  };
}

/** What the library filters on, from the upright size and the EXIF. */
function libraryFieldsOf(probe: ImageProbe, exif: MediaExif) {
  const { uprightWidth: width, uprightHeight: height } = probe;
  const orientation: MediaOrientation = width > height ? 'landscape' : width < height ? 'portrait' : 'square';
  const taken = exif.dateTaken ? new Date(exif.dateTaken) : undefined;
  return {
    orientation,
    takenAt: taken && !Number.isNaN(taken.getTime()) ? taken : null,
    cameraMake: exif.camera?.make?.slice(0, 100) ?? null,
    cameraModel: exif.camera?.model?.slice(0, 100) ?? null,
    hasGps: exif.gps !== undefined,
  };
}

/** The focal point an editor set, if any: thumbnails are cropped around it, under a key naming the point. */
export function focusOf(item: Media) {
  const focus = item.focalX !== null && item.focalY !== null ? { x: item.focalX, y: item.focalY } : undefined;
  return { focus, crop: focusTag(focus) };
}

/**
 * Every variant file of this version, rendered and stored (no rows yet; see `recordVariants`).
 * `watermark` is the item's own choice (an edit's `watermark` operation); undefined follows the model.
 */
async function storeVariants(
  context: HandlerContext,
  item: Media,
  version: number,
  model: Model,
  input: {
    decoded: Awaited<ReturnType<typeof decodeUpright>>;
    originalPath: string;
    animated: boolean;
    files: ReturnType<typeof localFiles>;
    watermark?: boolean;
    onProgress?: (share: number) => Promise<void>;
  },
) {
  const { maxPixels, quality, watermarkEnabled } = context.config.media;
  const { media } = context.repositories;
  const watermark =
    input.watermark === false
      ? undefined
      : await watermarkPlan(model, input.watermark ?? watermarkEnabled, {
          logo: (owner, logoId) => media.logoOf(owner.id, logoId),
          originalPath: input.files.path,
          maxPixels,
        });
  return renderVariants(context.storage, {
    item,
    version,
    decoded: input.decoded,
    originalPath: input.originalPath,
    animated: input.animated,
    formats: ModelSettingsSchema.parse(model.settings).variants.formats,
    maxPixels,
    quality,
    overlayAt: watermark ? watermarkOverlays(watermark) : undefined,
    onProgress: input.onProgress ?? ((share) => context.progress(30 + Math.round(60 * share))),
    ...focusOf(item),
  });
}

/**
 * The rows of `variants` (in the caller's transaction when given); returns the keys of files a previous run made
 * and this one did not, to remove once the rows are committed.
 */
async function recordVariants(
  context: HandlerContext,
  item: Media,
  version: number,
  variants: VariantFile[],
  within?: Transaction,
): Promise<string[]> {
  const previousKeys = await context.repositories.variants.replace(item.id, version, variants, within);
  return previousKeys.filter((key) => !variants.some((variant) => variant.storageKey === key));
}

async function removeFiles(context: HandlerContext, keys: string[]) {
  for (const key of keys) await context.storage.delete(key);
}

/** Every variant of this version, stored and recorded; files a previous run made and this one did not are removed. */
export async function variantsStep(
  context: HandlerContext,
  item: Media,
  version: number,
  model: Model,
  input: Parameters<typeof storeVariants>[4],
) {
  const variants = await storeVariants(context, item, version, model, input);
  await removeFiles(context, await recordVariants(context, item, version, variants));
}

/**
 * media.process, in four steps from one upright decode: appearance (placeholder, colours, perceptual hash),
 * variant files (thumb + sm/md/lg/xl × the model's formats, no metadata in any file), then in one transaction
 * their rows, the metadata (header and EXIF) and `ready` with the moderation job (the outbox); near-duplicates
 * found with the new hash are announced after. Idempotent (keyed by media and version): a rerun of a run cut short
 * overwrites the same keys and rows, and one after the commit does nothing. A file libvips cannot read fails for
 * good with the reason; storage
 * or database trouble is retried.
 */
export const mediaProcess: JobHandler<'media.process'> = async (data, context) => {
  const { media, metadata, operations, outbox } = context.repositories;
  const found = await media.withModel(data.mediaId);
  // `ready` at this version: a run already committed it. A worker killed between that commit and BullMQ's record of
  // the job hands the job back as stalled; running it again would only add a second successful run.
  if (
    !found ||
    found.item.deletedAt ||
    found.item.currentVersion !== data.version ||
    found.item.processingStatus === 'ready'
  )
    return { mediaId: data.mediaId, status: 'skipped' };
  const { item, model } = found;

  const started = performance.now();
  const elapsedMs = () => Math.round(performance.now() - started);
  await media.markProcessing(item.id);
  context.events.mediaChanged(item.modelId, item.id, 'processing');
  const operationId = await operations.start(item.id, 'process', String(context.job.id), data);
  const files = localFiles(context);
  const { maxPixels } = context.config.media;
  try {
    const originalPath = await files.path(item);
    const probe = await probeImage(originalPath, maxPixels).catch((error: unknown) => {
      throw new ImageFaultError(error);
    });
    const exif = await exifOf(originalPath, probe);
    const decoded = await decodeUpright(originalPath, maxPixels, LARGEST_VARIANT_WIDTH).catch(
      (error: unknown) => {
        throw new ImageFaultError(error);
      },
    );
    await context.progress(30);

    // 1. Appearance, with the perceptual hash (the api decodes no pixels at upload, so this is its only source).
    const { placeholder, colours, phash } = await appearanceOf(decoded);

    // 2. Variants.
    const variants = await storeVariants(context, item, data.version, model, {
      decoded,
      originalPath,
      animated: isAnimated(probe),
      files,
    });

    // 3–4. In one transaction: `ready`, the variant rows, the metadata (header and EXIF), the operation's outcome
    // and the moderation job (the outbox). The media row is locked first, as a purge or an erasure locks it (they
    // delete it, and its children by cascade), so neither can deadlock with this.
    const stale = await outbox.commit(
      async (tx) => {
        await media.markReady(
          item.id,
          {
            width: probe.uprightWidth,
            height: probe.uprightHeight,
            placeholder,
            dominantColor: colours.dominant,
            phash,
            ...libraryFieldsOf(probe, exif),
          },
          tx,
        );
        const stale = await recordVariants(context, item, data.version, variants, tx);
        await metadata.save(
          item.id,
          { basicInfo: basicInfoOf(probe), exifData: exif, colorData: colours },
          tx,
        );
        await operations.finish(operationId, { status: 'succeeded', processingMs: elapsedMs() }, tx);
        return stale;
      },
      () => [jobs.moderationCheck(item.id, data.version, 1)],
    );
    await removeFiles(context, stale);
    context.events.mediaChanged(item.modelId, item.id, 'ready');
    // 5. Near-duplicates in the same model, announced live (the hash is only known from here on).
    await announceNearDuplicates(context, item, phash);
    return { mediaId: item.id, status: 'ready', width: probe.uprightWidth, height: probe.uprightHeight };
  } catch (error) {
    const reason = message(error);
    await operations.finish(operationId, {
      status: 'failed',
      processingMs: elapsedMs(),
      error: recordedFailure(error),
    });
    // Out of retries because storage is full or a service is away: left `processing` for the recovery to queue again.
    if (error instanceof UnrecoverableError || (context.lastAttempt && !isInfrastructureFault(error))) {
      await media.markFailed(item.id, reason);
      context.events.mediaChanged(item.modelId, item.id, 'failed');
    }
    throw error;
  } finally {
    await files.releaseAll();
  }
};

import type { Media, Model } from '@phoenix4ge/db';
import type { MediaListInput, MediaVariantView } from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';
import type { MediaRepository } from '../repositories/media.repository';
import { mediaUrl } from './media-urls';
import { presentMedia } from './upload.service';

export function createMediaService(deps: { media: MediaRepository; publicUrl: string | undefined }) {
  const url = (key: string) => mediaUrl(key, deps.publicUrl);

  async function find(model: Model, id: number): Promise<Media> {
    const row = await deps.media.byId(id);
    // Another model's media id answers the same as a missing one: ids never leak across tenants.
    if (!row || row.modelId !== model.id)
      throw new TRPCError({ code: 'NOT_FOUND', message: `No media ${id} in ${model.slug}` });
    return row;
  }

  return {
    /** The variant stored under `key` and its media (for serving files). */
    variantFile: (key: string) => deps.media.variantByKey(key),
    originalFile: (modelId: number, sha256: string) => deps.media.bySha(modelId, sha256),

    async list(model: Model, input: MediaListInput) {
      const rows = await deps.media.list({
        modelId: model.id,
        cursor: input.cursor,
        limit: input.limit,
        trash: input.trash,
        processing: input.processing,
      });
      const thumbs = await deps.media.variantsOf(rows, 'thumb');
      const thumbOf = (row: Media) =>
        thumbs.find((thumb) => thumb.mediaId === row.id && thumb.format === 'webp') ??
        thumbs.find((thumb) => thumb.mediaId === row.id);
      return {
        items: rows.map((row) => {
          const thumb = thumbOf(row);
          return presentMedia(row, thumb ? url(thumb.storageKey) : null);
        }),
        nextCursor: rows.length === input.limit ? (rows.at(-1)?.id ?? null) : null,
      };
    },

    /** One media with its variants (URLs) and extracted metadata: the detail panel and the plain read route. */
    async detail(model: Model, id: number) {
      const row = await find(model, id);
      const variants = await deps.media.variantsOf([row]);
      const metadata = await deps.media.metadataOf(row.id);
      const thumb = variants.find((variant) => variant.preset === 'thumb' && variant.format === 'webp');
      return {
        ...presentMedia(row, thumb ? url(thumb.storageKey) : null),
        originalUrl: url(row.storageKey),
        variants: variants.map(
          (variant): MediaVariantView => ({
            preset: variant.preset,
            format: variant.format,
            width: variant.width,
            height: variant.height,
            bytes: variant.bytes,
            url: url(variant.storageKey),
          }),
        ),
        metadata: metadata
          ? {
              basicInfo: metadata.basicInfo,
              exif: metadata.exifData,
              colors: metadata.colorData,
              extractedAt: metadata.extractedAt,
            }
          : null,
      };
    },

    /** Processes a failed media again (the outbox relay queues it). */
    async retry(model: Model, id: number) {
      const row = await find(model, id);
      if (row.processingStatus !== 'failed') {
        throw new TRPCError({
          code: 'CONFLICT',
          message: `Media ${id} is ${row.processingStatus}, not failed`,
        });
      }
      await deps.media.requeue(row);
      return { id, processingStatus: 'uploaded' as const };
    },

    /** Likely near-duplicates in the same model (perceptual hash within `maxDistance` bits). */
    async similar(model: Model, id: number, maxDistance: number) {
      const row = await find(model, id);
      if (!row.phash) return { ready: false, items: [] };
      const found = await deps.media.similar(model.id, row.id, row.phash, maxDistance);
      const thumbs = await deps.media.variantsOf(
        found.map((entry) => entry.item),
        'thumb',
      );
      return {
        ready: true,
        items: found.map(({ item, distance }) => {
          const thumb = thumbs.find(
            (candidate) => candidate.mediaId === item.id && candidate.format === 'webp',
          );
          return { ...presentMedia(item, thumb ? url(thumb.storageKey) : null), distance: Number(distance) };
        }),
      };
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;

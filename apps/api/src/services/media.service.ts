import type { Media, Model, Repositories } from '@phoenix4ge/db';
import { jobs } from '@phoenix4ge/shared';
import type { Events } from '@phoenix4ge/shared/node';
import { TRPCError } from '@trpc/server';
import type { MediaPresenter } from './media.presenter';

export interface MediaServiceDeps {
  repositories: Pick<Repositories, 'media' | 'variants' | 'metadata' | 'outbox' | 'tags'>;
  present: MediaPresenter;
  events: Pick<Events, 'mediaChanged'>;
}

export function createMediaService(deps: MediaServiceDeps) {
  const { media, variants, metadata, outbox, tags } = deps.repositories;
  const { present } = deps;

  async function find(model: Model, id: number): Promise<Media> {
    const row = await media.byId(id);
    // Another model's media id answers the same as a missing one: ids never leak across tenants.
    if (!row || row.modelId !== model.id)
      throw new TRPCError({ code: 'NOT_FOUND', message: `No media ${id} in ${model.slug}` });
    return row;
  }

  return {
    /**
     * One media as the library lists it (category, tags, …), plus its variants (URLs), original and extracted
     * metadata: the detail panel and the plain read route.
     */
    async detail(model: Model, id: number) {
      const [row] = await media.rowsByIds(model.id, [id]);
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No media ${id} in ${model.slug}` });
      const [files, extracted, tagsByMedia] = await Promise.all([
        variants.ofCurrentVersion([row]),
        metadata.of(row.id),
        tags.ofMedia([row.id]),
      ]);
      return {
        ...present.libraryItem(row, files, tagsByMedia, model),
        originalUrl: present.url(row.storageKey),
        variants: files.map(present.variant),
        metadata: extracted
          ? {
              basicInfo: extracted.basicInfo,
              exif: extracted.exifData,
              colors: extracted.colorData,
              extractedAt: extracted.extractedAt,
            }
          : null,
      };
    },

    /** Processes a failed media again: back to `uploaded` with a new processing job, in one transaction. */
    async retry(model: Model, id: number) {
      const row = await find(model, id);
      if (row.processingStatus !== 'failed') {
        throw new TRPCError({
          code: 'CONFLICT',
          message: `Media ${id} is ${row.processingStatus}, not failed`,
        });
      }
      await outbox.commit(
        (tx) => media.markUploaded(row.id, tx),
        () => [jobs.mediaRetry(row.id, row.currentVersion)],
      );
      deps.events.mediaChanged(model.id, id, 'updated');
      return { id, processingStatus: 'uploaded' as const };
    },

    /** Likely near-duplicates in the same model (perceptual hash within `maxDistance` bits). */
    async similar(model: Model, id: number, maxDistance: number) {
      const row = await find(model, id);
      if (!row.phash) return { ready: false, items: [] };
      const found = await media.similar(model.id, row.id, row.phash, maxDistance);
      const thumbs = await variants.ofCurrentVersion(
        found.map((entry) => entry.item),
        'thumb',
      );
      return {
        ready: true,
        items: found.map(({ item, distance }) => ({
          ...present.summary(item, thumbs),
          distance: Number(distance),
        })),
      };
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;

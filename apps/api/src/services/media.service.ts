import type { Model } from '@phoenix4ge/db';
import type { MediaListInput } from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';
import type { MediaRepository } from '../repositories/media.repository';
import { presentMedia } from './upload.service';

export function createMediaService(deps: { media: MediaRepository }) {
  return {
    async list(model: Model, input: MediaListInput) {
      const rows = await deps.media.list({
        modelId: model.id,
        cursor: input.cursor,
        limit: input.limit,
        trash: input.trash,
        processing: input.processing,
      });
      return {
        items: rows.map(presentMedia),
        nextCursor: rows.length === input.limit ? (rows.at(-1)?.id ?? null) : null,
      };
    },

    async byId(model: Model, id: number) {
      const row = await deps.media.byId(id);
      // Another model's media id answers the same as a missing one: ids never leak across tenants.
      if (!row || row.modelId !== model.id)
        throw new TRPCError({ code: 'NOT_FOUND', message: `No media ${id} in ${model.slug}` });
      return presentMedia(row);
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;

import type { Repositories } from '@phoenix4ge/db';
import { variantMimeTypes, variantPresetNames } from '@phoenix4ge/shared';
import type { StorageDriver } from '@phoenix4ge/shared/node';
import { negotiateImageFormat } from './image-format';
import type { OpenedFile } from './media-files.service';

const PUBLIC_CACHE = 'public, max-age=31536000, immutable';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The public image URLs, `/i/<token>/<preset>`: the file of `preset` of the version a live token names, in the
 * format `Accept` asks for. A token is live while its item is public and the token names its public version
 * (publication.repository.ts), checked on every request, so a takedown answers 404 from the next request on.
 */
export function createPublicImagesService(deps: {
  repositories: Pick<Repositories, 'publication'>;
  storage: StorageDriver;
}) {
  return {
    /** The file to send, or undefined (404) for an unknown, dead or malformed token or preset. */
    async open(
      token: string,
      preset: string,
      accept: string | undefined,
      options: { modelId?: number } = {},
    ): Promise<OpenedFile | undefined> {
      if (!TOKEN.test(token) || !(variantPresetNames as readonly string[]).includes(preset)) return undefined;
      const files = await deps.repositories.publication.liveVariants(token, preset, options);
      const format = negotiateImageFormat(
        accept,
        files.map((file) => file.format),
      );
      const chosen = files.find((file) => file.format === format);
      if (!chosen) return undefined;
      const info = await deps.storage.stat(chosen.storageKey);
      if (!info) return undefined;
      return {
        key: chosen.storageKey,
        contentType:
          variantMimeTypes[chosen.format as keyof typeof variantMimeTypes] ?? 'application/octet-stream',
        cacheControl: PUBLIC_CACHE,
        bytes: info.bytes,
        read: (range) => deps.storage.get(chosen.storageKey, range),
      };
    },
  };
}

export type PublicImagesService = ReturnType<typeof createPublicImagesService>;

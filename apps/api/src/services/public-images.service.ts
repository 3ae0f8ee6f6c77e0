import type { MediaVariant, Repositories } from '@phoenix4ge/db';
import { variantMimeTypes, variantPresetNames } from '@phoenix4ge/shared';
import type { StorageDriver } from '@phoenix4ge/shared/node';
import type { PublicCacheRepository } from '../repositories/public-cache.repository';
import { negotiateImageFormat } from './image-format';
import type { OpenedFile } from './media-files.service';

const PUBLIC_CACHE = 'public, max-age=31536000, immutable';
/** A token as issued: 22 characters (43 before migration 0012, still live until their item stops being public). */
const TOKEN = /^(?:[A-Za-z0-9_-]{22}|[A-Za-z0-9_-]{43})$/;
/** How many live tokens each process remembers, most recently used first. */
const REMEMBERED_TOKENS = 10_000;
/**
 * How long a remembered token is trusted without asking the database, even if its model's publication version
 * never moves: what a lost version bump (Redis down at that moment) could leave behind at most.
 */
const TRUST_MS = 5000;

/** A live token as this process last read it from the database. */
interface LiveToken {
  files: MediaVariant[];
  /** The model's publication version read before that database read. */
  version: string;
  liveUntil: number;
  checkedAt: number;
}

/**
 * The public image URLs, `/i/<token>/<preset>`: the file of `preset` of the version a live token names, in the
 * format `Accept` asks for. A token is live while its item is public and it names the item's public version
 * (publication.repository.ts). A process remembers live tokens, and serves one from memory only while its model's
 * publication version (read from Redis on every request) is the one it was checked under, its window and the
 * model's consent are still open, and for a few seconds at most: every takedown moves the version, so the next
 * request asks the database and answers 404.
 */
export function createPublicImagesService(deps: {
  repositories: Pick<Repositories, 'publication'>;
  publicCache: Pick<PublicCacheRepository, 'version'>;
  storage: StorageDriver;
}) {
  /** A token's model never changes: known after its first read, so later reads can take the version first. */
  const modelOfToken = new Map<string, number>();
  const live = new Map<string, LiveToken>();

  function remember<V>(map: Map<string, V>, key: string, value: V) {
    map.delete(key);
    map.set(key, value);
    if (map.size > REMEMBERED_TOKENS) map.delete(map.keys().next().value as string);
  }

  async function filesOf(token: string, options: { modelId?: number }): Promise<MediaVariant[]> {
    const now = Date.now();
    const modelId = modelOfToken.get(token);
    if (modelId === undefined || (options.modelId !== undefined && options.modelId !== modelId)) {
      const found = await deps.repositories.publication.liveFiles(token, options);
      if (found) remember(modelOfToken, token, found.modelId);
      return found?.files ?? [];
    }
    const version = await deps.publicCache.version(modelId).catch(() => undefined);
    const known = live.get(token);
    if (
      known &&
      version !== undefined &&
      known.version === version &&
      now < known.liveUntil &&
      now - known.checkedAt < TRUST_MS
    ) {
      return known.files;
    }
    const found = await deps.repositories.publication.liveFiles(token, { modelId });
    if (!found) {
      live.delete(token);
      return [];
    }
    if (version !== undefined) {
      remember(live, token, {
        files: found.files,
        version,
        liveUntil: found.liveUntil?.getTime() ?? Number.POSITIVE_INFINITY,
        checkedAt: now,
      });
    }
    return found.files;
  }

  return {
    /** The file to send, or undefined (404) for an unknown, dead or malformed token or preset. */
    async open(
      token: string,
      preset: string,
      accept: string | undefined,
      options: { modelId?: number } = {},
    ): Promise<OpenedFile | undefined> {
      if (!TOKEN.test(token) || !(variantPresetNames as readonly string[]).includes(preset)) return undefined;
      const files = (await filesOf(token, options)).filter((file) => file.preset === preset);
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

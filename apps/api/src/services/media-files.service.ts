import type { Readable } from 'node:stream';
import type { Media, Repositories } from '@phoenix4ge/db';
import { parseStorageKey } from '@phoenix4ge/shared';
import type { StorageDriver } from '@phoenix4ge/shared/node';
import type { AccessService } from './access.service';
import type { Caller } from './caller';
import { roleAtLeast } from './caller';
import type { SecurityLog } from './security-log';

/** A stored file the caller may read, and how long clients may keep it. */
export interface OpenedFile {
  key: string;
  contentType: string;
  cacheControl: string;
  bytes: number;
  read(range?: { start: number; end: number }): Promise<Readable>;
}

/**
 * Who may see a stored file (`GET /media/<key>`): the one place of that rule. Members of the model only, cached
 * privately: the public site uses `/i/<token>/<preset>` URLs alone (public-images.service.ts), so no public URL
 * outlives a takedown. Everyone else, and any key that is not one we build, gets `undefined`: answered as a plain
 * 404, so nothing is ever reachable or even confirmed by URL.
 */
export function createMediaFilesService(deps: {
  repositories: Pick<Repositories, 'media' | 'variants' | 'models'>;
  access: AccessService;
  storage: StorageDriver;
  security: Pick<SecurityLog, 'downloaded'>;
}) {
  const { media, variants, models } = deps.repositories;

  async function isMember(caller: Caller, item: Media): Promise<boolean> {
    const model = await models.byId(item.modelId);
    return model !== undefined && roleAtLeast(await deps.access.roleOn(caller, model), 'viewer');
  }

  /** How the file may be cached, or undefined when the caller may not see it (or it does not exist). */
  async function cachePolicy(caller: Caller, key: string): Promise<string | undefined> {
    const parsed = parseStorageKey(key);
    if (parsed?.kind === 'variant') {
      const found = await variants.byKey(key);
      if (!found) return undefined;
      return (await isMember(caller, found.media)) ? 'private, max-age=60' : undefined;
    }
    if (parsed?.kind === 'original') {
      const item = await media.bySha(parsed.modelId, parsed.sha256);
      if (!item || item.storageKey !== key) return undefined;
      return (await isMember(caller, item)) ? 'private, no-cache' : undefined;
    }
    return undefined;
  }

  return {
    async open(caller: Caller, key: string): Promise<OpenedFile | undefined> {
      const cacheControl = await cachePolicy(caller, key);
      const parsed = parseStorageKey(key);
      if (!cacheControl || !parsed) return undefined;
      const info = await deps.storage.stat(key);
      if (!info) return undefined;
      // Originals count towards the mass-download rule (variants are what the library's grid shows).
      if (parsed.kind === 'original') await deps.security.downloaded(caller, 1);
      return {
        key,
        contentType: parsed.contentType,
        cacheControl,
        bytes: info.bytes,
        read: (range) => deps.storage.get(key, range),
      };
    },
  };
}

export type MediaFilesService = ReturnType<typeof createMediaFilesService>;

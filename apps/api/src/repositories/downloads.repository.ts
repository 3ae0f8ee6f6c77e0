import type { DownloadKind } from '@phoenix4ge/shared';
import type { Redis } from '@phoenix4ge/shared/node';

/** A ZIP download prepared by `media.prepareDownload`: what it holds and who may fetch it. */
export interface PreparedDownload {
  modelId: number;
  kind: DownloadKind;
  /** The media it holds, resolved when it was prepared. */
  ids: number[];
  /** Who prepared it (a user or an API key); only they may fetch it. */
  userId: number | null;
  apiKeyId: number | null;
}

/**
 * Prepared downloads in Redis under a random token, for a short time (shared by every api instance, so the
 * download may reach another instance than the one that prepared it).
 */
export function createDownloadsRepository(redis: Redis, keyPrefix: string) {
  const key = (token: string) => `${keyPrefix}:download:${token}`;
  return {
    async save(token: string, download: PreparedDownload, ttlSeconds: number): Promise<void> {
      await redis.set(key(token), JSON.stringify(download), 'EX', ttlSeconds);
    },
    /** The download, until it expires. */
    async find(token: string): Promise<PreparedDownload | undefined> {
      const stored = await redis.get(key(token));
      return stored === null ? undefined : (JSON.parse(stored) as PreparedDownload);
    },
  };
}

export type DownloadsRepository = ReturnType<typeof createDownloadsRepository>;

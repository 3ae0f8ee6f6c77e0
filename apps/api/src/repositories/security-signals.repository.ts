import type { DownloadSource, Redis } from '@phoenix4ge/shared/node';
import { createDownloadCounter } from '@phoenix4ge/shared/node';

/** An API key's use from one address is recorded once per this many seconds at most. */
export const KEY_ADDRESS_EVERY_SECONDS = 3600;

/**
 * What the monitoring rules need from busy paths without a database row per request, in Redis: whether an API
 * key was already seen from an address this hour, and the per-minute download counts per source.
 */
export function createSecuritySignalsRepository(redis: Redis, keyPrefix: string) {
  const downloads = createDownloadCounter(redis, keyPrefix);
  return {
    /** True the first time in KEY_ADDRESS_EVERY_SECONDS that the key is used from this address. */
    async firstKeyUseFrom(apiKeyId: number, ip: string): Promise<boolean> {
      const key = `${keyPrefix}:security:key-address:${apiKeyId}:${ip}`;
      return (await redis.set(key, '1', 'EX', KEY_ADDRESS_EVERY_SECONDS, 'NX')) === 'OK';
    },
    countDownloads(source: DownloadSource, files: number): Promise<void> {
      return downloads.add(source, files);
    },
  };
}

export type SecuritySignalsRepository = ReturnType<typeof createSecuritySignalsRepository>;

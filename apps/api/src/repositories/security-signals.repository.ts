import type { DownloadSource, Redis } from '@phoenix4ge/shared/node';
import { createDownloadCounter } from '@phoenix4ge/shared/node';

/** An API key's use from one address is recorded once per this many seconds at most. */
export const KEY_ADDRESS_EVERY_SECONDS = 3600;
/** This process skips Redis for a key and address it saw this recently (most API calls repeat both). */
const LOCAL_MEMORY_MS = 60_000;
const LOCAL_MEMORY_SIZE = 10_000;

/**
 * What the monitoring rules need from busy paths without a database row per request, in Redis: whether an API
 * key was already seen from an address this hour, and the per-minute download counts per source.
 */
export function createSecuritySignalsRepository(redis: Redis, keyPrefix: string) {
  const downloads = createDownloadCounter(redis, keyPrefix);
  /** Key and address → when this process last asked Redis about them. */
  const recent = new Map<string, number>();
  return {
    /** True the first time in KEY_ADDRESS_EVERY_SECONDS that the key is used from this address. */
    async firstKeyUseFrom(apiKeyId: number, ip: string): Promise<boolean> {
      const pair = `${apiKeyId}:${ip}`;
      const now = Date.now();
      if (now - (recent.get(pair) ?? 0) < LOCAL_MEMORY_MS) return false;
      const first =
        (await redis.set(
          `${keyPrefix}:security:key-address:${pair}`,
          '1',
          'EX',
          KEY_ADDRESS_EVERY_SECONDS,
          'NX',
        )) === 'OK';
      recent.delete(pair);
      recent.set(pair, now);
      if (recent.size > LOCAL_MEMORY_SIZE) recent.delete(recent.keys().next().value as string);
      return first;
    },
    countDownloads(source: DownloadSource, files: number): Promise<void> {
      return downloads.add(source, files);
    },
  };
}

export type SecuritySignalsRepository = ReturnType<typeof createSecuritySignalsRepository>;

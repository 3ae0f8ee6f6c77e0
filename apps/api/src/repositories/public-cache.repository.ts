import type { Logger, Redis } from '@phoenix4ge/shared/node';
import { publicationVersionKey } from '@phoenix4ge/shared/node';

/** A cached public response: the JSON body as sent, and how long it may be kept at most (seconds). */
export interface CachedBody {
  body: string;
  maxAgeSeconds: number;
}

/**
 * The public API's responses in Redis, keyed by the model's publication version (see the event bus): every
 * change that can alter the public output bumps it, so a cached page is never served after a change; entries
 * expire at the next publication-window boundary (computed with the page) at the latest. The version is read
 * before the page is computed, so a page computed while a change commits is stored under the version the change
 * then leaves behind. Concurrent identical misses in one process share one computation (single-flight). Redis
 * trouble never fails a request: the page is computed without the cache. The TTL only bounds what a lost event
 * could leave behind (image URLs die at once regardless: they are checked when served).
 */
export function createPublicCacheRepository(
  redis: Redis,
  keyPrefix: string,
  logger: Logger,
  ttlSeconds = 3600,
) {
  const inFlight = new Map<string, Promise<string>>();

  return {
    /** Makes every cached answer of the model stale (a change no media event announces: a model archived). */
    async bump(modelId: number): Promise<void> {
      await redis
        .incr(publicationVersionKey(keyPrefix, modelId))
        .catch((error: unknown) => logger.warn({ err: error }, 'publication version not bumped'));
    },
    async read(modelId: number, what: string, compute: () => Promise<CachedBody>): Promise<string> {
      let key: string;
      try {
        const version = (await redis.get(publicationVersionKey(keyPrefix, modelId))) ?? '0';
        key = `${keyPrefix}:public:${modelId}:${version}:${what}`;
        const cached = await redis.get(key);
        if (cached !== null) return cached;
      } catch (error) {
        logger.debug({ err: error }, 'public cache not read');
        return (await compute()).body;
      }
      const shared = inFlight.get(key);
      if (shared) return shared;
      const stored = key;
      const computing = compute()
        .then(async ({ body, maxAgeSeconds }) => {
          const seconds = Math.max(1, Math.min(ttlSeconds, Math.floor(maxAgeSeconds)));
          await redis
            .set(stored, body, 'EX', seconds)
            .catch((error: unknown) => logger.debug({ err: error }, 'public cache not written'));
          return body;
        })
        .finally(() => inFlight.delete(stored));
      inFlight.set(stored, computing);
      return computing;
    },
  };
}

export type PublicCacheRepository = ReturnType<typeof createPublicCacheRepository>;

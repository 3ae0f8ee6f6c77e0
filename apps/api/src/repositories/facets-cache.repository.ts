import { createHash } from 'node:crypto';
import type { MediaFilter } from '@phoenix4ge/shared';
import { canonicalQuery } from '@phoenix4ge/shared';
import type { Logger, Redis } from '@phoenix4ge/shared/node';
import { libraryVersionKey } from '@phoenix4ge/shared/node';
import { deleteByPrefix } from './public-cache.repository';

/**
 * Facet counts in Redis (the seed's GalleryCacheService idea), keyed by the model's library version and the
 * filter. Every event about the model's media bumps the version (see the event bus), so a change makes every
 * cached count of that model stale at once; the TTL only bounds what a lost event could leave behind. The
 * version is read before the counts are computed, so counts computed while a change commits are stored under
 * the version the change then leaves behind. Redis trouble never fails a request: the counts are computed
 * without the cache. Concurrent identical misses in one process share one computation.
 */
export function createFacetsCacheRepository(
  redis: Redis,
  keyPrefix: string,
  logger: Logger,
  ttlSeconds = 60,
) {
  const inFlight = new Map<string, Promise<unknown>>();

  const digest = (filter: MediaFilter) =>
    createHash('sha256').update(canonicalQuery(filter)).digest('base64url').slice(0, 22);

  return {
    /** An erased model: its cached counts go. */
    async forgetModel(modelId: number): Promise<void> {
      await deleteByPrefix(redis, `${keyPrefix}:facets:${modelId}:`);
    },
    /** The cached counts for this filter, or `compute()`'s, stored for the version read before it ran. */
    async read<T>(modelId: number, filter: MediaFilter, compute: () => Promise<T>): Promise<T> {
      let key: string | undefined;
      try {
        const version = (await redis.get(libraryVersionKey(keyPrefix, modelId))) ?? '0';
        key = `${keyPrefix}:facets:${modelId}:${version}:${digest(filter)}`;
        const cached = await redis.get(key);
        if (cached !== null) return JSON.parse(cached) as T;
      } catch (error) {
        logger.debug({ err: error }, 'facet cache not read');
        return compute();
      }
      const shared = inFlight.get(key) as Promise<T> | undefined;
      if (shared) return shared;
      const stored = key;
      const computing = compute()
        .then(async (value) => {
          await redis
            .set(stored, JSON.stringify(value), 'EX', ttlSeconds)
            .catch((error: unknown) => logger.debug({ err: error }, 'facet cache not written'));
          return value;
        })
        .finally(() => inFlight.delete(stored));
      inFlight.set(stored, computing);
      return computing;
    },
  };
}

export type FacetsCacheRepository = ReturnType<typeof createFacetsCacheRepository>;

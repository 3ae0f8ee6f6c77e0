import type { Redis } from './redis';

const MINUTE = 60_000;
/** A minute's counts are kept this long, longer than any rule window reads. */
const KEEP_SECONDS = 2 * 3600;

/** Who downloaded: a signed-in user or an API key. */
export type DownloadSource = `user:${number}` | `api_key:${number}`;

/**
 * Downloads per source, for the mass-download rule, without a row per file: the api adds to one Redis hash per
 * minute (`HINCRBY downloads:<minute> <source> <n>`); the worker's rule sums the minutes of its window.
 */
export function createDownloadCounter(redis: Redis, keyPrefix: string) {
  const key = (minute: number) => `${keyPrefix}:security:downloads:${minute}`;
  return {
    async add(source: DownloadSource, files: number, at = Date.now()): Promise<void> {
      if (files <= 0) return;
      const bucket = key(Math.floor(at / MINUTE));
      await redis.multi().hincrby(bucket, source, files).expire(bucket, KEEP_SECONDS).exec();
    },

    /** Files per source over the minutes of the last `windowMs` (this minute included). */
    async totals(windowMs: number, now = Date.now()): Promise<Map<DownloadSource, number>> {
      const last = Math.floor(now / MINUTE);
      const minutes = Math.max(1, Math.ceil(windowMs / MINUTE));
      const pipeline = redis.pipeline();
      for (let minute = last - minutes + 1; minute <= last; minute += 1) pipeline.hgetall(key(minute));
      const totals = new Map<DownloadSource, number>();
      for (const [error, hash] of (await pipeline.exec()) ?? []) {
        if (error) throw error;
        for (const [source, n] of Object.entries((hash ?? {}) as Record<string, string>)) {
          const name = source as DownloadSource;
          totals.set(name, (totals.get(name) ?? 0) + Number(n));
        }
      }
      return totals;
    },
  };
}

export type DownloadCounter = ReturnType<typeof createDownloadCounter>;

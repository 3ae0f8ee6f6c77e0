import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from '@phoenix4ge/shared/node';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** Event batches one visitor may send per minute (the portfolio sends one every few seconds at most). */
export const VISITOR_EVENT_LIMIT = { points: 30, seconds: 60 };
/** Salts and "seen" sets outlive their day by a day (then the day's visitor keys cannot be recomputed). */
const KEEP_SECONDS = 2 * 86_400;

/**
 * Anonymous visitors of the public site, in Redis: a visitor is hash(the day's secret salt, IP, user agent), so
 * one visitor is recognised within a UTC day and never across days, and no IP is stored. Each visitor's
 * counted (kind, media) pairs of the day are kept so a repeat counts once; batches are rate-limited per visitor.
 */
export function createVisitorsRepository(redis: Redis, keyPrefix: string) {
  const base = `${keyPrefix}:visitors`;
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${keyPrefix}:ratelimit:public-events`,
    points: VISITOR_EVENT_LIMIT.points,
    duration: VISITOR_EVENT_LIMIT.seconds,
  });

  /** The day's salt: the first api instance to need it makes it; this process keeps the current day's. */
  let cached: { day: string; salt: string } | undefined;
  async function saltOf(day: string): Promise<string> {
    if (cached?.day === day) return cached.salt;
    const key = `${base}:salt:${day}`;
    await redis.set(key, randomBytes(32).toString('base64'), 'EX', KEEP_SECONDS, 'NX');
    const salt = await redis.get(key);
    if (!salt) throw new Error('the visitor salt vanished');
    cached = { day, salt };
    return salt;
  }

  return {
    /** Today's key of the visitor with this IP and user agent. */
    async key(ip: string, userAgent: string, at = new Date()): Promise<{ key: string; day: string }> {
      const day = at.toISOString().slice(0, 10);
      const salt = await saltOf(day);
      const key = createHash('sha256').update(`${salt}\0${ip}\0${userAgent}`).digest('base64url');
      return { key, day };
    },
    /** Takes one batch from the visitor's allowance: the seconds to wait when it is used up. */
    async limit(visitor: string): Promise<number | undefined> {
      try {
        await limiter.consume(visitor);
        return undefined;
      } catch (error) {
        if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw error;
      }
    },
    /** Which of these items the visitor had not yet had counted today (they are now). */
    async firstToday(visitor: { key: string; day: string }, kind: string, mediaIds: number[]) {
      if (mediaIds.length === 0) return [];
      const seen = `${base}:seen:${visitor.day}:${visitor.key}`;
      const multi = redis.multi();
      for (const id of mediaIds) multi.sadd(seen, `${kind}:${id}`);
      multi.expire(seen, KEEP_SECONDS);
      const replies = (await multi.exec()) ?? [];
      return mediaIds.filter((_, index) => replies[index]?.[1] === 1);
    },
  };
}

export type VisitorsRepository = ReturnType<typeof createVisitorsRepository>;

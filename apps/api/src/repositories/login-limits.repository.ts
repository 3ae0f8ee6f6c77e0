import type { Redis } from '@phoenix4ge/shared/node';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface LoginLimits {
  /** Login attempts one IP address may make per window. */
  perIp: { points: number; seconds: number };
  /** Failed logins one account (email) may have per window before it is locked for the window. */
  perAccount: { points: number; seconds: number };
}

export const defaultLoginLimits: LoginLimits = {
  perIp: { points: 20, seconds: 15 * 60 },
  perAccount: { points: 5, seconds: 15 * 60 },
};

/**
 * Login rate limits in Redis (rate-limiter-flexible), shared by every api instance. When Redis is down an
 * in-memory limiter takes over, so logins stay limited rather than unlimited.
 */
export function createLoginLimitsRepository(redis: Redis, keyPrefix: string, limits: LoginLimits) {
  const limiter = (name: string, points: number, duration: number) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${keyPrefix}:ratelimit:${name}`,
      points,
      duration,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration }),
    });
  const perIp = limiter('login-ip', limits.perIp.points, limits.perIp.seconds);
  const perAccount = limiter('login-account', limits.perAccount.points, limits.perAccount.seconds);
  const seconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

  return {
    /** Counts one attempt from `ip`; the seconds to wait when it is over the limit. */
    async attemptFromIp(ip: string): Promise<number | undefined> {
      try {
        await perIp.consume(ip);
        return undefined;
      } catch (error) {
        if (error instanceof RateLimiterRes) return seconds(error);
        throw error;
      }
    },
    /** The seconds this account stays locked, if it is. */
    async accountLockedFor(email: string): Promise<number | undefined> {
      const state = await perAccount.get(email);
      return state && state.consumedPoints >= limits.perAccount.points ? seconds(state) : undefined;
    },
    /** Counts a failed login; the seconds of lockout when this failure used up the allowance. */
    async failedLogin(email: string): Promise<number | undefined> {
      try {
        const state = await perAccount.consume(email);
        return state.remainingPoints === 0 ? seconds(state) : undefined;
      } catch (error) {
        if (error instanceof RateLimiterRes) return seconds(error);
        throw error;
      }
    },
    async succeededLogin(email: string): Promise<void> {
      await perAccount.delete(email);
    },
  };
}

export type LoginLimitsRepository = ReturnType<typeof createLoginLimitsRepository>;

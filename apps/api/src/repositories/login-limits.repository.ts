import type { Redis } from '@phoenix4ge/shared/node';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface LoginLimits {
  /** Failed logins one IP address may have per window (successful ones do not count: offices share an IP). */
  perIp: { points: number; seconds: number };
  /** Failed logins one account (email) may have per window before it is locked for the window. */
  perAccount: { points: number; seconds: number };
}

export const defaultLoginLimits: LoginLimits = {
  perIp: { points: 50, seconds: 15 * 60 },
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
    /** The seconds this IP must wait, when it has used up its failed attempts. */
    async ipBlockedFor(ip: string): Promise<number | undefined> {
      const state = await perIp.get(ip);
      return state && state.consumedPoints >= limits.perIp.points ? seconds(state) : undefined;
    },
    /** The seconds this account stays locked, if it is. */
    async accountLockedFor(email: string): Promise<number | undefined> {
      const state = await perAccount.get(email);
      return state && state.consumedPoints >= limits.perAccount.points ? seconds(state) : undefined;
    },
    /** Counts a failed login against the IP and the account; the seconds of account lockout when this used it up. */
    async failedLogin(email: string, ip: string): Promise<number | undefined> {
      await perIp.consume(ip).catch((error: unknown) => {
        if (!(error instanceof RateLimiterRes)) throw error;
      });
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

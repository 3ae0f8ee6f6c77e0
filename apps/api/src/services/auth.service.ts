import type { SessionsRepository, User } from '@phoenix4ge/db';
import type { ChangePassword, Login, Setup } from '@phoenix4ge/shared';
import { API_KEY_PATTERN } from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';
import { hashPassword, timingDummyHash, verifyPassword } from '../lib/passwords';
import { apiKeyHash, randomToken, sessionTokenHash } from '../lib/tokens';
import type { ApiKeysRepository } from '../repositories/api-keys.repository';
import type { LoginLimitsRepository } from '../repositories/login-limits.repository';
import type { UsersRepository } from '../repositories/users.repository';
import type { Caller, CallerUser } from './caller';
import type { SecurityLog } from './security-log';

/** A session lasts this long after its last renewal … */
export const SESSION_IDLE_MS = 7 * 24 * 3600_000;
/** … and never longer than this after sign-in. */
export const SESSION_MAX_MS = 30 * 24 * 3600_000;
/** Renewal (a write) happens at most this often per session. */
export const SESSION_RENEW_AFTER_MS = 3600_000;
/** `last_used_at` of an API key is written at most this often. */
const API_KEY_TOUCH_MS = 60_000;

export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} min`);
    this.name = 'RateLimitedError';
  }
}

const wrongCredentials = () =>
  new TRPCError({ code: 'UNAUTHORIZED', message: 'Email or password is incorrect' });

export interface IssuedSession {
  token: string;
  expiresAt: Date;
}

export interface AuthResult {
  caller: Caller;
  /** Set when the session cookie must be (re)sent: after renewal. */
  renewed?: IssuedSession;
  /** Set when the request carried a session cookie that is no longer valid. */
  clearCookie?: boolean;
}

export interface AuthServiceDeps {
  users: UsersRepository;
  sessions: SessionsRepository;
  apiKeys: ApiKeysRepository;
  limits: LoginLimitsRepository;
  security: SecurityLog;
  sessionSecret: string;
  /** Serialises first-run setup so two browsers cannot both create the first admin. */
  withSetupLock: <T>(work: () => Promise<T>) => Promise<T>;
}

export function toCallerUser(user: User): CallerUser {
  return { id: user.id, email: user.email, displayName: user.displayName, isAdmin: user.isAdmin };
}

export function createAuthService(deps: AuthServiceDeps) {
  const { users, sessions, apiKeys, limits, security } = deps;

  /** A new session is a sign-in (password login, first-run setup): the one place last sign-in is recorded. */
  async function issueSession(
    userId: number,
    ip: string,
    userAgent: string | undefined,
  ): Promise<IssuedSession> {
    const token = randomToken();
    const now = Date.now();
    await users.update(userId, { lastLoginAt: new Date(now) });
    const expiresAt = new Date(now + SESSION_IDLE_MS);
    await sessions.create({
      tokenHash: sessionTokenHash(token, deps.sessionSecret),
      userId,
      expiresAt,
      lastSeenAt: new Date(now),
      ip,
      userAgent: userAgent?.slice(0, 512),
    });
    return { token, expiresAt };
  }

  async function fromSession(token: string): Promise<AuthResult> {
    const found = await sessions.byTokenHash(sessionTokenHash(token, deps.sessionSecret));
    const now = Date.now();
    if (!found || found.user.disabledAt || found.session.expiresAt.getTime() <= now) {
      if (found) await sessions.delete(found.session.id);
      return { caller: { kind: 'anonymous', problem: 'session_expired' }, clearCookie: true };
    }
    const { session, user } = found;
    const caller: Caller = { kind: 'user', user: toCallerUser(user), sessionId: session.id };
    if (now - (session.lastSeenAt?.getTime() ?? 0) < SESSION_RENEW_AFTER_MS) return { caller };
    const expiresAt = new Date(Math.min(now + SESSION_IDLE_MS, session.createdAt.getTime() + SESSION_MAX_MS));
    await sessions.renew(session.id, expiresAt, new Date(now));
    return { caller, renewed: { token, expiresAt } };
  }

  async function fromApiKey(key: string, ip: string): Promise<AuthResult> {
    const found = API_KEY_PATTERN.test(key) ? await apiKeys.byHash(apiKeyHash(key)) : undefined;
    const now = Date.now();
    if (!found || found.revokedAt || (found.expiresAt && found.expiresAt.getTime() <= now)) {
      await security.record('bad_api_key', {
        ip,
        details: {
          prefix: key.slice(0, 12),
          reason: !found ? 'unknown' : found.revokedAt ? 'revoked' : 'expired',
        },
      });
      return { caller: { kind: 'anonymous', problem: 'bad_api_key' } };
    }
    if (!found.lastUsedAt || now - found.lastUsedAt.getTime() > API_KEY_TOUCH_MS) {
      await apiKeys.touch(found.id, new Date(now));
    }
    await security.keyUsed(found.id, ip);
    return {
      caller: {
        kind: 'apiKey',
        key: { id: found.id, name: found.name, role: found.role, modelId: found.modelId },
      },
    };
  }

  return {
    issueSession,

    /** Resolves the caller: a bearer API key wins over a session cookie. */
    async authenticate(input: {
      sessionToken?: string;
      authorization?: string;
      ip: string;
    }): Promise<AuthResult> {
      const bearer = input.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
      if (bearer) return fromApiKey(bearer, input.ip);
      if (input.authorization) return { caller: { kind: 'anonymous', problem: 'bad_api_key' } };
      if (input.sessionToken) return fromSession(input.sessionToken);
      return { caller: { kind: 'anonymous' } };
    },

    /**
     * One generic 401 for an unknown email, a wrong password or a disabled account, after the same argon2
     * work; 429 with the wait when the IP or the account is over its limit.
     */
    async login(
      input: Login,
      ip: string,
      userAgent?: string,
    ): Promise<{ session: IssuedSession; user: CallerUser }> {
      const ipWait = await limits.ipBlockedFor(ip);
      if (ipWait !== undefined) {
        await security.record('rate_limited', { email: input.email, ip, details: { limit: 'login-ip' } });
        throw new TRPCError({ code: 'TOO_MANY_REQUESTS', cause: new RateLimitedError(ipWait) });
      }
      const lockedFor = await limits.accountLockedFor(input.email);
      if (lockedFor !== undefined) {
        await security.record('rate_limited', {
          email: input.email,
          ip,
          details: { limit: 'login-account' },
        });
        throw new TRPCError({ code: 'TOO_MANY_REQUESTS', cause: new RateLimitedError(lockedFor) });
      }
      const user = await users.byEmail(input.email);
      const valid = await verifyPassword(user?.passwordHash ?? (await timingDummyHash()), input.password);
      if (!user || !valid || user.disabledAt) {
        const lockout = await limits.failedLogin(input.email, ip);
        await security.record('login_failed', {
          userId: user?.id,
          email: input.email,
          ip,
          details: { reason: !user ? 'unknown_email' : user.disabledAt ? 'disabled' : 'wrong_password' },
        });
        if (user) {
          await users.update(user.id, {
            failedLoginCount: user.failedLoginCount + 1,
            ...(lockout !== undefined ? { lockedUntil: new Date(Date.now() + lockout * 1000) } : {}),
          });
        }
        if (lockout !== undefined) {
          await security.record('account_locked', {
            userId: user?.id,
            email: input.email,
            ip,
            details: { seconds: lockout },
          });
        }
        throw wrongCredentials();
      }
      await limits.succeededLogin(input.email);
      await users.update(user.id, { failedLoginCount: 0, lockedUntil: null });
      return { session: await issueSession(user.id, ip, userAgent), user: toCallerUser(user) };
    },

    async logout(sessionId: number): Promise<void> {
      await sessions.delete(sessionId);
    },

    /** Ends every session of the user (this one too); returns how many. */
    async logoutEverywhere(userId: number, ip: string): Promise<number> {
      const ended = await sessions.deleteForUser(userId);
      await security.record('sessions_revoked', {
        userId,
        ip,
        details: { ended, reason: 'logout_everywhere' },
      });
      return ended;
    },

    /** Checks the current password, stores the new one and ends every other session of the user. */
    async changePassword(user: CallerUser, sessionId: number, input: ChangePassword, ip: string) {
      const stored = await users.byId(user.id);
      if (!stored || !(await verifyPassword(stored.passwordHash, input.currentPassword))) {
        await security.record('login_failed', {
          userId: user.id,
          email: user.email,
          ip,
          details: { reason: 'change_password' },
        });
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'The current password is incorrect' });
      }
      if (input.newPassword.toLowerCase() === user.email) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'The password must not be your email' });
      }
      await users.update(user.id, { passwordHash: await hashPassword(input.newPassword) });
      const ended = await sessions.deleteForUser(user.id, sessionId);
      await security.record('password_changed', {
        userId: user.id,
        email: user.email,
        ip,
        details: { otherSessionsEnded: ended },
      });
      return { otherSessionsEnded: ended };
    },

    async needsSetup(): Promise<boolean> {
      return (await users.count()) === 0;
    },

    /** First-run setup: creates the first admin, only while no user exists. */
    async setup(input: Setup, ip: string, userAgent?: string) {
      const passwordHash = await hashPassword(input.password);
      const userId = await deps.withSetupLock(async () => {
        if ((await users.count()) > 0) {
          throw new TRPCError({ code: 'FORBIDDEN', message: 'Setup is already done; sign in instead' });
        }
        return users.create({
          email: input.email,
          displayName: input.displayName,
          passwordHash,
          isAdmin: true,
        });
      });
      const user = await users.byId(userId);
      if (!user) throw new Error('the first admin vanished');
      return { session: await issueSession(userId, ip, userAgent), user: toCallerUser(user) };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

import type { User } from '@phoenix4ge/db';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashPassword, timingDummyHash, verifyPassword } from '../lib/passwords';
import type { AuthServiceDeps } from './auth.service';
import { createAuthService } from './auth.service';

// The real argon2id, spied on: the spec counts the password work each way through `login` does.
vi.mock('../lib/passwords', { spy: true });

const password = 'correct horse battery staple';
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(password);
  // Made once per process, on first use; made here so every login below starts from the same state.
  await timingDummyHash();
});

beforeEach(() => {
  vi.clearAllMocks();
});

function userRow(overrides: Partial<User> = {}): User {
  return {
    id: 1,
    email: 'ann@example.test',
    passwordHash,
    displayName: 'Ann',
    isAdmin: false,
    failedLoginCount: 0,
    lockedUntil: null,
    lastLoginAt: null,
    disabledAt: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  };
}

/** A fake with only the methods a test reaches; any other is undefined and fails loudly when called. */
const fake = <T>(methods: Partial<T>) => methods as T;

/** An auth service over fake repositories holding `stored`, with no login limit reached. */
function authService(stored: User[]) {
  type Deps = AuthServiceDeps;
  return createAuthService({
    users: fake<Deps['users']>({
      byEmail: async (email) => stored.find((user) => user.email === email),
      update: async () => {},
    }),
    sessions: fake<Deps['sessions']>({ create: async () => 1 }),
    apiKeys: fake<Deps['apiKeys']>({}),
    limits: fake<Deps['limits']>({
      ipBlockedFor: async () => undefined,
      accountLockedFor: async () => undefined,
      failedLogin: async () => undefined,
      succeededLogin: async () => {},
    }),
    security: fake<Deps['security']>({ record: async () => {}, keyUsed: async () => {} }),
    sessionSecret: 's'.repeat(32),
    withSetupLock: (work) => work(),
  });
}

/** `$argon2id$v=19$m=…,t=…,p=…$salt$hash` → the algorithm, version and cost: what a verify's work depends on. */
const cost = (hash: string) => hash.split('$').slice(1, 4).join('$');

describe('auth.login: the same work whatever is wrong', () => {
  let service: ReturnType<typeof authService>;
  beforeAll(() => {
    service = authService([
      userRow(),
      userRow({ id: 2, email: 'gone@example.test', disabledAt: new Date('2026-01-01T00:00:00Z') }),
    ]);
  });

  it.each([
    { wrong: 'a wrong password', email: 'ann@example.test', given: 'not it', against: 'the stored hash' },
    { wrong: 'an unknown email', email: 'nobody@example.test', given: 'not it', against: 'the dummy hash' },
    { wrong: 'a disabled account', email: 'gone@example.test', given: password, against: 'the stored hash' },
  ])(
    '$wrong: one argon2id verify (against $against) at the same cost, no hashing, the generic 401',
    async ({ email, given, against }) => {
      await expect(service.login({ email, password: given }, '127.0.0.1')).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
        message: 'Email or password is incorrect',
      });
      expect(verifyPassword).toHaveBeenCalledTimes(1);
      expect(hashPassword).not.toHaveBeenCalled();
      const verified = vi.mocked(verifyPassword).mock.calls[0]?.[0] ?? '';
      expect(verified).toBe(against === 'the stored hash' ? passwordHash : await timingDummyHash());
      expect(cost(verified)).toBe(cost(passwordHash));
    },
  );

  it('the right password does that same one verify, then signs in', async () => {
    const { user } = await service.login({ email: 'ann@example.test', password }, '127.0.0.1');
    expect(user.id).toBe(1);
    expect(verifyPassword).toHaveBeenCalledTimes(1);
    expect(verifyPassword).toHaveBeenCalledWith(passwordHash, password);
    expect(hashPassword).not.toHaveBeenCalled();
  });

  it('hashes at argon2id cost, the timing dummy too', async () => {
    expect(cost(passwordHash)).toMatch(/^argon2id\$v=\d+\$m=\d+,t=\d+,p=\d+$/);
    expect(cost(await timingDummyHash())).toBe(cost(passwordHash));
    expect(await timingDummyHash()).not.toBe(passwordHash);
  });
});

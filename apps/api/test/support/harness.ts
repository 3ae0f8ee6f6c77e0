/// <reference path="./provided-context.d.ts" />
import { randomBytes } from 'node:crypto';
import { dropDatabase, runMigrations, withDatabaseName } from '@phoenix4ge/db';
import type { Logger } from '@phoenix4ge/shared/node';
import { loadWorkerConfig } from '@phoenix4ge/worker/env';
import { createWorker } from '@phoenix4ge/worker/worker';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import superjson from 'superjson';
import { inject, vi } from 'vitest';
import { loadApiConfig } from '../../src/env';
import type { LoginLimits } from '../../src/repositories/login-limits.repository';
import type { AppRouter } from '../../src/router-types';
import { createServer } from '../../src/server';

type Env = Record<string, string>;

/** This run's environment (own database, key prefix, storage), plus overrides. */
export function testEnv(overrides: Env = {}): Env {
  return { ...inject('testEnv'), ...overrides };
}

/** A key prefix of its own, for tests that must not see other test files' workers or jobs. */
export function isolatedPrefix(): Env {
  return { REDIS_KEY_PREFIX: `${inject('testEnv').REDIS_KEY_PREFIX}_${randomBytes(3).toString('hex')}` };
}

/** A storage folder of its own (inside the run's, which the global teardown removes), for file-level checks. */
export function isolatedStorage(): Env {
  return {
    MEDIA_STORAGE_PATH: `${inject('testEnv').MEDIA_STORAGE_PATH}/isolated-${randomBytes(3).toString('hex')}`,
  };
}

export async function startApi(
  overrides: Env = {},
  options: { loginLimits?: LoginLimits; logger?: Logger } = {},
) {
  const config = loadApiConfig(testEnv({ PORT: '0', HOST: '127.0.0.1', ...overrides }));
  const api = await createServer({ config, loginLimits: options.loginLimits, logger: options.logger });
  const url = await api.start();
  return { ...api, url, config };
}

export async function startWorker(overrides: Env = {}) {
  const config = loadWorkerConfig(testEnv(overrides));
  const worker = createWorker({ config, workerId: `test-worker-${randomBytes(3).toString('hex')}` });
  await worker.start();
  return worker;
}

export interface ClientCredentials {
  /** A `p4g_session=…` cookie header, from `signIn`. */
  cookie?: string;
  apiKey?: string;
}

/**
 * A typed client like the SPA's: CSRF header on every request, plus a session cookie or an API key;
 * subscriptions over SSE.
 */
export function trpcClient(url: string, credentials: ClientCredentials = {}) {
  const auth = {
    ...(credentials.cookie ? { cookie: credentials.cookie } : {}),
    ...(credentials.apiKey ? { authorization: `Bearer ${credentials.apiKey}` } : {}),
  };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${url}/trpc`,
          transformer: superjson,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...auth } }),
          }),
        }),
        false: httpBatchLink({
          url: `${url}/trpc`,
          transformer: superjson,
          headers: () => ({ 'x-p4g-csrf': '1', ...auth }),
        }),
      }),
    ],
  });
}

type Api = Awaited<ReturnType<typeof startApi>>;

let userCounter = 0;
/** A user made directly through the services (no audit entry), with a unique email unless one is given. */
export async function createUser(
  api: Api,
  options: { email?: string; isAdmin?: boolean; password?: string } = {},
) {
  userCounter += 1;
  const email = options.email ?? `user${userCounter}-${randomBytes(3).toString('hex')}@example.test`;
  const password = options.password ?? 'correct horse battery staple';
  const user = await api.services.users.create({
    email,
    displayName: email.split('@')[0] ?? email,
    password,
    isAdmin: options.isAdmin ?? false,
  });
  return { ...user, password };
}

export async function createModel(api: Api, slug = `model-${randomBytes(4).toString('hex')}`) {
  return api.services.models.create({ slug, displayName: `Model ${slug}` });
}

/** Signs in over HTTP and returns the session cookie to send back. */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-p4g-csrf': '1' },
    body: JSON.stringify({ json: { email, password } }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((header) => header.startsWith('p4g_session='));
  if (!cookie) throw new Error('sign-in set no session cookie');
  return cookie.split(';')[0] ?? cookie;
}

/** An admin user, signed in: the cookie and a client using it. */
export async function signedInAdmin(api: Api) {
  const admin = await createUser(api, { isAdmin: true });
  const cookie = await signIn(api.url, admin.email, admin.password);
  return { admin, cookie, client: trpcClient(api.url, { cookie }) };
}

/** Reads until `accept` holds (vi.waitFor, every 200 ms) and returns that value; fails after `timeoutMs`. */
export async function until<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await read();
      if (!accept(value))
        throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
      return value;
    },
    { timeout: timeoutMs, interval: 200 },
  );
}

/**
 * A database of its own for one test file (first-run setup needs an empty one), migrated; `drop()` removes it.
 * Pass `env` to startApi/startWorker.
 */
export async function freshDatabase() {
  const base = loadApiConfig(testEnv()).database;
  const database = withDatabaseName(base, `${base.database}_${randomBytes(3).toString('hex')}`);
  await runMigrations(database);
  return { env: { DATABASE_URL: database.url }, drop: () => dropDatabase(database) };
}

/** An admin caller for setting up test data through the services. */
const testAdmin = {
  kind: 'user' as const,
  user: { id: 0, email: 'test-setup@example.test', displayName: 'Test setup', isAdmin: true },
  sessionId: 0,
};

/** The model's database row (services take rows, not slugs). */
export function modelRow(api: Api, slug: string) {
  return api.services.access.authorizeModel(testAdmin, slug, 'admin', '127.0.0.1', 'test-setup');
}

/** Makes a user (new, unless `email` names an existing one) a member of the model and signs them in. */
export async function signedInMember(api: Api, slug: string, role: 'editor' | 'viewer') {
  const user = await createUser(api);
  await api.services.members.add(await modelRow(api, slug), { email: user.email, role });
  const cookie = await signIn(api.url, user.email, user.password);
  return { user, cookie, headers: { cookie } };
}

/// <reference path="./provided-context.d.ts" />
import { randomBytes } from 'node:crypto';
import { loadWorkerConfig } from '@phoenix4ge/worker/env';
import { createWorker } from '@phoenix4ge/worker/worker';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { inject } from 'vitest';
import { loadApiConfig } from '../../src/env';
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

export async function startApi(overrides: Env = {}) {
  const config = loadApiConfig(testEnv({ PORT: '0', HOST: '127.0.0.1', ...overrides }));
  const api = await createServer({ config });
  const url = await api.start();
  return { ...api, url, config };
}

export async function startWorker(overrides: Env = {}) {
  const config = loadWorkerConfig(testEnv(overrides));
  const worker = createWorker({ config, workerId: `test-worker-${randomBytes(3).toString('hex')}` });
  await worker.start();
  return worker;
}

export function trpcClient(url: string) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${url}/trpc`, transformer: superjson })],
  });
}

export async function until<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!accept(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await read();
  }
  return last;
}

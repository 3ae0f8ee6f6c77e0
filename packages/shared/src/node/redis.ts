import type { RedisOptions } from 'ioredis';
import { Redis } from 'ioredis';
import type { RedisConfig } from './config';

export type { Redis };

/**
 * What keeps one deployment apart from another on the same Redis server: its key prefix and database number
 * (pub/sub ignores the database, so channels need both). Its channels and its outbox rows are named by it.
 */
export function deploymentScope(redis: Pick<RedisConfig, 'keyPrefix' | 'db'>): string {
  return `${redis.keyPrefix}:db${redis.db}`;
}

/**
 * - `command`: request-path connection that fails fast while Redis is down (no offline queue), so /health and
 *   producers answer at once instead of hanging.
 * - `blocking`: BullMQ Worker/QueueEvents and subscribers, which must wait and reconnect forever.
 */
export type RedisRole = 'command' | 'blocking';

export function redisOptions(
  config: RedisConfig,
  role: RedisRole,
  name: string,
): RedisOptions & { retryStrategy: (times: number) => number } {
  return {
    host: config.host,
    port: config.port,
    username: config.username,
    password: config.password,
    db: config.db,
    tls: config.tls ? {} : undefined,
    connectionName: name,
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(200 * times, 2000),
    ...(role === 'command'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 }
      : { enableOfflineQueue: true, maxRetriesPerRequest: null }),
  };
}

export function createRedis(config: RedisConfig, role: RedisRole, name: string): Redis {
  return new Redis(redisOptions(config, role, name));
}

/** Resolves once the connection is ready, or rejects after `timeoutMs` with a clear reason. */
export async function waitForRedis(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    let lastError: Error | undefined;
    const onError = (error: Error) => {
      lastError = error;
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new Error(`Redis did not answer within ${timeoutMs} ms${lastError ? `: ${lastError.message}` : ''}`),
      );
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
    };
    redis.on('ready', onReady);
    redis.on('error', onError);
  });
}

/**
 * Deletes every key starting with `prefix` (test runs use a fresh random prefix, and per-test prefixes that
 * extend it, and drop them all afterwards). Pass `name:` to stay inside one exact prefix.
 */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { dropDatabase, runMigrations, withDatabaseName } from '@phoenix4ge/db';
import {
  commonEnvShape,
  createRedis,
  deleteKeysWithPrefix,
  parseEnv,
  resolveDatabase,
  resolveRedis,
} from '@phoenix4ge/shared/node';
import type { TestProject } from 'vitest/node';
import { z } from 'zod';

/** One fresh database (migrated) and Redis key prefix per test run, dropped afterwards. */
export default async function setup(project: TestProject) {
  const base = parseEnv(z.object(commonEnvShape), process.env);
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = withDatabaseName(resolveDatabase(base), `p4g_test_${suffix}`);
  const redisConfig = { ...resolveRedis(base), keyPrefix: `p4gtest_${suffix}` };
  const storagePath = await mkdtemp(path.join(os.tmpdir(), 'p4g-test-media-'));

  await runMigrations(database);

  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: database.url,
    REDIS_HOST: redisConfig.host,
    REDIS_PORT: String(redisConfig.port),
    REDIS_DB: String(redisConfig.db),
    REDIS_KEY_PREFIX: redisConfig.keyPrefix,
    MEDIA_STORAGE_PATH: storagePath,
    // A test's api stops within seconds even if a test left a request running (the drain test sets its own).
    SHUTDOWN_TIMEOUT_MS: '5000',
  };
  if (redisConfig.password) env.REDIS_PASSWORD = redisConfig.password;
  // The SPA `pnpm test` built for the tests (apps/web/dist-test), not the one a running `pnpm start` serves.
  if (process.env.WEB_DIST_PATH) env.WEB_DIST_PATH = process.env.WEB_DIST_PATH;
  project.provide('testEnv', env);

  return async () => {
    await dropDatabase(database);
    const redis = createRedis(redisConfig, 'blocking', 'p4g-test-teardown');
    try {
      await deleteKeysWithPrefix(redis, redisConfig.keyPrefix);
    } finally {
      redis.disconnect();
    }
    await rm(storagePath, { recursive: true, force: true });
  };
}

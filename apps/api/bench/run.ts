// Entry of `pnpm bench` (after apps/api/scripts/bench.mjs has built the apps and made sure the services run).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dropDatabase, runMigrations, withDatabaseName } from '@phoenix4ge/db';
import {
  commonEnvShape,
  createRedis,
  deleteKeysWithPrefix,
  parseEnv,
  resolveDatabase,
  resolveRedis,
  workspaceRoot,
} from '@phoenix4ge/shared/node';
import { z } from 'zod';
import type { Benchmark, BenchResult } from './harness';
import { discoverBenchmarkFiles, updateBenchmarksFile } from './harness';

const root = workspaceRoot();
const wanted = process.argv.slice(2);
const benchmarks: Benchmark[] = [];
for (const file of discoverBenchmarkFiles(root)) {
  const module = (await import(pathToFileURL(file).href)) as { default: Benchmark };
  if (wanted.length === 0 || wanted.includes(module.default.id)) benchmarks.push(module.default);
}
if (benchmarks.length === 0) {
  console.error(`No benchmark matches ${wanted.join(', ')}`);
  process.exit(1);
}

// Each bench run gets its own database and Redis key prefix, dropped afterwards.
const base = parseEnv(z.object(commonEnvShape), process.env);
const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const database = withDatabaseName(resolveDatabase(base), `p4g_bench_${suffix}`);
const redisConfig = { ...resolveRedis(base), keyPrefix: `p4gbench_${suffix}` };
await runMigrations(database);
const env: Record<string, string> = {
  ...(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >),
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATABASE_URL: database.url,
  REDIS_KEY_PREFIX: redisConfig.keyPrefix,
  SESSION_SECRET: randomBytes(32).toString('hex'),
  ENCRYPTION_KEY: randomBytes(32).toString('hex'),
};

const results: BenchResult[] = [];
try {
  for (const benchmark of benchmarks) {
    console.log(`\n▶ ${benchmark.title}`);
    const figures = await benchmark.run({ root, env, log: (message) => console.log(`  ${message}`) });
    for (const figure of figures) console.log(`  ${figure.name}: ${figure.value.toFixed(1)} ${figure.unit}`);
    results.push({ benchmark, figures, ranAt: new Date() });
  }
} finally {
  await dropDatabase(database);
  const redis = createRedis(redisConfig, 'blocking', 'p4g-bench-cleanup');
  await deleteKeysWithPrefix(redis, redisConfig.keyPrefix).finally(() => redis.disconnect());
}

const command = ['pnpm bench', ...wanted].join(' ');
updateBenchmarksFile(path.join(root, 'BENCHMARKS.md'), results, command);
console.log(`\nWrote ${results.length} section(s) to BENCHMARKS.md`);

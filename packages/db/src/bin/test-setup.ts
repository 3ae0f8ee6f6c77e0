import { randomBytes } from 'node:crypto';
import { createDatabaseIfMissing, dropDatabase, withDatabaseName } from '../admin';
import { runMigrations } from '../migrate';
import { fail, loadDatabaseConfig } from './cli';

/**
 * `pnpm db:test:setup`: creates (when missing) and migrates the test database `<DB_NAME>_test` on the configured
 * server, and checks that the account may create and drop databases, which every `pnpm test` run does (each run
 * makes its own fresh `p4g_test_…` database and drops it afterwards, so the suite itself needs no setup).
 */
const script = 'db:test:setup';
const base = loadDatabaseConfig(script);
const config = withDatabaseName(
  base,
  base.database.endsWith('_test') ? base.database : `${base.database}_test`.slice(0, 64),
);

try {
  const { applied, current } = await runMigrations(config);
  const where = `${config.host}:${config.port}/${config.database}`;
  process.stdout.write(
    applied.length === 0
      ? `Test database ${where} is up to date (${current.at(-1) ?? 'no migrations'})\n`
      : `Test database ${where} created or migrated: ${applied.join(', ')}\n`,
  );
  const probe = withDatabaseName(base, `p4g_test_probe_${randomBytes(3).toString('hex')}`);
  await createDatabaseIfMissing(probe);
  await dropDatabase(probe);
  process.stdout.write(`User "${config.user}" may create and drop the per-run databases of \`pnpm test\`\n`);
} catch (error) {
  fail(script, error, config);
}

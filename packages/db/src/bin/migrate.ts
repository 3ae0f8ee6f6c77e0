import { runMigrations } from '../migrate';
import { fail, loadDatabaseConfig } from './cli';

const script = 'db:migrate';
const config = loadDatabaseConfig(script);

try {
  const { applied, current } = await runMigrations(config);
  const where = `${config.host}:${config.port}/${config.database}`;
  if (applied.length === 0) {
    process.stdout.write(`${where} is up to date (${current.at(-1) ?? 'no migrations'})\n`);
  } else {
    process.stdout.write(`Applied to ${where}: ${applied.join(', ')}\n`);
  }
} catch (error) {
  fail(script, error, config);
}

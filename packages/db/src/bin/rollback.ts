import { rollbackLatest } from '../rollback';
import { fail, loadDatabaseConfig } from './cli';

const script = 'db:rollback';
const config = loadDatabaseConfig(script);

try {
  const tag = await rollbackLatest(config);
  process.stdout.write(`Rolled back ${tag} on ${config.host}:${config.port}/${config.database}\n`);
} catch (error) {
  fail(script, error, config);
}

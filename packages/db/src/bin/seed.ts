import { createDb } from '../client';
import { seedDemoData } from '../seed';
import { fail, loadDatabaseConfig } from './cli';

const script = 'db:seed';
const config = loadDatabaseConfig(script);
const handle = createDb(config, { connectionLimit: 1 });

try {
  const { modelsCreated, categoriesCreated } = await seedDemoData(handle.db);
  process.stdout.write(
    `Seeded ${config.database}: ${modelsCreated} new model(s), ${categoriesCreated} new categor${categoriesCreated === 1 ? 'y' : 'ies'}\n`,
  );
} catch (error) {
  await handle.close().catch(() => undefined);
  fail(script, error, config);
}
await handle.close();

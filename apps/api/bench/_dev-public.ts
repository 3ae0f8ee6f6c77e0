// Temporary dev harness (not committed): the bench library's api with web variants, for profiling.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createPublicationRepository } from '@phoenix4ge/db';
import { commonEnvShape, parseEnv, resolveDatabase } from '@phoenix4ge/shared/node';
import { z } from 'zod';
import { openLibraryDatabase } from './library/database';
import { BIG_MODEL_SLUG, LIBRARY } from './library/size';
import { addWebVariants, removeWebVariants } from './public/seed';

const root = path.resolve(import.meta.dirname, '../../..');
const env = process.env as Record<string, string>;
const common = parseEnv(z.object(commonEnvShape), env);
const library = await openLibraryDatabase(resolveDatabase(common), root, LIBRARY, true, console.log);
const [bigRows] = await library.handle.pool.query('SELECT id FROM models WHERE slug = ?', [BIG_MODEL_SLUG]);
const big = (bigRows as { id: number }[])[0] as { id: number };
const newest = await createPublicationRepository(library.handle.db).galleryPage(big.id, { limit: 240 });
const ids = newest.map((row) => row.id);
await addWebVariants(library.handle, ids);
const port = process.env.DEV_PORT ?? '4999';
const nodeArgs = (process.env.DEV_NODE_ARGS ?? '').split(' ').filter(Boolean);
const api = spawn(process.execPath, [...nodeArgs, path.join(root, 'apps/api/dist/index.js')], {
  env: {
    ...env,
    NODE_ENV: 'production',
    DATABASE_URL: library.config.url,
    PORT: port,
    HOST: '127.0.0.1',
    TRASH_RETENTION_DAYS: '3650',
    MEDIA_STORAGE_PATH: '/tmp/dev-public-storage',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
console.log(`api pid ${api.pid} http://127.0.0.1:${port}/api/public/${BIG_MODEL_SLUG}/gallery?limit=60`);
const stop = async () => {
  api.kill('SIGTERM');
  await new Promise((r) => api.once('exit', r));
  await removeWebVariants(library.handle, ids);
  await library.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

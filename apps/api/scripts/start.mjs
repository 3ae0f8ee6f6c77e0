// `pnpm start`: fresh machine → running product. Installs, builds, makes sure MySQL/MariaDB and Redis answer
// (starting project-local ones if needed), migrates, starts api + worker, prints the URL. Ctrl-C stops all of it.
import { ensureSecrets, loadEnvFiles } from './lib/env-files.mjs';
import { launch, root, run, step, terminate, waitFor } from './lib/proc.mjs';
import { ensureServices } from './lib/services.mjs';

loadEnvFiles(root);
process.env.NODE_ENV ??= 'production';
if (process.env.NODE_ENV === 'production') ensureSecrets(root);
const port = process.env.PORT ?? '3000';

let services;
const children = [];
let shuttingDown = false;

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log('\nStopping ...');
  // The supervisors drain their copies (SHUTDOWN_TIMEOUT_MS, WORKER_GRACEFUL_STOP_MS: 30 s each by default).
  await Promise.all(children.map((child) => terminate(child, 90_000)));
  await services?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  step('Installing dependencies');
  await run('pnpm', ['install', '--frozen-lockfile']);
  step('Building');
  await run('pnpm', ['build']);
  step('Checking MySQL/MariaDB and Redis');
  services = await ensureServices();
  step('Migrating the database');
  await run('pnpm', ['--silent', 'db:migrate']);
  // Supervisors: API_INSTANCES api copies sharing the port and WORKER_INSTANCES workers (1 each by default),
  // restarted when they crash, replaced past API_/WORKER_MAX_MEMORY_MB, drained on Ctrl-C/SIGTERM.
  step('Starting api and worker');
  children.push(launch('api', 'node', ['--enable-source-maps', 'apps/api/dist/cluster.js']));
  children.push(
    launch('worker', 'node', ['--enable-source-maps', 'apps/worker/dist/cluster.js'], {
      env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' },
    }),
  );
  for (const child of children) {
    void child.stopped.then(({ name, code, signal }) => {
      if (shuttingDown) return;
      console.error(`${name} exited (${signal ?? `code ${code}`}); stopping everything.`);
      void shutdown(1);
    });
  }
  await waitFor(
    async () => {
      try {
        await fetch(`http://127.0.0.1:${port}/health`);
        return true;
      } catch {
        return false;
      }
    },
    60_000,
    'The api',
  );
  console.log(
    `\nphoenix4ge Media Library is running at http://localhost:${port}  (health: http://localhost:${port}/health)`,
  );
  console.log('Press Ctrl-C to stop.');
} catch (error) {
  console.error(`\n${error instanceof Error ? error.message : error}`);
  await shutdown(1);
}

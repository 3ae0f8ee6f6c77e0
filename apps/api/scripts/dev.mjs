// `pnpm dev`: the same services and migrations as `pnpm start`, then `turbo dev`: api and worker under
// tsx watch, the SPA under Vite with hot reload (proxying /trpc and /health to the api), and the moderation
// provider simulator on :3900 unless a real provider is configured.
import { loadEnvFiles, useModerationSimulator } from './lib/env-files.mjs';
import { launch, root, run, step, terminate } from './lib/proc.mjs';
import { ensureServices } from './lib/services.mjs';

loadEnvFiles(root);
process.env.NODE_ENV ??= 'development';
const port = process.env.PORT ?? '3000';
const simulator = useModerationSimulator(port);

let services;
let turbo;
let shuttingDown = false;
async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  await terminate(turbo);
  await services?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  step('Installing dependencies');
  await run('pnpm', ['install', '--frozen-lockfile']);
  step('Checking MySQL/MariaDB and Redis');
  services = await ensureServices();
  step('Migrating the database');
  await run('pnpm', ['--silent', 'db:migrate']);
  step(`Starting turbo dev: api http://localhost:${port}, SPA with hot reload http://localhost:5173`);
  turbo = launch('turbo', 'pnpm', [
    'exec',
    'turbo',
    'run',
    'dev',
    '--filter=@phoenix4ge/api',
    '--filter=@phoenix4ge/worker',
    '--filter=@phoenix4ge/web',
    ...(simulator ? ['--filter=@phoenix4ge/moderation-simulator'] : []),
  ]);
  const { code } = await turbo.stopped;
  await shutdown(code ?? 0);
} catch (error) {
  console.error(`\n${error instanceof Error ? error.message : error}`);
  await shutdown(1);
}

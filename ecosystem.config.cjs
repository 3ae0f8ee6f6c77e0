// PM2, instead of `pnpm start`'s own supervisors: after `pnpm install && pnpm build && pnpm db:migrate`,
// `pm2 start ecosystem.config.cjs` (README: Running in production). The same variables as `pnpm start`: the
// shell's environment, then `.env` and `.data/secrets.env` (what is already set wins).
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');
const { parseEnv } = require('node:util');

const env = { NODE_ENV: 'production' };
for (const file of ['.env', '.data/secrets.env']) {
  const full = path.join(__dirname, file);
  if (existsSync(full)) Object.assign(env, parseEnv(readFileSync(full, 'utf8')));
}
Object.assign(env, process.env);

const whole = (name, fallback) => (/^\d+$/.test(env[name] ?? '') ? Number(env[name]) : fallback);
const instances = (name) => (env[name] === 'max' ? 'max' : whole(name, 1));
const memoryLimit = (name, fallbackMb) => {
  const mb = whole(name, fallbackMb);
  return mb > 0 ? { max_memory_restart: `${mb}M` } : {};
};
// `pnpm test` builds into dist-test (BUILD_OUT_DIR), like the apps' tsup configs.
const built = (app) => path.join(__dirname, 'apps', app, env.BUILD_OUT_DIR ?? 'dist', 'index.js');

module.exports = {
  apps: [
    {
      name: 'phoenix4ge-api',
      script: built('api'),
      cwd: __dirname,
      node_args: '--enable-source-maps',
      // Copies share PORT through Node's cluster module, like apps/api/dist/cluster.js.
      exec_mode: 'cluster',
      instances: instances('API_INSTANCES'),
      ...memoryLimit('API_MAX_MEMORY_MB', 1024),
      // PM2 stops with SIGINT, which drains like SIGTERM: SHUTDOWN_TIMEOUT_MS, then 10 s to close connections.
      kill_timeout: whole('SHUTDOWN_TIMEOUT_MS', 30_000) + 15_000,
      listen_timeout: 30_000,
      // Crashes restart with PM2's exponential backoff, not in a hot loop.
      exp_backoff_restart_delay: 1000,
      env,
    },
    {
      name: 'phoenix4ge-worker',
      script: built('worker'),
      cwd: __dirname,
      // The GC flags apps/worker/src/node-flags.ts gives every worker process (why: there).
      node_args: '--enable-source-maps --single-threaded-gc',
      exec_mode: 'fork',
      instances: instances('WORKER_INSTANCES'),
      ...memoryLimit('WORKER_MAX_MEMORY_MB', 2048),
      // Running jobs get WORKER_GRACEFUL_STOP_MS, then are handed back; the worker exits within 15 s more.
      kill_timeout: whole('WORKER_GRACEFUL_STOP_MS', 30_000) + 20_000,
      exp_backoff_restart_delay: 1000,
      env: { MALLOC_ARENA_MAX: '2', ...env },
    },
  ],
};

import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runMigrations } from '@phoenix4ge/db';
import { until } from './harness';
import { freePort, greets } from './ports';

export const mariadbd = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find((candidate) => existsSync(candidate));
export const installDb = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'].find((candidate) =>
  existsSync(candidate),
);
const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];

/**
 * A private MariaDB (its own data folder and port, migrated database `name`) that a test or trial may stop and
 * start again without disturbing anyone else's. `env` points the api and worker at it; `serverArgs` are added
 * to mariadbd's; `migrate: false` leaves the database to the caller.
 */
export async function startPrivateMariaDb(
  name = 'phoenix4ge_reliability',
  options: { serverArgs?: string[]; migrate?: boolean } = {},
) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'p4g-private-mariadb-'));
  const init = spawnSync(installDb ?? 'mariadb-install-db', [
    '--no-defaults',
    `--datadir=${dataDir}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    ...asRoot,
  ]);
  if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr.toString()}`);
  const port = await freePort();
  let child: ChildProcess | undefined;

  async function start() {
    child = spawn(mariadbd ?? 'mariadbd', [
      '--no-defaults',
      `--datadir=${dataDir}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${path.join(dataDir, 'sock')}`,
      `--pid-file=${path.join(dataDir, 'pid')}`,
      '--max-connections=500',
      ...(options.serverArgs ?? []),
      ...asRoot,
    ]);
    await until(() => greets(port), Boolean, 60_000);
  }

  /** SIGTERM (a clean restart's first half) or SIGKILL (a crash); waits for the process to end. */
  async function stop(signal: NodeJS.Signals = 'SIGTERM') {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  }

  await start();
  const url = `mysql://root@127.0.0.1:${port}/${name}`;
  const config = { host: '127.0.0.1', port, user: 'root', password: '', database: name, url };
  if (options.migrate !== false) await runMigrations(config);
  return {
    port,
    config,
    env: { DATABASE_URL: url },
    start,
    stop,
    async remove() {
      await stop('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type PrivateMariaDb = Awaited<ReturnType<typeof startPrivateMariaDb>>;

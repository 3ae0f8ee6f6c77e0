import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runMigrations } from '@phoenix4ge/db';
import type { HealthReport } from '@phoenix4ge/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isolatedPrefix, startApi, startWorker, until } from './support/harness';
import { freePort, greets } from './support/ports';
import { describeNeeding, need } from './support/requirements';

const mariadbd = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find((candidate) => existsSync(candidate));
const installDb = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'].find((candidate) =>
  existsSync(candidate),
);
const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
const needs = [
  need(mariadbd, '/usr/sbin/mariadbd or /usr/sbin/mysqld (the mariadb-server package)'),
  need(installDb, '/usr/bin/mariadb-install-db or /usr/bin/mysql_install_db'),
];

/** A private MariaDB in a temporary data folder, so stopping it disturbs nothing else. */
async function startMariaDb(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(mariadbd ?? 'mariadbd', [
    '--no-defaults',
    `--datadir=${dataDir}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${path.join(dataDir, 'sock')}`,
    `--pid-file=${path.join(dataDir, 'pid')}`,
    ...asRoot,
  ]);
  await until(() => greets(port), Boolean, 30_000);
  return child;
}

async function stop(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function health(url: string) {
  const response = await fetch(`${url}/health`);
  return { status: response.status, body: (await response.json()) as HealthReport };
}

describeNeeding(needs, 'MySQL/MariaDB stopping while the api runs', () => {
  let dataDir: string;
  let port: number;
  let database: ChildProcess | undefined;
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'p4g-test-mariadb-'));
    const init = spawnSync(installDb ?? '', [
      '--no-defaults',
      `--datadir=${dataDir}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      ...asRoot,
    ]);
    if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr.toString()}`);
    port = await freePort();
    database = await startMariaDb(dataDir, port);
    const env = { ...isolatedPrefix(), DATABASE_URL: `mysql://root@127.0.0.1:${port}/phoenix4ge_outage` };
    await runMigrations({
      host: '127.0.0.1',
      port,
      user: 'root',
      password: '',
      database: 'phoenix4ge_outage',
      url: env.DATABASE_URL,
    });
    api = await startApi(env);
    worker = await startWorker(env);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    if (database && database.exitCode === null) await stop(database);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('turns /health to 503 naming the database, and back to 200 when it returns', async () => {
    expect(
      (
        await until(
          () => health(api.url),
          (r) => r.status === 200,
          10_000,
        )
      ).status,
    ).toBe(200);
    if (!database) throw new Error('database not started');
    await stop(database);
    const down = await until(
      () => health(api.url),
      (r) => r.status === 503,
      10_000,
    );
    expect(down.body.services.database.status).toBe('unhealthy');
    expect(down.body.services.database.error).toBeTruthy();
    expect(down.body.services.redis.status).toBe('healthy');

    database = await startMariaDb(dataDir, port);
    const up = await until(
      () => health(api.url),
      (r) => r.status === 200,
      20_000,
    );
    expect(up.body.services.database.status).toBe('healthy');
  });
});

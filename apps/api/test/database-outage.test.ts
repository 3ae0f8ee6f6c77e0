import type { HealthReport } from '@phoenix4ge/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isolatedPrefix, startApi, startWorker, until } from './support/harness';
import type { PrivateMariaDb } from './support/private-mariadb';
import { installDb, mariadbd, startPrivateMariaDb } from './support/private-mariadb';
import { describeNeeding, need } from './support/requirements';

const needs = [
  need(mariadbd, '/usr/sbin/mariadbd or /usr/sbin/mysqld (the mariadb-server package)'),
  need(installDb, '/usr/bin/mariadb-install-db or /usr/bin/mysql_install_db'),
];

async function health(url: string) {
  const response = await fetch(`${url}/health`);
  return { status: response.status, body: (await response.json()) as HealthReport };
}

describeNeeding(needs, 'MySQL/MariaDB stopping while the api runs', () => {
  let database: PrivateMariaDb;
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;

  beforeAll(async () => {
    database = await startPrivateMariaDb('phoenix4ge_outage');
    const env = { ...isolatedPrefix(), ...database.env };
    api = await startApi(env);
    worker = await startWorker(env);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await database?.remove();
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
    await database.stop();
    const down = await until(
      () => health(api.url),
      (r) => r.status === 503,
      10_000,
    );
    expect(down.body.services.database.status).toBe('unhealthy');
    expect(down.body.services.database.error).toBeTruthy();
    expect(down.body.services.redis.status).toBe('healthy');

    await database.start();
    const up = await until(
      () => health(api.url),
      (r) => r.status === 200,
      20_000,
    );
    expect(up.body.services.database.status).toBe('healthy');
  });
});

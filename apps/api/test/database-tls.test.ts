import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDb, runMigrations } from '@phoenix4ge/db';
import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { until } from './support/harness';
import { freePort, greets } from './support/ports';
import { describeNeeding, need } from './support/requirements';

const mariadbd = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find((candidate) => existsSync(candidate));
const installDb = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'].find((candidate) =>
  existsSync(candidate),
);
const openssl = ['/usr/bin/openssl'].find((candidate) => existsSync(candidate));
const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];

function run(command: string, args: string[]) {
  const result = spawnSync(command, args);
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr.toString()}`);
}

/** A CA and a server certificate for 127.0.0.1 signed by it, in `dir`. */
async function certificates(dir: string) {
  const at = (name: string) => path.join(dir, name);
  const subject = (cn: string) => ['-subj', `/CN=${cn}`];
  run(openssl ?? '', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
    '-days',
    '2',
    ...subject('p4g test CA'),
  ]);
  run(openssl ?? '', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    at('server.key'),
    '-out',
    at('server.csr'),
    ...subject('127.0.0.1'),
  ]);
  await writeFile(at('ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  run(openssl ?? '', [
    'x509',
    '-req',
    '-in',
    at('server.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-out',
    at('server.pem'),
    '-days',
    '2',
    '-extfile',
    at('ext.cnf'),
  ]);
  return { ca: at('ca.pem'), cert: at('server.pem'), key: at('server.key') };
}

describeNeeding(
  [need(mariadbd, 'mariadbd'), need(installDb, 'mariadb-install-db'), need(openssl, 'openssl')],
  'TLS to the database (DB_TLS, DB_TLS_CA) against a MariaDB that requires secure transport',
  () => {
    let dir: string;
    let server: ChildProcess | undefined;
    let config: DatabaseConfig;
    let caFile: string;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'p4g-test-tls-db-'));
      const tls = await certificates(dir);
      caFile = tls.ca;
      const dataDir = path.join(dir, 'data');
      await mkdir(dataDir);
      run(installDb ?? '', [
        '--no-defaults',
        `--datadir=${dataDir}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        ...asRoot,
      ]);
      const port = await freePort();
      server = spawn(mariadbd ?? '', [
        '--no-defaults',
        `--datadir=${dataDir}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${path.join(dataDir, 'sock')}`,
        `--pid-file=${path.join(dataDir, 'pid')}`,
        `--ssl-ca=${tls.ca}`,
        `--ssl-cert=${tls.cert}`,
        `--ssl-key=${tls.key}`,
        '--require-secure-transport=ON',
        ...asRoot,
      ]);
      await until(() => greets(port), Boolean, 30_000);
      config = {
        host: '127.0.0.1',
        port,
        user: 'root',
        password: '',
        database: 'phoenix4ge_tls',
        url: `mysql://root@127.0.0.1:${port}/phoenix4ge_tls`,
      };
    }, 120_000);
    afterAll(async () => {
      if (server && server.exitCode === null) {
        const exited = new Promise((resolve) => server?.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    });

    it('migrates and queries over TLS with the CA file, verifying the server; without TLS it is refused', async () => {
      const secure = { ...config, tls: { caFile } };
      await runMigrations(secure);
      const db = createDb(secure);
      try {
        const [rows] = await db.pool.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
        expect((rows as Array<{ Value: string }>)[0]?.Value).toMatch(/\w/);
      } finally {
        await db.close();
      }

      const plain = createDb(config);
      await expect(plain.ping()).rejects.toThrow();
      await plain.close();
      // A server whose certificate the system CAs do not vouch for is refused (DB_TLS without its CA file).
      const unverified = createDb({ ...config, tls: { caFile: undefined } });
      await expect(unverified.ping()).rejects.toThrow();
      await unverified.close();
    });
  },
);

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDb, runMigrations } from '@phoenix4ge/db';
import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PrivateMariaDb } from './support/private-mariadb';
import { installDb, mariadbd, startPrivateMariaDb } from './support/private-mariadb';
import { describeNeeding, need } from './support/requirements';

const openssl = ['/usr/bin/openssl'].find((candidate) => existsSync(candidate));

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
    let server: PrivateMariaDb | undefined;
    let config: DatabaseConfig;
    let caFile: string;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'p4g-test-tls-db-'));
      const tls = await certificates(dir);
      caFile = tls.ca;
      server = await startPrivateMariaDb('phoenix4ge_tls', {
        migrate: false,
        serverArgs: [
          `--ssl-ca=${tls.ca}`,
          `--ssl-cert=${tls.cert}`,
          `--ssl-key=${tls.key}`,
          '--require-secure-transport=ON',
        ],
      });
      config = server.config;
    }, 120_000);
    afterAll(async () => {
      await server?.remove();
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

// Makes sure MySQL/MariaDB and Redis answer: the configured ones, else project-local instances started from the
// installed binaries with data under .data/, else a clear message saying what to install.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { findBinary, isRoot, launch, root, terminate, waitFor } from './proc.mjs';

const localHosts = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0']);

export function databaseTarget(env = process.env) {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    return { host: url.hostname, port: Number(url.port || 3306) };
  }
  return { host: env.DB_HOST || '127.0.0.1', port: Number(env.DB_PORT || 3306) };
}

export function redisTarget(env = process.env) {
  if (env.REDIS_URL) {
    const url = new URL(env.REDIS_URL);
    return { host: url.hostname, port: Number(url.port || 6379), password: decodeURIComponent(url.password) };
  }
  return {
    host: env.REDIS_HOST || '127.0.0.1',
    port: Number(env.REDIS_PORT || 6379),
    password: env.REDIS_PASSWORD,
  };
}

/** True when something at host:port speaks first (MySQL greeting) or answers PING (Redis) within 2 s. */
export function answers({ host, port }, protocol) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => {
      if (protocol === 'redis') socket.write('PING\r\n');
    });
    socket.on('data', (chunk) =>
      done(protocol === 'mysql' ? chunk.length > 4 : /^[+-]/.test(chunk.toString())),
    );
  });
}

function logFile(name) {
  const dir = path.join(root, '.data', 'logs');
  mkdirSync(dir, { recursive: true });
  return openSync(path.join(dir, `${name}.log`), 'a');
}

async function startLocalMariaDb(target) {
  const server = findBinary(['mariadbd', 'mysqld']);
  if (!server) {
    throw new Error(
      `MySQL/MariaDB is not answering at ${target.host}:${target.port}, and no mariadbd or mysqld is installed.\n` +
        '  Install MariaDB (Debian/Ubuntu: apt-get install mariadb-server; macOS: brew install mariadb),\n' +
        '  or set DATABASE_URL (or DB_HOST/DB_PORT/DB_USER/DB_PASSWORD) to a running server.',
    );
  }
  const dataDir = path.join(root, '.data', 'mariadb');
  const isMaria =
    path.basename(server) === 'mariadbd' || /mariadb/i.test(execFileSync(server, ['--version']).toString());
  if (!existsSync(path.join(dataDir, 'mysql'))) {
    mkdirSync(dataDir, { recursive: true });
    console.log(`Initialising a project-local ${isMaria ? 'MariaDB' : 'MySQL'} in .data/mariadb ...`);
    if (isMaria) {
      const installDb = findBinary(['mariadb-install-db', 'mysql_install_db']);
      if (!installDb) throw new Error('mariadb-install-db is missing; install the mariadb-server package.');
      execFileSync(
        installDb,
        [
          '--no-defaults',
          `--datadir=${dataDir}`,
          '--auth-root-authentication-method=normal',
          '--skip-test-db',
          ...(isRoot() ? ['--user=root'] : []),
        ],
        { stdio: ['ignore', logFile('mariadb-init'), logFile('mariadb-init')] },
      );
    } else {
      execFileSync(
        server,
        [
          '--no-defaults',
          '--initialize-insecure',
          `--datadir=${dataDir}`,
          ...(isRoot() ? ['--user=root'] : []),
        ],
        {
          stdio: ['ignore', logFile('mysql-init'), logFile('mysql-init')],
        },
      );
    }
  }
  console.log(
    `Starting a project-local database on 127.0.0.1:${target.port} (data in .data/mariadb, log in .data/logs/mariadb.log)`,
  );
  const child = launch(
    'mariadb',
    server,
    [
      '--no-defaults',
      `--datadir=${dataDir}`,
      `--port=${target.port}`,
      '--bind-address=127.0.0.1',
      `--socket=${path.join(dataDir, 'mysqld.sock')}`,
      `--pid-file=${path.join(dataDir, 'mysqld.pid')}`,
      ...(isRoot() ? ['--user=root'] : []),
    ],
    { stdio: ['ignore', logFile('mariadb'), logFile('mariadb')], detached: false },
  );
  await waitFor(
    async () => child.exitCode === null && (await answers(target, 'mysql')),
    60_000,
    'The local database',
  );
  return child;
}

async function startLocalRedis(target) {
  const server = findBinary(['redis-server', 'valkey-server']);
  if (!server) {
    throw new Error(
      `Redis is not answering at ${target.host}:${target.port}, and no redis-server is installed.\n` +
        '  Install Redis (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis),\n' +
        '  or set REDIS_URL (or REDIS_HOST/REDIS_PORT/REDIS_PASSWORD) to a running server.',
    );
  }
  const dataDir = path.join(root, '.data', 'redis');
  mkdirSync(dataDir, { recursive: true });
  console.log(`Starting a project-local Redis on 127.0.0.1:${target.port} (append-only data in .data/redis)`);
  const child = launch(
    'redis',
    server,
    [
      '--port',
      String(target.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dataDir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
      ...(target.password ? ['--requirepass', target.password] : []),
    ],
    { stdio: ['ignore', logFile('redis'), logFile('redis')] },
  );
  await waitFor(
    async () => child.exitCode === null && (await answers(target, 'redis')),
    30_000,
    'The local Redis',
  );
  return child;
}

/**
 * Ensures both services answer. Returns `stop()`, which stops only what this call started.
 */
export async function ensureServices() {
  const started = [];
  const database = databaseTarget();
  const redis = redisTarget();
  try {
    if (await answers(database, 'mysql'))
      console.log(`MySQL/MariaDB answers at ${database.host}:${database.port}`);
    else if (localHosts.has(database.host)) started.push(await startLocalMariaDb(database));
    else
      throw new Error(
        `MySQL/MariaDB is not answering at ${database.host}:${database.port}; start it or fix DATABASE_URL/DB_HOST.`,
      );

    if (await answers(redis, 'redis')) console.log(`Redis answers at ${redis.host}:${redis.port}`);
    else if (localHosts.has(redis.host)) started.push(await startLocalRedis(redis));
    else
      throw new Error(
        `Redis is not answering at ${redis.host}:${redis.port}; start it or fix REDIS_URL/REDIS_HOST.`,
      );
  } catch (error) {
    await Promise.all(started.map((child) => terminate(child)));
    throw error;
  }
  return {
    started,
    async stop() {
      await Promise.all(started.map((child) => terminate(child, 30_000)));
    },
  };
}

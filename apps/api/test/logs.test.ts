import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '@phoenix4ge/db';
import type { Logger } from '@phoenix4ge/shared/node';
import { createLogger, runWithRequestId, slowQueryLogging } from '@phoenix4ge/shared/node';
import { loadWorkerConfig } from '@phoenix4ge/worker/env';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { loadApiConfig } from '../src/env';
import { createServer } from '../src/server';
import { capturedLogger } from './support/captured-log';
import { testEnv, trpcClient } from './support/harness';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'p4g-logs-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** `<name>-<pid>.<date>.<n>.log` files of the folder, by their number. */
function logFiles(dir: string, name: string) {
  const pattern = new RegExp(`^${name}-${process.pid}\\.\\d{4}-\\d{2}-\\d{2}\\.(\\d+)\\.log$`);
  return fs
    .readdirSync(dir)
    .map((file) => ({ file, number: Number(pattern.exec(file)?.[1] ?? Number.NaN) }))
    .filter(({ number }) => !Number.isNaN(number))
    .sort((a, b) => a.number - b.number);
}

describe('log files (ENABLE_FILE_LOGGING)', () => {
  it('writes one rotated file set per process, keeps LOG_FILE_KEEP old files, and still logs to stdout', async () => {
    const dir = path.join(tempDir(), 'nested', 'logs');
    const stdout: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
    const logger = createLogger({
      name: 'rolltest',
      level: 'info',
      files: { directory: dir, maxSize: '1k', keep: 2 },
    });
    const filler = 'x'.repeat(200);
    // pino-roll looks at the size after each write it makes (a batch of lines): write in rounds, each waiting for
    // the rotation it causes. ~2 KiB a round at 1 KiB a file: one new file a round.
    const newest = () => logFiles(dir, 'rolltest').at(-1)?.number ?? 0;
    let line = 0;
    for (let round = 1; round <= 6; round += 1) {
      for (let n = 0; n < 8; n += 1, line += 1) logger.info({ line, filler }, 'filling the log');
      await expect.poll(newest, { timeout: 10_000 }).toBeGreaterThan(round);
    }
    // Old files go after the rotation: the current file and 2 before it stay.
    await expect.poll(() => logFiles(dir, 'rolltest').length, { timeout: 10_000 }).toBe(3);
    expect(logFiles(dir, 'rolltest').map(({ number }) => number)).toEqual([
      newest() - 2,
      newest() - 1,
      newest(),
    ]);
    const lines = logFiles(dir, 'rolltest').flatMap(({ file }) =>
      fs.readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean),
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({
      app: 'rolltest',
      pid: process.pid,
      line: line - 1,
    });
    expect(stdout.filter((chunk) => chunk.includes('"filling the log"'))).toHaveLength(line);
  });

  it('at start, keeps only the newest LOG_FILE_KEEP files of exited processes and never touches running ones', () => {
    const dir = tempDir();
    const deadPid = 2 ** 22 + 17; // above Linux's pid_max: never a running process
    const runningPid = process.ppid;
    const day = '2026-01-01';
    const write = (name: string, ageMinutes: number) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, '{}\n');
      const at = new Date(Date.now() - ageMinutes * 60_000);
      fs.utimesSync(file, at, at);
    };
    for (let n = 1; n <= 5; n += 1) write(`prunetest-${deadPid}.${day}.${n}.log`, 60 - n);
    write(`prunetest-${runningPid}.${day}.1.log`, 600);
    write(`other-${deadPid}.${day}.1.log`, 600);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    createLogger({ name: 'prunetest', level: 'info', files: { directory: dir, maxSize: '1m', keep: 2 } });

    expect(fs.readdirSync(dir).sort()).toEqual(
      expect.arrayContaining([
        `prunetest-${deadPid}.${day}.4.log`,
        `prunetest-${deadPid}.${day}.5.log`,
        `prunetest-${runningPid}.${day}.1.log`,
        `other-${deadPid}.${day}.1.log`,
      ]),
    );
    expect(fs.readdirSync(dir).filter((file) => file.startsWith(`prunetest-${deadPid}.`))).toHaveLength(2);
  });
});

describe('log levels per process', () => {
  it('lets API_LOG_LEVEL and WORKER_LOG_LEVEL override LOG_LEVEL for their process only', () => {
    const env = testEnv({ LOG_LEVEL: 'warn', API_LOG_LEVEL: 'debug', WORKER_LOG_LEVEL: 'error' });
    expect(loadApiConfig(env).logLevel).toBe('debug');
    expect(loadWorkerConfig(env).logLevel).toBe('error');
    const shared = testEnv({ LOG_LEVEL: 'warn' });
    expect(loadApiConfig(shared).logLevel).toBe('warn');
    expect(loadWorkerConfig(shared).logLevel).toBe('warn');
  });

  it('turns a process to debug when DEBUG names it (phoenix4ge:* or phoenix4ge:<process>)', () => {
    expect(loadApiConfig(testEnv({ LOG_LEVEL: 'info', DEBUG: 'phoenix4ge:*' })).logLevel).toBe('debug');
    const workerOnly = testEnv({ LOG_LEVEL: 'info', DEBUG: 'phoenix4ge:worker' });
    expect(loadWorkerConfig(workerOnly).logLevel).toBe('debug');
    expect(loadApiConfig(workerOnly).logLevel).toBe('info');
  });

  it('names the variable of a bad level', () => {
    expect(() => loadApiConfig(testEnv({ API_LOG_LEVEL: 'loud' }))).toThrowError(
      /API_LOG_LEVEL: expected one of/,
    );
    expect(() => loadWorkerConfig(testEnv({ WORKER_LOG_LEVEL: 'loud' }))).toThrowError(
      /WORKER_LOG_LEVEL: expected one of/,
    );
  });
});

describe('slow-query logging (ENABLE_DATABASE_LOGGING, DB_SLOW_QUERY_MS)', () => {
  const openDbs: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(openDbs.map((db) => db.close()));
  });

  function database(env: Record<string, string>, logger: Logger) {
    const config = loadApiConfig(testEnv(env));
    const db = createDb(config.database, {
      connectionLimit: 2,
      slowQueries: slowQueryLogging(config.logging, logger),
    });
    openDbs.push(db);
    return db;
  }

  it('logs a statement over the threshold with its SQL, redacted parameters and the request id', async () => {
    const { logger, lines } = capturedLogger();
    const db = database({ ENABLE_DATABASE_LOGGING: 'true', DB_SLOW_QUERY_MS: '200' }, logger);
    const secret = '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0$aGFzaA';
    await runWithRequestId('req-slow-1', () =>
      db.db.execute(sql`SELECT SLEEP(0.3) AS slept, ${secret} AS hash, ${42} AS answer`),
    );
    await db.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT SLEEP(0.3) AS in_transaction`);
    });

    const slow = lines.filter((line) => line.msg === 'slow query');
    expect(slow).toHaveLength(2);
    expect(slow[0]).toMatchObject({
      level: 40,
      module: 'db',
      reqId: 'req-slow-1',
      sql: expect.stringContaining('SLEEP(0.3)'),
      params: [`[string ${secret.length}]`, 42],
      ms: expect.any(Number),
    });
    expect(JSON.stringify(lines)).not.toContain('argon2id');
    expect(slow[1]).toMatchObject({ sql: expect.stringContaining('in_transaction') });
    expect(slow[1]).not.toHaveProperty('reqId');
  });

  it('is off when disabled (the default outside development): the pool is not even wrapped', async () => {
    const { logger, lines } = capturedLogger();
    const db = database(
      { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), ENCRYPTION_KEY: 'y'.repeat(32) },
      logger,
    );
    expect(loadApiConfig(testEnv({ NODE_ENV: 'development' })).logging.database).toBe(true);
    await db.db.execute(sql`SELECT SLEEP(0.3)`);
    expect(lines.filter((line) => line.msg === 'slow query')).toEqual([]);
    expect(Object.hasOwn(db.pool, 'query')).toBe(false);
  });

  it('carries the request id of the api request a statement ran for', async () => {
    const { logger, lines } = capturedLogger();
    const config = loadApiConfig(
      testEnv({ PORT: '0', HOST: '127.0.0.1', ENABLE_DATABASE_LOGGING: 'true', DB_SLOW_QUERY_MS: '0' }),
    );
    const api = await createServer({ config, logger });
    try {
      const url = await api.start();
      await trpcClient(url).auth.setupStatus.query();
      const request = await vi.waitFor(() => {
        const line = lines.find(
          (entry) => entry.msg === 'request' && String(entry.path).includes('setupStatus'),
        );
        if (!line) throw new Error('no request line yet');
        return line;
      });
      const queries = lines.filter((line) => line.msg === 'slow query' && line.reqId === request.reqId);
      expect(queries.map((line) => line.sql)).toEqual(
        expect.arrayContaining([expect.stringMatching(/users/)]),
      );
    } finally {
      await api.stop();
    }
  });
});

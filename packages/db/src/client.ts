import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import { drizzle } from 'drizzle-orm/mysql2';
import mysql from 'mysql2/promise';
import * as schema from './schema';
import type { SlowQueryOptions } from './slow-queries';
import { timeQueries } from './slow-queries';
import { sslOf } from './tls';

export interface DbOptions {
  /** Pool size; the api and worker each keep one pool. */
  connectionLimit?: number;
  /** Receives every SQL statement with its parameters, unredacted: for the benchmarks' EXPLAIN, not for logs. */
  logQuery?: (query: string, params: unknown[]) => void;
  /** Reports statements slower than a threshold (ENABLE_DATABASE_LOGGING); unset, the pool is not wrapped. */
  slowQueries?: SlowQueryOptions | undefined;
}

export function createPool(config: DatabaseConfig, options: DbOptions = {}) {
  const pool = mysql.createPool({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
    connectionLimit: options.connectionLimit ?? 10,
    waitForConnections: true,
    enableKeepAlive: true,
    ssl: sslOf(config),
    connectTimeout: 5000,
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: false,
  });
  // Sessions in UTC, so `CURRENT_TIMESTAMP(3)` defaults and `NOW()` agree with the UTC instants drizzle writes
  // whatever the server's own time zone. The core pool hands out core connections (callback API).
  pool.pool.on('connection', (connection) => {
    connection.query("SET time_zone = '+00:00'", (error) => {
      if (error) connection.destroy();
    });
  });
  if (options.slowQueries) timeQueries(pool, options.slowQueries);
  return pool;
}

export function createDb(config: DatabaseConfig, options: DbOptions = {}) {
  const pool = createPool(config, options);
  const db = drizzle({
    client: pool,
    schema,
    mode: 'default',
    casing: 'snake_case',
    logger: options.logQuery ? { logQuery: options.logQuery } : false,
  });
  return {
    db,
    pool,
    /** Round-trips `SELECT 1`; rejects when the database does not answer within `timeoutMs`. */
    async ping(timeoutMs = 2000): Promise<void> {
      await pool.query({ sql: 'SELECT 1', timeout: timeoutMs });
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}

export type DbHandle = ReturnType<typeof createDb>;
export type Database = DbHandle['db'];

import type { Pool, PoolConnection } from 'mysql2/promise';

/** A statement that took at least the threshold: its SQL (cut), its parameters (redacted) and how long. */
export interface SlowQuery {
  sql: string;
  params: unknown[];
  ms: number;
}

export interface SlowQueryOptions {
  /** Statements taking at least this long are reported (0: every statement). */
  thresholdMs: number;
  onSlowQuery: (query: SlowQuery) => void;
}

const MAX_SQL_CHARS = 2000;
const MAX_PARAMS = 20;

/**
 * Parameters fit for a log: numbers, booleans, null and dates as they are; strings and buffers only by their
 * length (they carry emails, password hashes, token hashes, captions), nested values by their kind.
 */
export function redactParams(params: unknown): unknown[] {
  if (!Array.isArray(params)) return [];
  const shown = params.slice(0, MAX_PARAMS).map((value): unknown => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value;
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return `[string ${value.length}]`;
    if (Buffer.isBuffer(value)) return `[bytes ${value.length}]`;
    return Array.isArray(value) ? `[array ${value.length}]` : '[object]';
  });
  if (params.length > MAX_PARAMS) shown.push(`[${params.length - MAX_PARAMS} more]`);
  return shown;
}

function sqlOf(query: unknown): string {
  const text =
    typeof query === 'string'
      ? query
      : typeof query === 'object' && query !== null && 'sql' in query
        ? String(query.sql)
        : '';
  return text.length > MAX_SQL_CHARS ? `${text.slice(0, MAX_SQL_CHARS)}…` : text;
}

type Runner = (query: unknown, params?: unknown) => Promise<unknown>;

function timed(run: Runner, options: SlowQueryOptions): Runner {
  return async (query, params) => {
    const started = performance.now();
    try {
      return await run(query, params);
    } finally {
      const ms = performance.now() - started;
      if (ms >= options.thresholdMs) {
        options.onSlowQuery({
          sql: sqlOf(query),
          params: redactParams(params ?? (query as { values?: unknown }).values),
          ms: Math.round(ms * 10) / 10,
        });
      }
    }
  };
}

function timeConnection(connection: PoolConnection, options: SlowQueryOptions): PoolConnection {
  const target = connection as unknown as { query: Runner; execute: Runner };
  target.query = timed(target.query.bind(connection), options);
  target.execute = timed(target.execute.bind(connection), options);
  return connection;
}

/**
 * Times every statement of the pool (drizzle's Logger has no timing): `query` and `execute` of the pool and of
 * the connections it hands out (transactions). Installed only when slow-query logging is on, so a pool without
 * it runs untouched.
 */
export function timeQueries(pool: Pool, options: SlowQueryOptions): void {
  const target = pool as unknown as {
    query: Runner;
    execute: Runner;
    getConnection: () => Promise<PoolConnection>;
  };
  target.query = timed(target.query.bind(pool), options);
  target.execute = timed(target.execute.bind(pool), options);
  const getConnection = target.getConnection.bind(pool);
  target.getConnection = async () => timeConnection(await getConnection(), options);
}

import type { CommonConfig } from './config';
import type { Logger } from './logger';
import { currentRequestId } from './request-context';

/** A statement slower than the threshold, as the database pool reports it (see @phoenix4ge/db's slow-queries). */
interface SlowQuery {
  sql: string;
  params: unknown[];
  ms: number;
}

/**
 * The database pool's slow-query options for this process (ENABLE_DATABASE_LOGGING, DB_SLOW_QUERY_MS): one `warn`
 * line per slow statement on the `db` module logger, with the request id when the statement ran for a request.
 * Undefined when off, so the pool is not wrapped at all.
 */
export function slowQueryLogging(logging: CommonConfig['logging'], logger: Logger) {
  if (!logging.database) return undefined;
  const log = logger.child({ module: 'db' });
  return {
    thresholdMs: logging.slowQueryMs,
    onSlowQuery: (query: SlowQuery) => {
      const reqId = currentRequestId();
      log.warn({ ...query, ...(reqId ? { reqId } : {}) }, 'slow query');
    },
  };
}

/** What the db scripts share: configuration from the environment and plain messages for the usual failures. */
import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import { commonEnvShape, exitOnConfigError, parseEnv, resolveDatabase } from '@phoenix4ge/shared/node';
import { z } from 'zod';

export function loadDatabaseConfig(script: string): DatabaseConfig {
  try {
    return resolveDatabase(parseEnv(z.object(commonEnvShape), process.env));
  } catch (error) {
    exitOnConfigError(error, script);
  }
}

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'PROTOCOL_CONNECTION_LOST',
]);

/** The error that says what happened: drizzle wraps driver errors ("Failed query: ...") with the real one as `cause`. */
function rootCause(error: unknown): unknown {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error && !('code' in current))
    current = current.cause;
  return current;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  // Node reports a refused connection to a name with several addresses as an AggregateError.
  return Array.isArray(errors) ? errorCode(errors[0]) : undefined;
}

/** One line saying what went wrong, naming the server for connection and login failures. */
export function describeError(error: unknown, config: DatabaseConfig): string {
  const server = `MySQL/MariaDB at ${config.host}:${config.port}`;
  const cause = rootCause(error);
  const code = errorCode(cause);
  const message = cause instanceof Error ? cause.message : String(cause);
  if (code && unreachableCodes.has(code)) return `Cannot reach ${server} (${code})`;
  if (code?.startsWith('ER_ACCESS_DENIED')) return `${server} refused user "${config.user}": ${message}`;
  if (code === 'ER_BAD_DB_ERROR') return `${message} on ${server}; run \`pnpm db:migrate\` first`;
  if (code === 'ER_NO_SUCH_TABLE') return `${message}; run \`pnpm db:migrate\` first`;
  return message;
}

/** Prints the failure and exits 1. */
export function fail(script: string, error: unknown, config: DatabaseConfig): never {
  process.stderr.write(`${script}: ${describeError(error, config)}\n`);
  process.exit(1);
}

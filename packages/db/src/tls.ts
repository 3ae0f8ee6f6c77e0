import { readFileSync } from 'node:fs';
import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import type { SslOptions } from 'mysql2';

/** mysql2's `ssl` for DB_TLS / DB_TLS_CA: the server's certificate is always verified; unset, no TLS. */
export function sslOf(config: DatabaseConfig): SslOptions | undefined {
  if (!config.tls) return undefined;
  const { caFile } = config.tls;
  return { rejectUnauthorized: true, ...(caFile ? { ca: readFileSync(caFile, 'utf8') } : {}) };
}

import { randomBytes } from 'node:crypto';
import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import { commonEnvShape, parseEnv, resolveDatabase } from '@phoenix4ge/shared/node';
import mysql from 'mysql2/promise';
import { z } from 'zod';
import { withDatabaseName } from '../../src/admin';

/** A config for a database of this test's own (`p4g_test_db_<random>`), on the server the environment names. */
export function freshDatabaseConfig(): DatabaseConfig {
  const base = resolveDatabase(parseEnv(z.object(commonEnvShape), process.env));
  return withDatabaseName(base, `p4g_test_db_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`);
}

/** Runs `work` on a plain connection to the test database. */
export async function withConnection<T>(
  config: DatabaseConfig,
  work: (connection: mysql.Connection) => Promise<T>,
): Promise<T> {
  const connection = await mysql.createConnection({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
  });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

export async function tableNames(config: DatabaseConfig): Promise<string[]> {
  return withConnection(config, async (connection) => {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name',
      [config.database],
    );
    return rows.map((row) => String(row.name));
  });
}

/** Every table with its columns and their definitions: what a migration changes, even without new tables. */
/** Every column (type, default) and every index (its columns in order) of the database, one line each. */
export async function schemaShape(config: DatabaseConfig): Promise<string[]> {
  return withConnection(config, async (connection) => {
    const [columns] = await connection.query<mysql.RowDataPacket[]>(
      `SELECT table_name AS t, column_name AS c, column_type AS type, column_default AS d
         FROM information_schema.columns WHERE table_schema = ? ORDER BY table_name, column_name`,
      [config.database],
    );
    const [indexes] = await connection.query<mysql.RowDataPacket[]>(
      `SELECT table_name AS t, index_name AS i, GROUP_CONCAT(column_name ORDER BY seq_in_index) AS c
         FROM information_schema.statistics WHERE table_schema = ?
         GROUP BY table_name, index_name ORDER BY table_name, index_name`,
      [config.database],
    );
    return [
      ...columns.map((row) => `${row.t}.${row.c} ${row.type} ${row.d ?? ''}`),
      ...indexes.map((row) => `${row.t} index ${row.i} (${row.c ?? ''})`),
    ];
  });
}

export async function appliedCount(config: DatabaseConfig): Promise<number> {
  return withConnection(config, async (connection) => {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      'SELECT count(*) AS n FROM `__drizzle_migrations`',
    );
    return Number(rows[0]?.n);
  });
}

/** Every table of DESIGN §4. */
export const dataModelTables = [
  'analytics_flushes',
  'api_keys',
  'audit_log',
  'media_analytics',
  'media_analytics_daily',
  'media_edits',
  'media_metadata',
  'media_operations',
  'media_public_tokens',
  'media_tag_links',
  'media_tags',
  'media_variants',
  'model_exports',
  'model_media_categories',
  'model_media_library',
  'model_members',
  'models',
  'moderation_events',
  'moderation_requests',
  'outbox',
  'security_events',
  'security_incidents',
  'sessions',
  'users',
];

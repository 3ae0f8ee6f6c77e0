import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import mysql from 'mysql2/promise';
import { sslOf } from './tls';

/** The named lock every migrate and rollback run holds, so two processes never change the schema at once. */
const LOCK_NAME = 'phoenix4ge_migrations';
const LOCK_WAIT_SECONDS = 60;

/** Opens one connection to `config.database`, holds the migration lock while `work` runs, then closes it. */
export async function withMigrationConnection<T>(
  config: DatabaseConfig,
  work: (connection: mysql.Connection) => Promise<T>,
): Promise<T> {
  const connection = await mysql.createConnection({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
    multipleStatements: true,
    ssl: sslOf(config),
    connectTimeout: 5000,
  });
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS acquired', [
      LOCK_NAME,
      LOCK_WAIT_SECONDS,
    ]);
    if (rows[0]?.acquired !== 1) throw new Error('Timed out waiting for another migration run to finish');
    try {
      return await work(connection);
    } finally {
      await connection.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
    }
  } finally {
    await connection.end();
  }
}

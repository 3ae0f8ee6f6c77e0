import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import mysql from 'mysql2/promise';
import { sslOf } from './tls';

const validName = /^[A-Za-z0-9_]{1,64}$/;

/** A single connection to the server without selecting a database (to create or drop one). */
export async function connectServer(config: DatabaseConfig) {
  return mysql.createConnection({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    ssl: sslOf(config),
    connectTimeout: 5000,
    multipleStatements: false,
  });
}

export async function createDatabaseIfMissing(config: DatabaseConfig): Promise<void> {
  if (!validName.test(config.database)) throw new Error(`Invalid database name "${config.database}"`);
  const connection = await connectServer(config);
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${config.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}

export async function dropDatabase(config: DatabaseConfig): Promise<void> {
  if (!validName.test(config.database)) throw new Error(`Invalid database name "${config.database}"`);
  const connection = await connectServer(config);
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${config.database}\``);
  } finally {
    await connection.end();
  }
}

/** The same server and credentials with another database (test runs and benchmarks each use their own). */
export function withDatabaseName(config: DatabaseConfig, database: string): DatabaseConfig {
  const url = new URL(config.url);
  url.pathname = `/${database}`;
  return { ...config, database, url: url.toString() };
}

import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, dropDatabase, runMigrations } from '../src';
import { readJournal } from '../src/migration-journal';
import {
  appliedCount,
  dataModelTables,
  freshDatabaseConfig,
  tableNames,
  withConnection,
} from './support/database';

const journalTags = readJournal(defaultMigrationsFolder).map((entry) => entry.tag);

describe('runMigrations', () => {
  let config: DatabaseConfig;

  beforeAll(() => {
    config = freshDatabaseConfig();
  });
  afterAll(async () => {
    await dropDatabase(config);
  });

  it('creates the database and applies every migration in the journal', async () => {
    const result = await runMigrations(config);
    expect(result.applied).toEqual(journalTags);
    expect(result.current).toEqual(journalTags);
    expect(await appliedCount(config)).toBe(journalTags.length);
  });

  it('is a no-op when run again', async () => {
    const before = await tableNames(config);
    const result = await runMigrations(config);
    expect(result.applied).toEqual([]);
    expect(result.current).toEqual(journalTags);
    expect(await appliedCount(config)).toBe(journalTags.length);
    expect(await tableNames(config)).toEqual(before);
  });

  it('creates every table of the data model', async () => {
    const tables = await tableNames(config);
    expect(tables).toEqual(expect.arrayContaining(dataModelTables));
    expect(tables.filter((name) => name !== '__drizzle_migrations').sort()).toEqual(
      [...dataModelTables].sort(),
    );
  });

  it('keeps nullable timestamps nullable and gives created_at millisecond precision', async () => {
    const columns = await withConnection(config, async (connection) => {
      const [rows] = await connection.query<mysql.RowDataPacket[]>(
        `SELECT column_name AS name, is_nullable AS nullable, datetime_precision AS fsp
           FROM information_schema.columns
          WHERE table_schema = ? AND table_name = 'model_media_library' AND data_type = 'datetime'`,
        [config.database],
      );
      return new Map(rows.map((row) => [String(row.name), { nullable: row.nullable, fsp: Number(row.fsp) }]));
    });
    expect(columns.get('deleted_at')).toEqual({ nullable: 'YES', fsp: 3 });
    expect(columns.get('upload_date')).toEqual({ nullable: 'NO', fsp: 3 });
  });

  it('lets two processes migrate the same fresh database at once', async () => {
    const other = freshDatabaseConfig();
    try {
      const results = await Promise.all([runMigrations(other), runMigrations(other)]);
      expect(results.flatMap((result) => result.applied)).toEqual(journalTags);
      expect(await appliedCount(other)).toBe(journalTags.length);
    } finally {
      await dropDatabase(other);
    }
  });
});

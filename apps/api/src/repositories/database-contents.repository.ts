import type { DbHandle } from '@phoenix4ge/db';
import { asc, media, mediaVariants, models } from '@phoenix4ge/db';
import type mysql from 'mysql2/promise';

type Rows = mysql.RowDataPacket[];

const quoted = (table: string) => {
  if (!/^[A-Za-z0-9_]{1,64}$/.test(table)) throw new Error(`Invalid table name "${table}"`);
  return `\`${table}\``;
};

/**
 * The database as a whole, for backup, restore and verify: its tables (whatever the schema holds, read from
 * information_schema), and the rows that name stored files.
 */
export function createDatabaseContentsRepository(handle: DbHandle, databaseName: string) {
  const { db, pool } = handle;
  return {
    async tables(): Promise<string[]> {
      const [rows] = await pool.query<Rows>(
        "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
        [databaseName],
      );
      return rows.map((row) => String(row.name));
    },
    async hasRows(table: string): Promise<boolean> {
      const [rows] = await pool.query<Rows>(`SELECT 1 FROM ${quoted(table)} LIMIT 1`);
      return rows.length > 0;
    },
    async rowCount(table: string): Promise<number> {
      const [rows] = await pool.query<Rows>(`SELECT COUNT(*) AS n FROM ${quoted(table)}`);
      return Number(rows[0]?.n);
    },
    /** Every media's original as its row names it (trashed ones too), by id. */
    originals() {
      return db
        .select({ id: media.id, storageKey: media.storageKey, sha256: media.sha256, bytes: media.bytes })
        .from(media)
        .orderBy(asc(media.id));
    },
    variantFiles() {
      return db
        .select({
          mediaId: mediaVariants.mediaId,
          version: mediaVariants.version,
          storageKey: mediaVariants.storageKey,
        })
        .from(mediaVariants)
        .orderBy(asc(mediaVariants.mediaId), asc(mediaVariants.version));
    },
    async modelIds(): Promise<number[]> {
      return (await db.select({ id: models.id }).from(models)).map((row) => row.id);
    },
  };
}

export type DatabaseContentsRepository = ReturnType<typeof createDatabaseContentsRepository>;

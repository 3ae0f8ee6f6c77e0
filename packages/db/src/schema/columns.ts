import { sql } from 'drizzle-orm';
import { bigint, customType, datetime } from 'drizzle-orm/mysql-core';

/** `bigint unsigned auto_increment primary key`. Not drizzle's `serial()`: MariaDB rejects the DDL it emits. */
export const id = () => bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey();

/** A column holding another table's `id()`; add `.references()` at the use site. */
export const ref = () => bigint({ mode: 'number', unsigned: true });

/**
 * ASCII text compared byte for byte (a base64url token, where `a` and `A` differ); the default collation would
 * match a token whatever its case.
 */
export const exactAscii = (length: number) =>
  customType<{ data: string; driverData: string }>({
    dataType: () => `varchar(${length}) CHARACTER SET ascii COLLATE ascii_bin`,
  })();

/**
 * A UTC instant with milliseconds, read as a `Date`. DATETIME rather than TIMESTAMP, whose range ends in
 * 2038; every connection's session time zone is UTC (client.ts), so defaults are UTC too.
 */
export const instant = () => datetime({ fsp: 3, mode: 'date' });

/**
 * `DEFAULT CURRENT_TIMESTAMP(3)` rather than drizzle's `defaultNow()`, which emits `(now())` and so drops the
 * milliseconds; the precision has to match the column's on MySQL 8.
 */
const now3 = sql`CURRENT_TIMESTAMP(3)`;

export const createdAt = () => instant().notNull().default(now3);

/** Bumped by drizzle on every `update()`; raw SQL updates must set it themselves. */
export const updatedAt = () =>
  instant()
    .notNull()
    .default(now3)
    .$onUpdate(() => new Date());

/** `instant()` defaulting to the insert time, for columns that are not named created_at. */
export const instantNow = () => instant().notNull().default(now3);

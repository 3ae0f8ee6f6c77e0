/**
 * Reading drizzle's bookkeeping: the journal in `drizzle/meta/_journal.json` (tag and `when` of each
 * migration) and the `__drizzle_migrations` table, whose `created_at` is the journal entry's `when`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type mysql from 'mysql2/promise';

export const migrationsTable = '__drizzle_migrations';

export interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

export interface AppliedMigration {
  id: number;
  hash: string;
  createdAt: number;
}

export function readJournal(migrationsFolder: string): JournalEntry[] {
  const file = path.join(migrationsFolder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(file, 'utf8')) as { entries?: JournalEntry[] };
  return journal.entries ?? [];
}

/** Applied migrations, oldest first; empty when the migrations table does not exist yet. */
export async function appliedMigrations(connection: mysql.Connection): Promise<AppliedMigration[]> {
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      `SELECT id, hash, created_at FROM \`${migrationsTable}\` ORDER BY created_at, id`,
    );
    return rows.map((row) => ({
      id: Number(row.id),
      hash: String(row.hash),
      createdAt: Number(row.created_at),
    }));
  } catch (error) {
    if ((error as { code?: string }).code === 'ER_NO_SUCH_TABLE') return [];
    throw error;
  }
}

/** The journal tag of an applied migration, or undefined when this checkout's journal does not know it. */
export function tagOf(applied: AppliedMigration, journal: JournalEntry[]): string | undefined {
  return journal.find((entry) => entry.when === applied.createdAt)?.tag;
}

export async function appliedMigrationTags(connection: mysql.Connection, migrationsFolder: string) {
  const journal = readJournal(migrationsFolder);
  const applied = await appliedMigrations(connection);
  return applied.map((migration) => tagOf(migration, journal) ?? `unknown(${migration.createdAt})`);
}

export function downScriptPath(migrationsFolder: string, tag: string): string {
  return path.join(migrationsFolder, 'down', `${tag}.sql`);
}

export function hasDownScript(migrationsFolder: string, tag: string): boolean {
  return existsSync(downScriptPath(migrationsFolder, tag));
}

/** Splits a script at drizzle's `--> statement-breakpoint` markers, dropping comment lines and empty parts. */
export function splitStatements(script: string): string[] {
  return script
    .split('--> statement-breakpoint')
    .map((part) =>
      part
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter((statement) => statement.length > 0);
}

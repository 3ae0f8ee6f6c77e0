import { readFileSync } from 'node:fs';
import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import { defaultMigrationsFolder } from './migrate';
import { withMigrationConnection } from './migration-connection';
import {
  appliedMigrations,
  downScriptPath,
  hasDownScript,
  migrationsTable,
  readJournal,
  splitStatements,
  tagOf,
} from './migration-journal';

/**
 * Reverts the newest applied migration: runs its committed down script (`drizzle/down/<tag>.sql`) statement
 * by statement, then deletes its row from `__drizzle_migrations` so the next `runMigrations` applies it again.
 * Returns the reverted tag. Holds the same lock as `runMigrations`.
 *
 * MySQL DDL is not transactional: if a statement fails, the row stays and the error says which statement;
 * down scripts use `IF EXISTS` so running the rollback again finishes the job.
 */
export async function rollbackLatest(
  config: DatabaseConfig,
  options: { migrationsFolder?: string } = {},
): Promise<string> {
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder;
  const journal = readJournal(migrationsFolder);
  return withMigrationConnection(config, async (connection) => {
    const latest = (await appliedMigrations(connection)).at(-1);
    if (!latest)
      throw new Error(`Nothing to roll back: no migration is applied in database "${config.database}"`);
    const tag = tagOf(latest, journal);
    if (!tag) {
      throw new Error(
        `The newest applied migration (created_at ${latest.createdAt}) is not in ${migrationsFolder}/meta/_journal.json; ` +
          'was it applied from another checkout?',
      );
    }
    if (!hasDownScript(migrationsFolder, tag)) {
      throw new Error(
        `Cannot roll back ${tag}: there is no down script at ${downScriptPath(migrationsFolder, tag)}`,
      );
    }
    const statements = splitStatements(readFileSync(downScriptPath(migrationsFolder, tag), 'utf8'));
    for (const [index, statement] of statements.entries()) {
      try {
        await connection.query(statement);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(
          `Rolling back ${tag} failed at statement ${index + 1} of ${statements.length}: ${reason}`,
          {
            cause: error,
          },
        );
      }
    }
    await connection.query(`DELETE FROM \`${migrationsTable}\` WHERE id = ?`, [latest.id]);
    return tag;
  });
}

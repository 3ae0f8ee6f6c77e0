import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, dropDatabase, rollbackLatest, runMigrations } from '../src';
import { downScriptPath, hasDownScript, readJournal, splitStatements } from '../src/migration-journal';
import {
  appliedCount,
  dataModelTables,
  freshDatabaseConfig,
  schemaShape,
  tableNames,
} from './support/database';

const journal = readJournal(defaultMigrationsFolder);
const journalTags = journal.map((entry) => entry.tag);

describe('down scripts', () => {
  it('exist for every migration in the journal', () => {
    expect(journal.length).toBeGreaterThan(0);
    const missing = journalTags.filter((tag) => !hasDownScript(defaultMigrationsFolder, tag));
    expect(missing).toEqual([]);
  });

  it('split into statements at the breakpoints, without comments', () => {
    expect(splitStatements('-- why\nDROP TABLE a;\n--> statement-breakpoint\n\nDROP TABLE b;\n')).toEqual([
      'DROP TABLE a;',
      'DROP TABLE b;',
    ]);
  });
});

describe('rollbackLatest', () => {
  let config: DatabaseConfig;

  beforeAll(async () => {
    config = freshDatabaseConfig();
    await runMigrations(config);
  });
  afterAll(async () => {
    await dropDatabase(config);
  });

  it('reverts the newest migration and migrate applies it again', async () => {
    const newest = journalTags.at(-1);
    const tablesBefore = await tableNames(config);
    const shapeBefore = await schemaShape(config);

    expect(await rollbackLatest(config)).toBe(newest);
    expect(await appliedCount(config)).toBe(journalTags.length - 1);
    if (journalTags.length === 1) {
      expect(await tableNames(config)).toEqual(['__drizzle_migrations']);
    } else {
      expect(await schemaShape(config)).not.toEqual(shapeBefore);
    }

    const again = await runMigrations(config);
    expect(again.applied).toEqual([newest]);
    expect(await tableNames(config)).toEqual(tablesBefore);
    expect(await schemaShape(config)).toEqual(shapeBefore);
  });

  it('rolls back every migration in turn, leaving no table of the data model, then says nothing is applied', async () => {
    for (const tag of [...journalTags].reverse()) {
      expect(await rollbackLatest(config)).toBe(tag);
    }
    expect(await appliedCount(config)).toBe(0);
    const left = await tableNames(config);
    expect(left.filter((name) => dataModelTables.includes(name))).toEqual([]);
    await expect(rollbackLatest(config)).rejects.toThrow(/Nothing to roll back/);

    await runMigrations(config);
    expect(await appliedCount(config)).toBe(journalTags.length);
  });

  it('refuses, with the path, when the down script is missing', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'p4g-migrations-'));
    const other = freshDatabaseConfig();
    try {
      await cp(defaultMigrationsFolder, folder, { recursive: true });
      const newest = journalTags.at(-1) ?? '';
      await rm(downScriptPath(folder, newest));
      await runMigrations(other, { migrationsFolder: folder });
      await expect(rollbackLatest(other, { migrationsFolder: folder })).rejects.toThrow(
        `Cannot roll back ${newest}: there is no down script at ${downScriptPath(folder, newest)}`,
      );
      expect(await appliedCount(other)).toBe(journalTags.length);
    } finally {
      await dropDatabase(other);
      await rm(folder, { recursive: true, force: true });
    }
  });
});

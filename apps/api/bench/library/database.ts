/**
 * The library benchmark's own database (`p4g_bench_library`): generated afresh for each run and dropped after,
 * unless BENCH_LIBRARY_KEEP=1 keeps it, in which case the next run reuses it when the migrations and the
 * generator are unchanged (a fingerprint of their files is stored beside the data).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DbHandle } from '@phoenix4ge/db';
import { connectServer, createDb, dropDatabase, runMigrations, withDatabaseName } from '@phoenix4ge/db';
import type { DatabaseConfig } from '@phoenix4ge/shared/node';
import type { GeneratedLibrary } from './generate';
import { generateLibrary } from './generate';
import type { PlanOptions } from './plan';

const NAME = 'p4g_bench_library';

function fingerprint(root: string, options: PlanOptions): string {
  const hash = createHash('sha256').update(JSON.stringify(options));
  const dirs = [path.join(root, 'packages/db/drizzle'), path.join(root, 'apps/api/bench/library')];
  for (const dir of dirs) {
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
      if (/\.(sql|ts)$/.test(file)) hash.update(file).update(readFileSync(path.join(dir, file)));
    }
  }
  return hash.digest('hex');
}

async function storedFingerprint(config: DatabaseConfig): Promise<string | undefined> {
  const connection = await connectServer(config);
  try {
    const [rows] = await connection.query(`SELECT fingerprint FROM \`${NAME}\`.bench_library_meta LIMIT 1`);
    return (rows as { fingerprint: string }[])[0]?.fingerprint;
  } catch {
    return undefined;
  } finally {
    await connection.end();
  }
}

export interface LibraryDatabase {
  config: DatabaseConfig;
  handle: DbHandle;
  /** Undefined when a kept database was reused. */
  generated: GeneratedLibrary | undefined;
  seconds: number;
  close(): Promise<void>;
}

export async function openLibraryDatabase(
  base: DatabaseConfig,
  root: string,
  options: PlanOptions,
  keep: boolean,
  log: (message: string) => void,
): Promise<LibraryDatabase> {
  const config = withDatabaseName(base, NAME);
  const print = fingerprint(root, options);
  let generated: GeneratedLibrary | undefined;
  const started = performance.now();
  if (keep && (await storedFingerprint(config)) === print) {
    log(`reusing the kept database ${NAME} (BENCH_LIBRARY_KEEP=1; migrations and generator unchanged)`);
  } else {
    await dropDatabase(config);
    await runMigrations(config);
    const handle = createDb(config);
    try {
      generated = await generateLibrary(handle, options, log);
      if (keep) {
        await handle.pool.query('CREATE TABLE bench_library_meta (fingerprint CHAR(64) NOT NULL)');
        await handle.pool.query('INSERT INTO bench_library_meta VALUES (?)', [print]);
      }
    } finally {
      await handle.close();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const handle = createDb(config);
  return {
    config,
    handle,
    generated,
    seconds,
    async close() {
      await handle.close();
      if (!keep) await dropDatabase(config);
    },
  };
}

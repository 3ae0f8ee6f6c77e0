/**
 * `pnpm cli restore <backup>`, in order, so a refusal never leaves anything half done:
 * 1. The backup is checked completely (./check-backup.ts); 2. the target must be empty (no table with rows, no
 * original in storage) unless forced; 3. the dump is loaded with the mariadb/mysql client and every table's row
 * count compared with the manifest; 4. the files are copied back through the storage driver; 5. migrations run
 * (a backup of an older version is upgraded); 6. every media whose variant files were not in the backup gets a
 * `media.render` job through the outbox (durable even with Redis down); 7. the cached library and public
 * answers of every model are made stale (their Redis version keys bumped).
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { OutboxRepository } from '@phoenix4ge/db';
import { createDatabaseIfMissing, runMigrations } from '@phoenix4ge/db';
import type { KeyedJob } from '@phoenix4ge/shared';
import { jobs, ORIGINALS_PREFIX } from '@phoenix4ge/shared';
import type { DatabaseConfig, StorageDriver } from '@phoenix4ge/shared/node';
import {
  libraryVersionKey,
  publicationChannel,
  publicationVersionKey,
  withTimeout,
} from '@phoenix4ge/shared/node';
import type { Redis } from 'ioredis';
import type { DatabaseContentsRepository } from '../../repositories/database-contents.repository';
import { checkBackup, RestoreRefused } from './check-backup';
import { eachLimited } from './files';
import { DUMP_FILE } from './manifest';
import { findClientTool, finished, spawnLoad, withDefaultsFile } from './mysql-tools';
import type { BackupProgress } from './progress';

export interface RestoreDeps {
  database: DatabaseConfig;
  contents: DatabaseContentsRepository;
  storage: StorageDriver;
  outbox: OutboxRepository;
  redis: Redis;
  redisKeyPrefix: string;
  /** The Redis database number: part of the publication channel's name. */
  redisDb: number;
}

const BOOKKEEPING = '__drizzle_migrations';
const RENDER_BATCH = 200;

/** Why the target is not empty (tables holding rows, originals in storage); empty when it is. */
async function targetContents(deps: RestoreDeps): Promise<string[]> {
  const filled: string[] = [];
  for (const table of await deps.contents.tables()) {
    if (table !== BOOKKEEPING && (await deps.contents.hasRows(table))) filled.push(table);
  }
  const reasons = filled.length > 0 ? [`the database has rows in ${filled.join(', ')}`] : [];
  for await (const _object of deps.storage.list(ORIGINALS_PREFIX)) {
    reasons.push(`storage already holds originals (${ORIGINALS_PREFIX})`);
    break;
  }
  return reasons;
}

async function loadDump(deps: RestoreDeps, folder: string, progress: BackupProgress) {
  const tool = await findClientTool();
  progress.step('loading the database', 0);
  await withDefaultsFile(deps.database, async (defaults) => {
    const child = spawnLoad(tool, defaults, deps.database.database);
    const exited = finished(child, path.basename(tool));
    const fed = pipeline(createReadStream(path.join(folder, DUMP_FILE)), createGunzip(), child.stdin);
    const [exit, feed] = await Promise.allSettled([exited, fed]);
    if (exit.status === 'rejected') throw exit.reason;
    if (feed.status === 'rejected') throw feed.reason;
  });
  progress.end();
}

/** The versions with variant rows, per media, whose files the backup does not hold. */
async function rendersNeeded(deps: RestoreDeps, included: Set<string>): Promise<Map<number, number[]>> {
  const needed = new Map<number, Set<number>>();
  for (const file of await deps.contents.variantFiles()) {
    if (included.has(file.storageKey)) continue;
    const versions = needed.get(file.mediaId) ?? new Set<number>();
    versions.add(file.version);
    needed.set(file.mediaId, versions);
  }
  return new Map([...needed].map(([id, versions]) => [id, [...versions].sort((a, b) => a - b)]));
}

async function invalidateCaches(deps: RestoreDeps): Promise<string | undefined> {
  const bump = deps.redis.multi();
  for (const id of await deps.contents.modelIds()) {
    bump.incr(libraryVersionKey(deps.redisKeyPrefix, id));
    bump.incr(publicationVersionKey(deps.redisKeyPrefix, id));
    bump.publish(publicationChannel({ keyPrefix: deps.redisKeyPrefix, db: deps.redisDb }), String(id));
  }
  try {
    await withTimeout(bump.exec(), 5000, 'the answer');
    return undefined;
  } catch (error) {
    return `Redis did not take the cache invalidation (${(error as Error).message}): flush the keys under "${deps.redisKeyPrefix}:" before serving`;
  }
}

export interface RestoreResult {
  tables: number;
  rows: number;
  files: number;
  renders: number;
  migrationsApplied: string[];
  warnings: string[];
}

export async function restoreBackup(
  deps: RestoreDeps,
  folder: string,
  options: { force: boolean },
  progress: BackupProgress,
): Promise<RestoreResult> {
  const manifest = await checkBackup(folder, progress);

  await createDatabaseIfMissing(deps.database);
  const contents = await targetContents(deps);
  if (contents.length > 0 && !options.force) {
    throw new RestoreRefused(
      `The target is not empty: ${contents.join('; ')}. Use --force to restore over it`,
    );
  }

  await loadDump(deps, folder, progress);
  const restoredTables = new Set(await deps.contents.tables());
  for (const [table, expected] of Object.entries(manifest.database.rowCounts)) {
    if (!restoredTables.has(table)) throw new Error(`The restored database has no table ${table}`);
    const count = await deps.contents.rowCount(table);
    if (count !== expected)
      throw new Error(`The restored table ${table} has ${count} rows; the backup has ${expected}`);
  }

  const files = [...manifest.originals, ...manifest.variants];
  progress.step('copying files back', files.length);
  let done = 0;
  await eachLimited(files, 4, async (file) => {
    await deps.storage.put(file.key, createReadStream(path.join(folder, file.key)));
    done += 1;
    progress.update(done, file.key);
  });
  progress.end();

  const { applied } = await runMigrations(deps.database);

  const included = new Set(manifest.variants.map((file) => file.key));
  const needed = [...(await rendersNeeded(deps, included))];
  const restoreTag = Date.now().toString(36);
  for (let start = 0; start < needed.length; start += RENDER_BATCH) {
    const batch: KeyedJob[] = needed
      .slice(start, start + RENDER_BATCH)
      .map(([mediaId, versions]) => jobs.mediaRender(mediaId, versions, restoreTag));
    await deps.outbox.commit(
      async () => undefined,
      () => batch,
    );
  }

  const warnings = manifest.missing.map(
    (item) => `not in the backup: ${item.key} (${item.reason}); its row is restored without its original`,
  );
  const cacheWarning = await invalidateCaches(deps);
  if (cacheWarning) warnings.push(cacheWarning);
  return {
    tables: Object.keys(manifest.database.rowCounts).length,
    rows: Object.values(manifest.database.rowCounts).reduce((sum, n) => sum + n, 0),
    files: files.length,
    renders: needed.length,
    migrationsApplied: applied,
    warnings,
  };
}

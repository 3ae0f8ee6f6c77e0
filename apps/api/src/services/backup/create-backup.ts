/**
 * `pnpm cli backup`: one consistent backup in a folder of its own under BACKUP_PATH.
 * 1. The database is dumped by mariadb-dump/mysqldump in one snapshot, gzipped and hashed on the way; the dump's
 *    own rows name the originals (and variants) to copy and give the row counts (./dump-reader.ts), so a file
 *    stored after the snapshot is not copied and every row of the dump has its file.
 * 2. Each original is copied through the storage driver and checked against its content address (sha256, size).
 *    An original the dump names that is gone (purged from the trash after the snapshot) or changed is not a
 *    silent hole: it is listed in the manifest's `missing` with the reason and reported.
 * 3. Written as `<name>.partial`, renamed when the manifest is in place: a crash never leaves a folder that
 *    looks complete. Then the oldest complete backups beyond BACKUP_KEEP are removed.
 */

import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGzip } from 'node:zlib';
import { defaultMigrationsFolder, readJournal } from '@phoenix4ge/db';
import type { DatabaseConfig, StorageDriver } from '@phoenix4ge/shared/node';
import { createDumpReader } from './dump-reader';
import { copyOut, eachLimited, hashing } from './files';
import type { BackupFile, Manifest } from './manifest';
import { BACKUP_FORMAT_VERSION, backupName, DUMP_FILE, MANIFEST_FILE, PARTIAL_SUFFIX } from './manifest';
import { findDumpTool, finished, spawnDump, toolVersion, withDefaultsFile } from './mysql-tools';
import type { BackupProgress } from './progress';
import { pruneBackups } from './retention';

export interface BackupDeps {
  database: DatabaseConfig;
  storage: StorageDriver;
  backupPath: string;
  keep: number;
  appVersion: string;
}

const COPY_LANES = 4;
/** A partial backup whose heartbeat file is older than this belongs to a process that died. */
export const ALIVE_FILE = '.alive';

/** Splits the dump into lines for the reader while passing its bytes on unchanged. */
function inspectLines(onLine: (line: string) => void) {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const feed = (text: string) => {
    const lines = (rest + text).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        feed(decoder.write(chunk));
        done(null, chunk);
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        feed(decoder.end());
        if (rest) onLine(rest);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

async function fsyncPath(target: string) {
  const handle = await open(target, 'r');
  await handle.sync().finally(() => handle.close());
}

async function dumpDatabase(
  deps: BackupDeps,
  folder: string,
  progress: BackupProgress,
  heartbeat: () => Promise<void>,
) {
  const tool = await findDumpTool();
  const version = await toolVersion(tool);
  const reader = createDumpReader({
    model_media_library: ['storage_key', 'sha256', 'bytes'],
    media_variants: ['storage_key', 'bytes'],
    __drizzle_migrations: ['created_at'],
  });
  const hashed = hashing();
  progress.step('database dump', 0);
  let seen = 0;
  let beat = Date.now();
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (Date.now() - beat > 60_000) {
        beat = Date.now();
        void heartbeat();
      }
      progress.update(seen, `${(seen / 1024 / 1024).toFixed(1)} MB read`);
      done(null, chunk);
    },
  });
  await withDefaultsFile(deps.database, async (defaults) => {
    const child = spawnDump(tool, defaults, deps.database.database);
    const exited = finished(child, path.basename(tool));
    const written = pipeline(
      child.stdout,
      counter,
      inspectLines((line) => reader.line(line)),
      createGzip(),
      hashed.stream,
      createWriteStream(path.join(folder, DUMP_FILE)),
    );
    const [exit, write] = await Promise.allSettled([exited, written]);
    if (exit.status === 'rejected') throw exit.reason;
    if (write.status === 'rejected') throw write.reason;
  });
  await fsyncPath(path.join(folder, DUMP_FILE));
  progress.end();
  return { tool: version, ...hashed.result(), facts: reader.facts };
}

function migrationTags(rows: Record<string, string | null>[]): string[] {
  const journal = readJournal(defaultMigrationsFolder);
  return rows
    .map((row) => Number(row.created_at))
    .sort((a, b) => a - b)
    .map((when) => journal.find((entry) => entry.when === when)?.tag ?? `unknown(${when})`);
}

export async function createBackup(
  deps: BackupDeps,
  options: { withVariants: boolean },
  progress: BackupProgress,
): Promise<{ path: string; manifest: Manifest; pruned: string[] }> {
  await mkdir(deps.backupPath, { recursive: true });
  const createdAt = new Date();
  const name = backupName(createdAt, deps.appVersion);
  const finalPath = path.join(deps.backupPath, name);
  const partial = `${finalPath}${PARTIAL_SUFFIX}`;
  await mkdir(partial);
  const alive = path.join(partial, ALIVE_FILE);
  const heartbeat = async () => {
    const now = new Date();
    await utimes(alive, now, now).catch(() => writeFile(alive, '').catch(() => undefined));
  };
  await heartbeat();
  try {
    const dump = await dumpDatabase(deps, partial, progress, heartbeat);
    const missing: Manifest['missing'] = [];

    const copyAll = async (
      label: string,
      wanted: { key: string; sha256?: string; bytes: number }[],
    ): Promise<BackupFile[]> => {
      const copied: BackupFile[] = [];
      progress.step(label, wanted.length);
      let done = 0;
      await eachLimited(wanted, COPY_LANES, async (item) => {
        const info = await deps.storage.stat(item.key);
        if (!info) missing.push({ key: item.key, reason: 'not in storage (deleted after the dump began?)' });
        else {
          const got = await copyOut(deps.storage, item.key, partial);
          if (item.sha256 !== undefined && (got.sha256 !== item.sha256 || got.bytes !== item.bytes)) {
            missing.push({
              key: item.key,
              reason: `content differs from its row (sha256 ${got.sha256}, ${got.bytes} bytes; expected ${item.sha256}, ${item.bytes} bytes)`,
            });
            await rm(path.join(partial, item.key), { force: true });
          } else copied.push({ key: item.key, ...got });
        }
        done += 1;
        progress.update(done, item.key);
        if (done % 20 === 0) await heartbeat();
      });
      progress.end();
      return copied.sort((a, b) => a.key.localeCompare(b.key));
    };

    const unique = <T extends { key: string }>(items: T[]) => [
      ...new Map(items.map((item) => [item.key, item])).values(),
    ];
    const originals = await copyAll(
      'originals',
      unique(
        (dump.facts.rows.model_media_library ?? []).map((row) => ({
          key: String(row.storage_key),
          sha256: String(row.sha256),
          bytes: Number(row.bytes),
        })),
      ),
    );
    const variants = options.withVariants
      ? await copyAll(
          'variants',
          unique(
            (dump.facts.rows.media_variants ?? []).map((row) => ({
              key: String(row.storage_key),
              bytes: Number(row.bytes),
            })),
          ),
        )
      : [];

    const manifest: Manifest = {
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: deps.appVersion,
      createdAt: createdAt.toISOString(),
      migrations: migrationTags(dump.facts.rows.__drizzle_migrations ?? []),
      database: {
        file: DUMP_FILE,
        sha256: dump.sha256,
        bytes: dump.bytes,
        tool: dump.tool,
        rowCounts: dump.facts.rowCounts,
      },
      originals,
      withVariants: options.withVariants,
      variants,
      missing: missing.sort((a, b) => a.key.localeCompare(b.key)),
    };
    await writeFile(path.join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await fsyncPath(path.join(partial, MANIFEST_FILE));
    await rm(alive, { force: true });
    await rename(partial, finalPath);
    await fsyncPath(deps.backupPath);
    const pruned = await pruneBackups(deps.backupPath, deps.keep);
    return { path: finalPath, manifest, pruned };
  } catch (error) {
    await rm(partial, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}

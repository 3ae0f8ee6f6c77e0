import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, dropDatabase, withDatabaseName } from '@phoenix4ge/db';
import type { PublicGalleryPage } from '@phoenix4ge/shared';
import { createLocalStorage } from '@phoenix4ge/shared/node';
import mysql from 'mysql2/promise';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../src/env';
import type { Manifest } from '../src/services/backup/manifest';
import {
  createModel,
  freshDatabase,
  isolatedPrefix,
  isolatedStorage,
  signedInMember,
  startApi,
  startWorker,
  testEnv,
  trpcClient,
  until,
} from './support/harness';
import { fixture, readManifest, upload } from './support/uploads';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(tsx, ['apps/api/src/cli/index.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

/** The 30 smallest images of the fixtures that the upload accepts (the three largest left out, for time). */
const photos = readManifest()
  .filter((row) => row.expected === 'accept')
  .sort((a, b) => a.bytes - b.bytes)
  .slice(0, 30);

type Rows = mysql.RowDataPacket[];

/** Every table's rows, in primary key order, as comparable text. */
async function snapshot(url: string): Promise<Map<string, string[]>> {
  const connection = await mysql.createConnection({ uri: url, dateStrings: true, supportBigNumbers: true });
  try {
    const database = new URL(url).pathname.slice(1);
    const [tables] = await connection.query<Rows>(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
      [database],
    );
    const result = new Map<string, string[]>();
    for (const { name } of tables) {
      const [keys] = await connection.query<Rows>(
        "SELECT COLUMN_NAME AS name FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION",
        [database, name],
      );
      expect(keys.length, `${name} has a primary key`).toBeGreaterThan(0);
      const order = keys.map((key) => `\`${key.name}\``).join(', ');
      const [rows] = await connection.query<Rows>(`SELECT * FROM \`${name}\` ORDER BY ${order}`);
      result.set(
        String(name),
        rows.map((row) => JSON.stringify(row)),
      );
    }
    return result;
  } finally {
    await connection.end();
  }
}

/** Every original in the storage folder: key → bytes. */
async function originalsIn(storageRoot: string): Promise<Map<string, Buffer>> {
  const storage = createLocalStorage(storageRoot);
  const files = new Map<string, Buffer>();
  for await (const object of storage.list('originals/')) {
    files.set(object.key, await readFile(storage.pathOf(object.key)));
  }
  return files;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('backup, wipe, restore and verify from the CLI', () => {
  const prefix = isolatedPrefix();
  const storageEnv = isolatedStorage();
  const storageRoot = storageEnv.MEDIA_STORAGE_PATH ?? '';
  const backupPath = `${storageRoot}-backups`;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let env: Record<string, string>;
  let cliEnv: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, cliEnv);

  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  let slug: string;
  let editorCookie: string;
  const ids: number[] = [];
  let publicSources: string[] = [];
  let before: Map<string, string[]>;
  let originalsBefore: Map<string, Buffer>;
  let backupFolder: string;

  beforeAll(async () => {
    database = await freshDatabase();
    env = { ...database.env, ...storageEnv, ...prefix, MODERATION_PROVIDER: 'manual' };
    cliEnv = testEnv({ ...env, BACKUP_PATH: backupPath });
    api = await startApi(env);
    worker = await startWorker(env);
    slug = (await createModel(api)).slug;
    editorCookie = (await signedInMember(api, slug, 'editor')).cookie;
    const editor = trpcClient(api.url, { cookie: editorCookie });

    for (let start = 0; start < photos.length; start += 10) {
      const files = photos
        .slice(start, start + 10)
        .map((row) => ({ name: row.file, data: fixture(row.file) }));
      const result = await upload(api.url, slug, files, { headers: { cookie: editorCookie } });
      for (const file of result.body.files ?? []) {
        if (file.status !== 'created' || file.id === undefined) throw new Error(`${file.name} not created`);
        ids.push(file.id);
      }
    }
    const db = createDb(api.config.database);
    const mediaRows = async () => {
      const [rows] = await db.pool.query<Rows>(
        'SELECT id, processing_status, current_version FROM model_media_library ORDER BY id',
      );
      return rows;
    };
    try {
      await until(mediaRows, (rows) => rows.every((row) => row.processing_status === 'ready'), 240_000);
      // Edited: three versions saved and rendered.
      const edited = ids.slice(0, 3);
      for (const [n, id] of edited.entries()) {
        await editor.edits.apply.mutate({
          modelSlug: slug,
          mediaId: id,
          baseVersion: 0,
          operations: [{ type: 'rotate', angle: 90 * (n + 1) }],
        });
      }
      await until(
        mediaRows,
        (rows) =>
          rows.filter((row) => edited.includes(Number(row.id))).every((row) => row.current_version === 1),
        180_000,
      );
      // Moderated: most approved, some rejected, the rest left pending.
      await editor.media.bulk.mutate({
        modelSlug: slug,
        selection: { ids: ids.slice(0, 24) },
        action: { type: 'moderate', decision: 'approve' },
      });
      await editor.media.bulk.mutate({
        modelSlug: slug,
        selection: { ids: ids.slice(24, 27) },
        action: { type: 'moderate', decision: 'reject', reason: 'not for the portfolio' },
      });
      await until(
        async () => {
          const [rows] = await db.pool.query<Rows>(
            "SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'",
          );
          return Number(rows[0]?.n);
        },
        (pending) => pending === 0,
        60_000,
      );
    } finally {
      await db.close();
    }
    // The public gallery issues the image URLs (tokens) that must work again after the restore.
    const response = await fetch(`${api.url}/api/public/${slug}/gallery?limit=100`);
    expect(response.status).toBe(200);
    publicSources = ((await response.json()) as PublicGalleryPage).items.map((item) => item.src);
    expect(publicSources.length).toBeGreaterThan(0);
    for (const src of publicSources) expect((await fetch(`${api.url}${src}`)).status).toBe(200);
    // Quiet from here: nothing writes while the state is recorded and backed up.
    await worker.stop();
    worker = undefined;
  }, 600_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await database?.drop();
    await rm(backupPath, { recursive: true, force: true });
    await rm(`${backupPath}-keep`, { recursive: true, force: true });
  });

  it('round trip: backup, wipe, restore leave identical rows and originals, and the photos are served again', async () => {
    before = await snapshot(database.env.DATABASE_URL);
    originalsBefore = await originalsIn(storageRoot);
    expect(originalsBefore.size).toBe(30);
    expect(before.get('media_edits')?.length).toBeGreaterThanOrEqual(3);

    const backup = await cli('backup');
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('30 originals');
    expect(backup.stderr).toContain('originals');
    backupFolder = lastLine(backup.stdout);
    expect(path.dirname(backupFolder)).toBe(backupPath);
    expect(backupFolder).toMatch(/p4g-backup-\d{8}T\d{9}Z-v[\d.]+$/);
    const manifest = JSON.parse(await readFile(path.join(backupFolder, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.originals.map((file) => file.key).sort()).toEqual([...originalsBefore.keys()].sort());
    for (const file of manifest.originals)
      expect(file.sha256).toBe(sha256(originalsBefore.get(file.key) as Buffer));
    expect(manifest.database.rowCounts.model_media_library).toBe(30);
    expect(manifest.database.rowCounts.media_variants).toBe(before.get('media_variants')?.length);
    expect(manifest.missing).toEqual([]);
    expect(manifest.variants).toEqual([]);

    // Wipe: the database and the storage folder are gone.
    await api?.stop();
    api = undefined;
    const config = loadApiConfig(testEnv(env)).database;
    await dropDatabase(config);
    await rm(storageRoot, { recursive: true, force: true });

    const restored = await cli('restore', backupFolder);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('Queued rendering for 30 media');
    expect(lastLine(restored.stdout)).toBe(backupFolder);

    // Table by table: identical rows. The restore adds only its own audit entry and its render jobs.
    const after = await snapshot(database.env.DATABASE_URL);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [table, rows] of before) {
      const now = after.get(table) ?? [];
      if (table === 'audit_log' || table === 'outbox') {
        expect(now.slice(0, rows.length), table).toEqual(rows);
        const added = now.slice(rows.length).map((row) => JSON.parse(row) as Record<string, unknown>);
        if (table === 'audit_log') expect(added.map((row) => row.action)).toEqual(['cli.restore']);
        else {
          expect(added).toHaveLength(30);
          expect(new Set(added.map((row) => row.topic))).toEqual(new Set(['media.render']));
        }
      } else expect(now, table).toEqual(rows);
    }
    const originalsAfter = await originalsIn(storageRoot);
    expect([...originalsAfter.keys()].sort()).toEqual([...originalsBefore.keys()].sort());
    for (const [key, data] of originalsBefore) expect(originalsAfter.get(key)?.equals(data), key).toBe(true);

    // The worker renders the variants again; the public URLs and the members' files are served.
    api = await startApi(env);
    worker = await startWorker(env);
    const db = createDb(api.config.database);
    try {
      const storage = api.services.storage;
      await until(
        async () => {
          const [rows] = await db.pool.query<Rows>('SELECT storage_key FROM media_variants');
          const present = await Promise.all(
            rows.map(async (row) => (await storage.stat(String(row.storage_key))) !== undefined),
          );
          return { total: rows.length, present: present.filter(Boolean).length };
        },
        (count) => count.total > 0 && count.present === count.total,
        300_000,
      );
      for (const src of publicSources) {
        const response = await fetch(`${api.url}${src}`, { headers: { accept: 'image/webp' } });
        expect(response.status, src).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^image\//);
        const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
        expect(meta.width).toBeGreaterThan(0);
      }
      const [variant] = await db.pool.query<Rows>('SELECT storage_key FROM media_variants LIMIT 1');
      const member = await fetch(`${api.url}/media/${variant[0]?.storage_key}`, {
        headers: { cookie: editorCookie },
      });
      expect(member.status).toBe(200);
      const gallery = await fetch(`${api.url}/api/public/${slug}/gallery?limit=100`);
      expect(((await gallery.json()) as PublicGalleryPage).items.map((item) => item.src)).toEqual(
        publicSources,
      );
    } finally {
      await db.close();
    }

    const verified = await cli('verify');
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('Checked 30 originals: 30 intact, 0 failed');
  }, 900_000);

  /** A target that has never been touched: its database does not exist, its storage folder is empty. */
  async function untouchedTarget() {
    const base = loadApiConfig(testEnv(env)).database;
    const target = withDatabaseName(base, `${base.database}_t${Date.now().toString(36)}`);
    const targetStorage = `${storageRoot}-target-${Date.now().toString(36)}`;
    return {
      env: { ...cliEnv, DATABASE_URL: target.url, MEDIA_STORAGE_PATH: targetStorage },
      async assertUntouched() {
        const connection = await mysql.createConnection({ uri: base.url });
        try {
          const [rows] = await connection.query<Rows>(
            'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
            [target.database],
          );
          expect(rows).toHaveLength(0);
        } finally {
          await connection.end();
        }
        expect(await readdir(targetStorage).catch(() => [])).toEqual([]);
      },
      drop: () => dropDatabase(target),
    };
  }

  async function damagedCopy(
    name: string,
    damage: (folder: string, manifest: Manifest) => Promise<string | undefined>,
  ) {
    const folder = path.join(backupPath, 'damaged', name);
    await mkdir(path.dirname(folder), { recursive: true });
    await cp(backupFolder, folder, { recursive: true });
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
    return (await damage(folder, manifest)) ?? folder;
  }

  it('refuses a corrupt or partial backup with the reason, before touching the target', async () => {
    const cases: [string, (folder: string, manifest: Manifest) => Promise<string | undefined>, RegExp][] = [
      [
        'flipped-byte',
        async (folder, manifest) => {
          const file = path.join(folder, manifest.originals[5]?.key ?? '');
          const data = await readFile(file);
          const at = Math.floor(data.length / 2);
          data[at] = (data[at] ?? 0) ^ 0xff;
          await writeFile(file, data);
          return undefined;
        },
        /1 file\(s\) of the backup are damaged:\n\s+originals\/\S+ does not match its sha256/,
      ],
      [
        'truncated-dump',
        async (folder, manifest) => {
          await truncate(path.join(folder, 'database.sql.gz'), Math.floor(manifest.database.bytes / 2));
          return undefined;
        },
        /The database dump database\.sql\.gz has \d+ bytes, the manifest says \d+/,
      ],
      [
        'no-manifest',
        async (folder) => {
          await rm(path.join(folder, 'manifest.json'));
          return undefined;
        },
        /manifest\.json is missing .*: not a complete backup/,
      ],
      [
        'p4g-backup-20261201T000000000Z-v0.1.0',
        async (folder) => {
          const partial = `${folder}.partial`;
          await rename(folder, partial);
          return partial;
        },
        /is an unfinished backup \(\.partial\)/,
      ],
    ];
    for (const [name, damage, reason] of cases) {
      const folder = await damagedCopy(name, damage);
      const target = await untouchedTarget();
      const result = await runCli(['restore', folder], target.env);
      expect(result.code, name).toBe(1);
      expect(result.stderr, name).toMatch(reason);
      await target.assertUntouched();
    }
  }, 300_000);

  it('refuses to restore into a non-empty target unless forced', async () => {
    const refused = await cli('restore', backupFolder);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The target is not empty: the database has rows in');
    expect(refused.stderr).toContain('storage already holds originals');
    expect(refused.stderr).toContain('Use --force');
  }, 120_000);

  it('with --with-variants keeps the variants too, and a restore of it needs no rendering', async () => {
    const withVariantsEnv = { ...cliEnv, BACKUP_PATH: `${backupPath}-variants` };
    const made = await runCli(['backup', '--with-variants'], withVariantsEnv);
    expect(made.code, made.stderr).toBe(0);
    const folder = lastLine(made.stdout);
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.withVariants).toBe(true);
    expect(manifest.variants.length).toBe(manifest.database.rowCounts.media_variants);
    expect(manifest.variants.every((file) => file.key.startsWith('variants/'))).toBe(true);

    const target = await untouchedTarget();
    try {
      const restored = await runCli(['restore', folder], target.env);
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toContain(`and ${manifest.originals.length + manifest.variants.length} files`);
      expect(restored.stdout).toContain('Queued rendering for 0 media');
    } finally {
      await target.drop();
      await rm(target.env.MEDIA_STORAGE_PATH ?? '', { recursive: true, force: true });
      await rm(`${backupPath}-variants`, { recursive: true, force: true });
    }
  }, 300_000);

  it('verify names a missing and a changed original and exits 1', async () => {
    const storage = createLocalStorage(storageRoot);
    const [missingKey, changedKey] = [...originalsBefore.keys()].sort();
    await rm(storage.pathOf(missingKey ?? ''));
    await writeFile(storage.pathOf(changedKey ?? ''), Buffer.from('not the original'));
    const result = await cli('verify');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Checked 30 originals: 28 intact, 2 failed');
    expect(result.stdout).toMatch(new RegExp(`media \\d+ ${missingKey}: missing`));
    expect(result.stdout).toMatch(new RegExp(`media \\d+ ${changedKey}: changed: sha256 [0-9a-f]{64}`));
    expect(lastLine(result.stdout)).toBe('2 failed');
  }, 120_000);

  it('keeps the newest BACKUP_KEEP backups and removes only abandoned partials', async () => {
    const keepPath = `${backupPath}-keep`;
    const keepEnv = { ...cliEnv, BACKUP_PATH: keepPath, BACKUP_KEEP: '2' };
    await mkdir(path.join(keepPath, 'p4g-backup-20200101T000000000Z-v0.0.1.partial'), { recursive: true });
    await mkdir(path.join(keepPath, 'p4g-backup-20200102T000000000Z-v0.0.1.partial'), { recursive: true });
    const old = new Date(Date.now() - 2 * 24 * 3600_000);
    await utimes(path.join(keepPath, 'p4g-backup-20200101T000000000Z-v0.0.1.partial'), old, old);
    const made: string[] = [];
    let output = '';
    for (let n = 0; n < 3; n += 1) {
      // The damaged originals of the previous test are reported, and the backup is still made.
      const result = await runCli(['backup'], keepEnv);
      expect(result.stdout).toContain('could not be backed up');
      expect(result.code).toBe(1);
      made.push(path.basename(lastLine(result.stdout)));
      output += result.stdout;
    }
    expect(output).toContain(`Removed old backup ${made[0]}`);
    expect(output).toContain('Removed old backup p4g-backup-20200101T000000000Z-v0.0.1.partial');
    expect((await readdir(keepPath)).sort()).toEqual(
      [made[1], made[2], 'p4g-backup-20200102T000000000Z-v0.0.1.partial'].sort(),
    );
  }, 300_000);
});

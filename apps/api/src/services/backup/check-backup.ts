/**
 * Everything restore checks before it touches the target: the folder is a finished backup, the manifest parses,
 * its format and migration level are ones this code can restore, and every file (the dump, each original and
 * variant) is there with its recorded size and sha256. A failure names the reason.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { defaultMigrationsFolder, readJournal } from '@phoenix4ge/db';
import { z } from 'zod';
import { eachLimited, hashFile } from './files';
import type { Manifest } from './manifest';
import { BACKUP_FORMAT_VERSION, DUMP_FILE, MANIFEST_FILE, ManifestSchema, PARTIAL_SUFFIX } from './manifest';
import type { BackupProgress } from './progress';

/** Restore will not run, and has touched nothing: `message` says why. */
export class RestoreRefused extends Error {}

async function fileProblem(file: string, expected: { sha256: string; bytes: number }) {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return 'is missing';
  if (info.size !== expected.bytes) return `has ${info.size} bytes, the manifest says ${expected.bytes}`;
  const { sha256 } = await hashFile(file);
  if (sha256 !== expected.sha256) return `does not match its sha256 (${sha256}, expected ${expected.sha256})`;
  return undefined;
}

export async function checkBackup(folder: string, progress: BackupProgress): Promise<Manifest> {
  const name = path.basename(folder);
  if (name.endsWith(PARTIAL_SUFFIX)) {
    throw new RestoreRefused(
      `${name} is an unfinished backup (${PARTIAL_SUFFIX}): its backup stopped or is still running`,
    );
  }
  if (!(await stat(folder).catch(() => undefined))?.isDirectory())
    throw new RestoreRefused(`No backup folder at ${folder}`);

  const manifestText = await readFile(path.join(folder, MANIFEST_FILE), 'utf8').catch(() => undefined);
  if (manifestText === undefined)
    throw new RestoreRefused(`${MANIFEST_FILE} is missing in ${folder}: not a complete backup`);
  let raw: unknown;
  try {
    raw = JSON.parse(manifestText);
  } catch (error) {
    throw new RestoreRefused(`${MANIFEST_FILE} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success)
    throw new RestoreRefused(`${MANIFEST_FILE} is malformed:\n${z.prettifyError(parsed.error)}`);
  const manifest = parsed.data;
  if (manifest.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new RestoreRefused(
      `The backup's format version is ${manifest.formatVersion}; this code restores version ${BACKUP_FORMAT_VERSION}`,
    );
  }
  const known = readJournal(defaultMigrationsFolder).map((entry) => entry.tag);
  const unknown = manifest.migrations.filter((tag) => !known.includes(tag));
  if (unknown.length > 0) {
    throw new RestoreRefused(
      `The backup's database has migration(s) this code does not know (${unknown.join(', ')}): it comes from a newer version; restore it with that version`,
    );
  }

  const dumpProblem = await fileProblem(path.join(folder, DUMP_FILE), manifest.database);
  if (dumpProblem) throw new RestoreRefused(`The database dump ${DUMP_FILE} ${dumpProblem}`);

  const files = [...manifest.originals, ...manifest.variants];
  progress.step('checking files', files.length);
  const problems: string[] = [];
  let done = 0;
  await eachLimited(files, 4, async (file) => {
    const problem = await fileProblem(path.join(folder, file.key), file);
    if (problem) problems.push(`${file.key} ${problem}`);
    done += 1;
    progress.update(done, file.key);
  });
  progress.end();
  if (problems.length > 0) {
    throw new RestoreRefused(
      `${problems.length} file(s) of the backup are damaged:\n${problems
        .sort()
        .map((problem) => `  ${problem}`)
        .join('\n')}`,
    );
  }
  return manifest;
}

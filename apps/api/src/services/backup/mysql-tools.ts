/**
 * The MariaDB/MySQL command-line tools: `mariadb-dump`/`mysqldump` writes the dump, `mariadb`/`mysql` loads it.
 * Connection settings come from the api config; the password goes through a 0600 defaults file in a private
 * temporary folder, never the command line (where `ps` would show it).
 */
import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { DatabaseConfig } from '@phoenix4ge/shared/node';

const run = promisify(execFile);

async function firstInstalled(names: string[]): Promise<string> {
  for (const name of names) {
    const found = await run('sh', ['-c', `command -v ${name}`]).catch(() => undefined);
    const file = found?.stdout.trim();
    if (file) return file;
  }
  throw new Error(`Neither ${names.join(' nor ')} is installed (install the MariaDB or MySQL client tools)`);
}

export const findDumpTool = () => firstInstalled(['mariadb-dump', 'mysqldump']);
export const findClientTool = () => firstInstalled(['mariadb', 'mysql']);

export async function toolVersion(tool: string): Promise<string> {
  const { stdout } = await run(tool, ['--version']);
  return stdout.trim();
}

const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Runs `work` with a defaults file holding the connection settings, removed afterwards. */
export async function withDefaultsFile<T>(
  config: DatabaseConfig,
  work: (file: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'p4g-db-'));
  const file = path.join(dir, 'client.cnf');
  try {
    await writeFile(
      file,
      [
        '[client]',
        `host=${quoted(config.host)}`,
        `port=${config.port}`,
        `user=${quoted(config.user)}`,
        `password=${quoted(config.password)}`,
        'default-character-set=utf8mb4',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    return await work(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Resolves when the process exits 0; otherwise rejects with its last stderr lines. */
export function finished(child: ChildProcess, what: string): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(new Error(`${what} failed (${signal ?? `exit ${code}`}): ${stderr.trim() || 'no message'}`));
    });
  });
}

/**
 * Starts a consistent dump of the whole database on stdout: one snapshot (`--single-transaction`, no table
 * locks), rows streamed (`--quick`), binary as hex, INSERTs naming their columns (read by ./dump-reader.ts).
 */
export function spawnDump(tool: string, defaultsFile: string, database: string) {
  return spawn(
    tool,
    [
      `--defaults-extra-file=${defaultsFile}`,
      '--single-transaction',
      '--quick',
      '--skip-lock-tables',
      '--routines',
      '--triggers',
      '--hex-blob',
      '--complete-insert',
      '--no-tablespaces',
      database,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** Starts the client reading a script on stdin into `database`. */
export function spawnLoad(tool: string, defaultsFile: string, database: string) {
  return spawn(tool, [`--defaults-extra-file=${defaultsFile}`, '--batch', database], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
}

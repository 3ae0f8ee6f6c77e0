import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, isolatedStorage, startApi, testEnv } from './support/harness';
import { builtCli } from './support/processes';
import { fixturesDir } from './support/uploads';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

/** Runs `command args` from the workspace root with only PATH and `env` set. */
function run(command: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

// Each command is a process that migrates and opens its own connections: on a busy 2-core machine one can take
// 20 s, and a test runs up to five of them.
describe('admin CLI against a fresh database, and the typed client example', { timeout: 120_000 }, () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let env: Record<string, string>;
  // The built bundle, like the api and worker in other tests: compiling the sources on every start (tsx) took
  // over 30 s on a busy machine with a cold cache.
  const cli = (...args: string[]) => run(process.execPath, [builtCli, ...args], env);

  beforeAll(async () => {
    database = await freshDatabase();
    env = testEnv({ ...database.env, ...isolatedStorage() });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('creates a user, a model, a membership and an API key, printing the id or key last', async () => {
    const admin = await cli(
      'user:create',
      '--email',
      'ops@example.test',
      '--password',
      'operator passphrase',
      '--admin',
    );
    expect(admin.code).toBe(0);
    expect(admin.stdout).toContain('Created admin ops@example.test');
    expect(lastLine(admin.stdout)).toMatch(/^\d+$/);

    const editor = await cli('user:create', '--email', 'ed@example.test', '--password', 'editor passphrase');
    expect(editor.code).toBe(0);

    const model = await cli('model:create', '--slug', 'anna-k', '--name', 'Anna K');
    expect(model.code).toBe(0);
    expect(lastLine(model.stdout)).toMatch(/^\d+$/);

    const member = await cli(
      'member:add',
      '--model',
      'anna-k',
      '--email',
      'ed@example.test',
      '--role',
      'editor',
    );
    expect(member.code).toBe(0);
    expect(member.stdout).toContain('ed@example.test is now editor of anna-k');
    expect(lastLine(member.stdout)).toBe(lastLine(editor.stdout));

    const key = await cli(
      'apikey:create',
      '--name',
      'portfolio-sync',
      '--model',
      'anna-k',
      '--role',
      'viewer',
    );
    expect(key.code).toBe(0);
    expect(lastLine(key.stdout)).toMatch(/^p4g_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
  });

  it('explains bad input and exits non-zero', async () => {
    const weak = await cli('user:create', '--email', 'not-an-email', '--password', 'x');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('Enter a valid email address');
    expect(weak.stderr).toContain('Use at least 12 characters');
    const taken = await cli('model:create', '--slug', 'anna-k', '--name', 'Again');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('The slug "anna-k" is taken');
    const missing = await cli('member:add', '--model', 'anna-k');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing --email, --role');
    const unknown = await cli('model:delete');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "model:delete"');
  });

  it('imports a folder tree through the upload checks, skipping duplicates on a second run', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'p4g-import-'));
    try {
      await mkdir(path.join(folder, 'shoot', '.hidden'), { recursive: true });
      await copyFile(path.join(fixturesDir, 'Canon_40D.jpg'), path.join(folder, 'a.jpg'));
      await copyFile(path.join(fixturesDir, 'basn6a16.png'), path.join(folder, 'shoot', 'b.png'));
      await copyFile(path.join(fixturesDir, 'pdf.pdf'), path.join(folder, 'shoot', 'c.jpg'));
      await copyFile(
        path.join(fixturesDir, 'Nikon_D70.jpg'),
        path.join(folder, 'shoot', '.hidden', 'skipped.jpg'),
      );
      const first = await cli('media:import', '--model', 'anna-k', folder);
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('created 2, duplicate 0, rejected 1');
      expect(first.stdout).toContain('shoot/c.jpg: application/pdf files are not accepted');
      expect(first.stderr).toContain('3/3 files');
      const second = await cli('media:import', '--model', 'anna-k', folder);
      expect(second.stdout).toContain('created 0, duplicate 2, rejected 1');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('writes an audit entry for each CLI change', async () => {
    const api = await startApi(database.env);
    try {
      const entries = await api.services.audit.list({ limit: 50, action: 'cli.' });
      expect(entries.items.map((entry) => entry.action).sort()).toEqual([
        'cli.apikey:create',
        'cli.media:import',
        'cli.media:import',
        'cli.member:add',
        'cli.model:create',
        'cli.user:create',
        'cli.user:create',
      ]);
    } finally {
      await api.stop();
    }
  });

  it('runs the typed client example with a key made by the CLI', async () => {
    const key = lastLine(
      (await cli('apikey:create', '--name', 'example', '--model', 'anna-k', '--role', 'viewer')).stdout,
    );
    const api = await startApi(database.env);
    try {
      const example = await run(tsx, ['apps/api/examples/typed-client.ts'], {
        P4G_API_URL: api.url,
        P4G_API_KEY: key,
      });
      expect(example.stderr).toBe('');
      expect(example.code).toBe(0);
      expect(example.stdout).toContain('Signed in as API key "example" (viewer)');
      expect(example.stdout).toContain('Models visible to this key: 1');
      expect(example.stdout).toContain('- anna-k (Anna K): role viewer, 1 member(s), formats webp/jpeg');
      const refused = await run(tsx, ['apps/api/examples/typed-client.ts'], {
        P4G_API_URL: api.url,
        P4G_API_KEY: 'p4g_AAAAAAAA_0000000000000000000000000000000000000000000',
      });
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('The API key is not valid');
    } finally {
      await api.stop();
    }
  });
});

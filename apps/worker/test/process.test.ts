import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const builtWorker = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/index.js');

/** Runs the built worker bundle as a real process (this also proves every external import resolves). */
function runBuiltWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, [builtWorker], { env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe.runIf(existsSync(builtWorker))('the built worker process', () => {
  it('exits 1 naming the bad variable', async () => {
    const run = runBuiltWorker({ ...inject('testEnv'), WORKER_CONCURRENCY: 'lots' });
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toContain(
      'WORKER_CONCURRENCY: expected a whole number from 1 to 64 (got "lots")',
    );
  });

  it('exits 1 with a clear message when Redis does not answer', async () => {
    const run = runBuiltWorker({ ...inject('testEnv'), REDIS_PORT: '1' });
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toMatch(/Cannot reach Redis at 127\.0\.0\.1:1/);
  });

  it('starts, then stops gracefully on SIGTERM', async () => {
    const run = runBuiltWorker({
      ...inject('testEnv'),
      LOG_LEVEL: 'info',
      REDIS_KEY_PREFIX: `${inject('testEnv').REDIS_KEY_PREFIX}_proc`,
    });
    const deadline = Date.now() + 15_000;
    while (!run.output().stdout.includes('worker started') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(run.output().stdout).toContain('worker started');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toContain('worker stopped');
  });
});

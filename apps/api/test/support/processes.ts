import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKER_NODE_FLAGS } from '../../../worker/src/node-flags';

const appsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** `pnpm test` builds into `dist-test` (BUILD_OUT_DIR), so it never rebuilds under a running `pnpm start`. */
const outDir = process.env.BUILD_OUT_DIR ?? 'dist';
export const builtApi = path.join(appsDir, 'api', outDir, 'index.js');
export const builtCli = path.join(appsDir, 'api', outDir, 'cli.js');
export const builtWorker = path.join(appsDir, 'worker', outDir, 'index.js');

/**
 * Runs a built bundle as a real process with only PATH and `env` (and Node's `nodeArgs`; the worker also gets the
 * flags every launcher gives it); collects its output.
 */
export function spawnBuilt(entry: string, env: Record<string, string>, nodeArgs: string[] = []) {
  const flags = entry === builtWorker ? [...WORKER_NODE_FLAGS, ...nodeArgs] : nodeArgs;
  const child = spawn(process.execPath, [...flags, entry], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

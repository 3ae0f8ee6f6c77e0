// Small process helpers for the start/dev/test scripts (plain Node: they run before dependencies are installed).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export function step(message) {
  console.log(`\n\u25b6 ${message}`);
}

/** Runs a command to completion with inherited output; rejects with its exit code. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: process.env, ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          Object.assign(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`), {
            code,
          }),
        );
    });
  });
}

/** Starts a long-running child; returns it with a `stopped` promise. */
export function launch(name, command, args, options = {}) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: process.env, ...options });
  child.stopped = new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ name, code, signal })),
  );
  child.on('error', (error) => console.error(`${name}: ${error.message}`));
  return child;
}

/** Sends SIGTERM, then SIGKILL after `graceMs`. */
export async function terminate(child, graceMs = 15_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.stopped;
  clearTimeout(timer);
}

export function findBinary(
  names,
  extraDirs = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/bin', '/opt/homebrew/bin'],
) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

export function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// The browser tests drive Debian's chromium through playwright-core; install it with apt when missing and allowed.
import { existsSync } from 'node:fs';
import { findBinary, isRoot, run } from './proc.mjs';

export async function ensureChromium() {
  const executable = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(executable)) return executable;
  if (isRoot() && findBinary(['apt-get'])) {
    console.log('Installing Debian chromium for the browser tests ...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get', ['update', '-qq'], { env });
    await run('apt-get', ['install', '-y', '-qq', 'chromium'], { env });
    if (existsSync(executable)) return executable;
  }
  throw new Error(
    `The browser tests need Chromium at ${executable}. Install it (Debian/Ubuntu: sudo apt-get install chromium)\n` +
      '  or set CHROMIUM_PATH to a Chromium/Chrome executable.',
  );
}

// Tools some tests run (Chromium for the browser tests, promtool for the alert rules, nginx for its
// configuration): found on the machine, else installed from Debian with apt when running as root.
import { existsSync } from 'node:fs';
import { findBinary, isRoot, run } from './proc.mjs';

let aptUpdated = false;

/**
 * The path of `binary` (the env variable `envName` may name another), installing Debian's `debianPackage` when
 * it is missing and apt may be used. Throws with what to install otherwise.
 */
export async function ensureDebianTool({ binary, debianPackage, envName, purpose }) {
  const configured = process.env[envName];
  if (configured && existsSync(configured)) return configured;
  const found = findBinary([binary]);
  if (found) return found;
  if (isRoot() && findBinary(['apt-get'])) {
    console.log(`Installing Debian ${debianPackage} for ${purpose} ...`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (!aptUpdated) {
      await run('apt-get', ['update', '-qq'], { env });
      aptUpdated = true;
    }
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', debianPackage], { env });
    const installed = findBinary([binary]);
    if (installed) return installed;
  }
  throw new Error(
    `${purpose} needs ${binary}. Install it (Debian/Ubuntu: sudo apt-get install ${debianPackage})\n` +
      `  or set ${envName} to its path.`,
  );
}

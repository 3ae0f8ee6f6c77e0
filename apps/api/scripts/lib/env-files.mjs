// Loads `.env` and the generated `.data/secrets.env` into process.env without overriding what is already set.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

export function loadEnvFiles(root) {
  for (const file of [path.join(root, '.env'), path.join(root, '.data', 'secrets.env')]) {
    if (!existsSync(file)) continue;
    const values = parseEnv(readFileSync(file, 'utf8'));
    for (const [key, value] of Object.entries(values)) {
      if (process.env[key] === undefined) process.env[key] = value;
    }
  }
}

/** Production needs SESSION_SECRET and ENCRYPTION_KEY; generate them once for this checkout when unset. */
export function ensureSecrets(root) {
  const missing = ['SESSION_SECRET', 'ENCRYPTION_KEY'].filter((name) => !process.env[name]);
  if (missing.length === 0) return;
  const file = path.join(root, '.data', 'secrets.env');
  mkdirSync(path.dirname(file), { recursive: true });
  const lines = existsSync(file) ? readFileSync(file, 'utf8') : '';
  let added = '';
  for (const name of missing) {
    const value = randomBytes(32).toString('base64url');
    process.env[name] = value;
    added += `${name}=${value}\n`;
  }
  writeFileSync(file, lines + added, { mode: 0o600 });
  console.log(`Generated ${missing.join(' and ')} into .data/secrets.env (kept for later starts).`);
}

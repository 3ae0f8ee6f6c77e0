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

/**
 * `pnpm dev` runs the moderation provider simulator: unless an external provider is configured, the http provider
 * points at it (a model switched to `http` in its settings then gets simulated, signed answers).
 */
export function useModerationSimulator(port) {
  if (process.env.MODERATION_API_ENDPOINT) return false;
  const simulatorPort = process.env.MODERATION_SIMULATOR_PORT ?? '3900';
  process.env.MODERATION_SIMULATOR_PORT = simulatorPort;
  process.env.MODERATION_API_ENDPOINT = `http://127.0.0.1:${simulatorPort}/v1/moderations`;
  process.env.MODERATION_API_KEY ??= 'dev-simulator-key';
  process.env.MODERATION_WEBHOOK_URL ??= `http://127.0.0.1:${port}/api/moderation-webhooks/result`;
  process.env.MODERATION_WEBHOOK_SECRET ??= `whsec_${randomBytes(32).toString('base64')}`;
  return true;
}

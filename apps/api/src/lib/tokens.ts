import { createHash, createHmac, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: session tokens and the secret part of API keys. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Session tokens are stored as HMAC-SHA256 keyed with SESSION_SECRET: rotating the secret ends every session. */
export function sessionTokenHash(token: string, secret: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}

/** API keys are stored as plain SHA-256 (they carry 256 random bits; keys survive a SESSION_SECRET rotation). */
export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A new API key `p4g_<8 chars shown in lists>_<43 secret chars>`. */
export function newApiKey(): { key: string; prefix: string } {
  const bytes = randomBytes(8);
  const id = Array.from(bytes, (byte) => alphanumeric[byte % alphanumeric.length]).join('');
  const prefix = `p4g_${id}`;
  return { key: `${prefix}_${randomToken()}`, prefix };
}

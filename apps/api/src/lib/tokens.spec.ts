import { API_KEY_PATTERN } from '@phoenix4ge/shared';
import { describe, expect, it } from 'vitest';
import { apiKeyHash, newApiKey, randomToken, sessionTokenHash } from './tokens';

describe('tokens', () => {
  it('makes API keys of the documented shape, each different', () => {
    const keys = Array.from({ length: 50 }, () => newApiKey());
    for (const { key, prefix } of keys) {
      expect(key).toMatch(API_KEY_PATTERN);
      expect(key.startsWith(`${prefix}_`)).toBe(true);
    }
    expect(new Set(keys.map(({ key }) => key)).size).toBe(50);
  });

  it('hashes session tokens with the secret, API keys without', () => {
    const token = randomToken();
    expect(token).toHaveLength(43);
    expect(sessionTokenHash(token, 'a'.repeat(32))).not.toBe(sessionTokenHash(token, 'b'.repeat(32)));
    expect(apiKeyHash('p4g_x')).toMatch(/^[0-9a-f]{64}$/);
  });
});

import { randomBytes } from 'node:crypto';
import { ConfigError } from '@phoenix4ge/shared/node';
import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '../env';

const secret = `whsec_${randomBytes(24).toString('base64')}`;

describe('security monitoring configuration', () => {
  it('has the documented defaults and no webhook', () => {
    const { security } = loadWorkerConfig({});
    expect(security.rulesIntervalMs).toBe(60_000);
    expect(security.rules).toEqual({
      password_spray: { atLeast: 5, windowMs: 600_000 },
      api_key_many_addresses: { atLeast: 5, windowMs: 3_600_000 },
      hostile_uploads: { atLeast: 10, windowMs: 600_000 },
      webhook_bad_signatures: { atLeast: 5, windowMs: 600_000 },
      mass_downloads: { atLeast: 500, windowMs: 600_000 },
    });
    expect(security.webhook).toBeUndefined();
    expect(security.adminUrl).toBe('');
  });

  it('reads <events>/<minutes> thresholds and the webhook, with links on PUBLIC_URL', () => {
    const { security } = loadWorkerConfig({
      SECURITY_RULE_MASS_DOWNLOADS: '2000/30',
      SECURITY_WEBHOOK_URL: 'https://chat.example/hook',
      SECURITY_WEBHOOK_SECRET: secret,
      PUBLIC_URL: 'https://media.example/',
    });
    expect(security.rules.mass_downloads).toEqual({ atLeast: 2000, windowMs: 1_800_000 });
    expect(security.webhook).toEqual({
      url: 'https://chat.example/hook',
      secret,
      attempts: 10,
      backoffMs: 5000,
    });
    expect(security.adminUrl).toBe('https://media.example');
  });

  it.each([
    [{ SECURITY_RULE_PASSWORD_SPRAY: '5' }, /SECURITY_RULE_PASSWORD_SPRAY: expected <events>\/<minutes>/],
    [{ SECURITY_RULE_HOSTILE_UPLOADS: '0/10' }, /SECURITY_RULE_HOSTILE_UPLOADS: expected at least 1 event/],
    [
      { SECURITY_RULE_API_KEY_ADDRESSES: '5/0' },
      /SECURITY_RULE_API_KEY_ADDRESSES: expected at least 1 event/,
    ],
    [{ SECURITY_WEBHOOK_URL: 'https://chat.example/hook' }, /SECURITY_WEBHOOK_SECRET: .*\(unset\)/],
    [
      { SECURITY_WEBHOOK_URL: 'https://chat.example/hook', SECURITY_WEBHOOK_SECRET: 'short' },
      /SECURITY_WEBHOOK_SECRET: .*\(malformed\)/,
    ],
  ])('names the bad variable: %o', (env, message) => {
    expect(() => loadWorkerConfig(env)).toThrow(ConfigError);
    expect(() => loadWorkerConfig(env)).toThrow(message);
  });
});

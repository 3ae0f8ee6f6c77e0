/** The security monitoring part of the worker's configuration: rule thresholds and the incident webhook. */
import type { IncidentRule } from '@phoenix4ge/shared';
import type { CommonConfig } from '@phoenix4ge/shared/node';
import {
  ConfigError,
  envInteger,
  isWebhookSecret,
  optionalString,
  optionalUrl,
} from '@phoenix4ge/shared/node';
import { z } from 'zod';

/** `<events>/<minutes>`: a rule fires at this many events (or accounts, addresses) within this many minutes. */
const threshold = (fallback: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,7}\/\d{1,4}$/, { error: 'expected <events>/<minutes>, e.g. 5/10' })
    .default(fallback)
    .transform((value) => {
      const [atLeast, minutes] = value.split('/').map(Number) as [number, number];
      return { atLeast, windowMs: minutes * 60_000 };
    })
    .refine((rule) => rule.atLeast >= 1 && rule.windowMs >= 60_000, {
      error: 'expected at least 1 event and 1 minute',
    });

export const securityEnvShape = {
  /** How often the monitoring rules run (every minute; tests run them more often). */
  SECURITY_RULES_INTERVAL_MS: envInteger(60_000, 200, 3600_000),
  /** Failed sign-ins for this many distinct accounts from one address. */
  SECURITY_RULE_PASSWORD_SPRAY: threshold('5/10'),
  /** One API key used from this many addresses. */
  SECURITY_RULE_API_KEY_ADDRESSES: threshold('5/60'),
  /** Rejected (malformed, hostile, oversized) files from one uploader. */
  SECURITY_RULE_HOSTILE_UPLOADS: threshold('10/10'),
  /** Moderation webhook calls with a bad signature from one address. */
  SECURITY_RULE_WEBHOOK_SIGNATURES: threshold('5/10'),
  /** Originals and archive entries downloaded by one user or API key. */
  SECURITY_RULE_MASS_DOWNLOADS: threshold('500/10'),
  /** Optional: where a new incident is POSTed (chat, paging), signed the Standard Webhooks way. */
  SECURITY_WEBHOOK_URL: optionalUrl(['http:', 'https:']),
  SECURITY_WEBHOOK_SECRET: optionalString,
  SECURITY_WEBHOOK_ATTEMPTS: envInteger(10, 1, 50),
  SECURITY_WEBHOOK_BACKOFF_MS: envInteger(5000, 10, 3600_000),
};

type SecurityEnv = z.infer<z.ZodObject<typeof securityEnvShape>>;

export interface SecurityConfig {
  rulesIntervalMs: number;
  rules: Record<IncidentRule, { atLeast: number; windowMs: number }>;
  webhook: { url: string; secret: string; attempts: number; backoffMs: number } | undefined;
  /** Where incident links point: `<PUBLIC_URL>/incidents/<id>` (a path alone when PUBLIC_URL is unset). */
  adminUrl: string;
}

export function resolveSecurity(env: SecurityEnv, common: Pick<CommonConfig, 'publicUrl'>): SecurityConfig {
  let webhook: SecurityConfig['webhook'];
  if (env.SECURITY_WEBHOOK_URL) {
    const secret = env.SECURITY_WEBHOOK_SECRET;
    if (!secret || !isWebhookSecret(secret)) {
      throw new ConfigError([
        `SECURITY_WEBHOOK_SECRET: expected whsec_ followed by at least 16 bytes of base64 when SECURITY_WEBHOOK_URL is set (${secret ? 'malformed' : 'unset'})`,
      ]);
    }
    webhook = {
      url: env.SECURITY_WEBHOOK_URL,
      secret,
      attempts: env.SECURITY_WEBHOOK_ATTEMPTS,
      backoffMs: env.SECURITY_WEBHOOK_BACKOFF_MS,
    };
  }
  return {
    rulesIntervalMs: env.SECURITY_RULES_INTERVAL_MS,
    rules: {
      password_spray: env.SECURITY_RULE_PASSWORD_SPRAY,
      api_key_many_addresses: env.SECURITY_RULE_API_KEY_ADDRESSES,
      hostile_uploads: env.SECURITY_RULE_HOSTILE_UPLOADS,
      webhook_bad_signatures: env.SECURITY_RULE_WEBHOOK_SIGNATURES,
      mass_downloads: env.SECURITY_RULE_MASS_DOWNLOADS,
    },
    webhook,
    adminUrl: (common.publicUrl ?? '').replace(/\/+$/, ''),
  };
}

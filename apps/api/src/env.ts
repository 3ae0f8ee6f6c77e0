/** The api's configuration: the common variables plus HTTP, SPA and secrets. The only place that reads process.env. */

import path from 'node:path';
import type { CommonConfig } from '@phoenix4ge/shared/node';
import {
  commonEnvShape,
  envInstances,
  envInteger,
  envLogLevelOverride,
  optionalString,
  parseEnv,
  processLogLevel,
  resolveCommon,
  workspaceRoot,
} from '@phoenix4ge/shared/node';
import { z } from 'zod';

const secretRule = 'expected at least 32 characters (required when NODE_ENV=production)';

const apiEnvSchema = z
  .object({
    ...commonEnvShape,
    /** The api's own level; unset: LOG_LEVEL. */
    API_LOG_LEVEL: envLogLevelOverride,
    PORT: envInteger(3000, 0, 65535),
    HOST: z.string().min(1).default('0.0.0.0'),
    WEB_DIST_PATH: optionalString,
    /**
     * Origins whose pages may call the public API (/api/public/*) from the browser: `*` (the default: it carries
     * no credentials and answers everyone alike) or a comma list of origins like https://portfolio.example.
     */
    PUBLIC_CORS_ORIGINS: z
      .string()
      .trim()
      .default('*')
      .transform((value): '*' | string[] =>
        value === '*'
          ? '*'
          : value
              .split(',')
              .map((part) => part.trim().replace(/\/+$/, ''))
              .filter(Boolean),
      )
      .refine((value) => value === '*' || value.every((origin) => /^https?:\/\/[^/\s]+$/.test(origin)), {
        error: 'expected * or a comma list of origins like https://portfolio.example',
      }),
    // Behind a reverse proxy: `true`, a hop count, or a comma list of proxy addresses/CIDRs. Off by default, so
    // X-Forwarded-For cannot be used to dodge the per-IP login limit.
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((value): boolean | number | string[] => {
        if (value === 'true' || value === 'false') return value === 'true';
        if (/^\d+$/.test(value)) return Number(value);
        return value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean);
      }),
    /** Whole request (headers and body) must arrive within this: stops slowloris-style slow bodies. */
    HTTP_REQUEST_TIMEOUT_MS: envInteger(15 * 60_000, 1000, 24 * 3600_000),
    /** A connection with no traffic for this long is closed (SSE pings every 15 s keep live streams open). */
    HTTP_IDLE_TIMEOUT_MS: envInteger(60_000, 1000, 3600_000),
    /** How long the download link of a model's GDPR export works (hours); its file is deleted after. */
    EXPORT_LINK_TTL_HOURS: envInteger(24, 1, 24 * 30),
    SESSION_SECRET: optionalString,
    ENCRYPTION_KEY: optionalString,
    /** SIGTERM drain: how long in-flight requests (uploads) may take to finish before their connections are cut. */
    SHUTDOWN_TIMEOUT_MS: envInteger(30_000, 0, 3600_000),
    /** `pnpm start` (apps/api/dist/cluster.js): api processes sharing the port; `max` = one per CPU core. */
    API_INSTANCES: envInstances(1),
    /** A supervised api process whose resident memory passes this is replaced gracefully; 0 = never. */
    API_MAX_MEMORY_MB: envInteger(1024, 0, 1_048_576),
    /** Where `pnpm cli backup` writes its backups (relative paths are from the workspace root). */
    BACKUP_PATH: optionalString,
    /** Complete backups kept; older ones are removed after each new backup. */
    BACKUP_KEEP: envInteger(14, 1, 10_000),
  })
  .superRefine((env, ctx) => {
    for (const name of ['SESSION_SECRET', 'ENCRYPTION_KEY'] as const) {
      const value = env[name];
      const missingInProduction = env.NODE_ENV === 'production' && value === undefined;
      if (missingInProduction || (value !== undefined && value.length < 32)) {
        ctx.addIssue({ code: 'custom', path: [name], message: secretRule });
      }
    }
  });

/** Development-only fallbacks, never accepted in production (see the rule above). */
const devSecret = 'phoenix4ge-development-only-secret-0000';

export interface ApiConfig extends CommonConfig {
  port: number;
  host: string;
  /** Who may call the public API from another origin (CORS): `*` or these origins. */
  publicCorsOrigins: '*' | string[];
  trustProxy: boolean | number | string[];
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  /** How long a GDPR export's download link works (EXPORT_LINK_TTL_HOURS). */
  exportLinkTtlMs: number;
  webDistPath: string;
  sessionSecret: string;
  encryptionKey: string;
  shutdownTimeoutMs: number;
  /** Read by the supervisor (src/cluster.ts) only. */
  instances: number;
  maxMemoryMb: number;
  backup: { path: string; keep: number };
}

export function loadApiConfig(source: Record<string, string | undefined> = process.env): ApiConfig {
  const env = parseEnv(apiEnvSchema, source);
  return {
    ...resolveCommon(env),
    logLevel: processLogLevel('api', env, env.API_LOG_LEVEL),
    port: env.PORT,
    host: env.HOST,
    publicCorsOrigins: env.PUBLIC_CORS_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
    idleTimeoutMs: env.HTTP_IDLE_TIMEOUT_MS,
    exportLinkTtlMs: env.EXPORT_LINK_TTL_HOURS * 3600_000,
    webDistPath: path.resolve(workspaceRoot(), env.WEB_DIST_PATH ?? 'apps/web/dist'),
    sessionSecret: env.SESSION_SECRET ?? devSecret,
    encryptionKey: env.ENCRYPTION_KEY ?? devSecret,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    instances: env.API_INSTANCES,
    maxMemoryMb: env.API_MAX_MEMORY_MB,
    backup: {
      path: path.resolve(workspaceRoot(), env.BACKUP_PATH ?? '.data/backups'),
      keep: env.BACKUP_KEEP,
    },
  };
}

/** The folder the user ran `pnpm …` from (pnpm runs root scripts from the root and passes it as INIT_CWD). */
export function invocationDirectory(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

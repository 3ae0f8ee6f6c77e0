/**
 * Configuration from environment variables, validated with zod. The seed's variable names are kept
 * (DESIGN §10). `DATABASE_URL` and `REDIS_URL` win over the separate parts. Each app's `env.ts`
 * extends `commonEnvShape` with its own variables and calls `parseEnv`.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { ModerationProviderName } from '../enums';
import { moderationProviderNames } from '../enums';
import { workspaceRoot } from './workspace';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

const booleanWords = ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'] as const;

export const envBoolean = (fallback: boolean) =>
  z
    .enum(booleanWords, { error: `expected one of ${booleanWords.join(', ')}` })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes' || value === 'on');

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, { error: `expected a whole number from ${min} to ${max}` })
    .transform(Number)
    .refine((value) => value >= min && value <= max, {
      error: `expected a whole number from ${min} to ${max}`,
    });

export const envInteger = (fallback: number, min: number, max: number) =>
  wholeNumber(min, max).default(fallback);

export const envOptionalInteger = (min: number, max: number) =>
  z.preprocess(emptyToUndefined, wholeNumber(min, max).optional());

/** How many processes a supervisor runs: a whole number from 1 to 256, or `max` (one per CPU core). */
export const envInstances = (fallback: number) =>
  z
    .string()
    .trim()
    .default(String(fallback))
    .refine(
      (value) => value === 'max' || (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 256),
      {
        error: 'expected max or a whole number from 1 to 256',
      },
    )
    .transform((value) => (value === 'max' ? os.availableParallelism() : Number(value)));

export const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
export const optionalUrl = (protocols: string[]) =>
  z.preprocess(
    emptyToUndefined,
    z
      .url({ error: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` })
      .refine((value) => protocols.includes(new URL(value).protocol), {
        error: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
      })
      .optional(),
  );

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** A process's own level (API_LOG_LEVEL, WORKER_LOG_LEVEL): unset or empty falls back to LOG_LEVEL. */
export const envLogLevelOverride = z.preprocess(
  emptyToUndefined,
  z.enum(logLevels, { error: `expected one of ${logLevels.join(', ')}` }).optional(),
);

/** A rotation size with its unit: k, m or g (`10m`), as pino-roll reads it. */
const fileSize = z
  .string()
  .trim()
  .regex(/^[1-9]\d*[kmg]$/i, { error: 'expected a size with its unit, like 10m, 512k or 1g' });

export const commonEnvShape = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(logLevels, { error: `expected one of ${logLevels.join(', ')}` }).default('info'),
  /** Slow-query logging (DB_SLOW_QUERY_MS); unset: on in development, off otherwise. */
  ENABLE_DATABASE_LOGGING: z.preprocess(emptyToUndefined, envBoolean(false).optional()),
  DB_SLOW_QUERY_MS: envInteger(200, 0, 3600_000),
  ENABLE_FILE_LOGGING: envBoolean(false),
  LOG_DIRECTORY: z.string().trim().min(1).default('.data/logs'),
  /** A log file is rotated when it reaches this size (and every day). */
  LOG_FILE_MAX_SIZE: fileSize.default('10m'),
  /** Rotated files kept per process besides the one being written. */
  LOG_FILE_KEEP: envInteger(10, 1, 1000),
  /** `debug`-style namespaces (`phoenix4ge:*`, `phoenix4ge:worker`): a match turns that process to debug. */
  DEBUG: optionalString,

  DATABASE_URL: optionalUrl(['mysql:', 'mariadb:']),
  DB_HOST: z.string().min(1).default('127.0.0.1'),
  DB_PORT: envInteger(3306, 1, 65535),
  DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,64}$/, { error: 'expected a database name of letters, digits and _' })
    .default('phoenix4ge'),
  DB_USER: z.string().min(1).default('root'),
  DB_PASSWORD: z.string().default(''),
  /** TLS to the database (managed MySQL that requires it), the server's certificate verified. */
  DB_TLS: envBoolean(false),
  /** A PEM file of the CA that signed the database's certificate, when it is not a public one (RDS, Cloud SQL). */
  DB_TLS_CA: optionalString,

  REDIS_URL: optionalUrl(['redis:', 'rediss:']),
  REDIS_HOST: z.string().min(1).default('127.0.0.1'),
  REDIS_PORT: envInteger(6379, 1, 65535),
  REDIS_PASSWORD: optionalString,
  REDIS_DB: envInteger(0, 0, 15),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,40}$/, { error: 'expected 1-40 letters, digits, _ . or -' })
    .default('p4g'),

  MEDIA_MAX_FILE_SIZE: envInteger(50 * 1024 * 1024, 1, 2 ** 40),
  /** Pixels (width × height of one frame) above which an upload is refused before any decode. */
  MEDIA_MAX_PIXELS: envInteger(100_000_000, 1, 2 ** 40),
  /** Frames an animation may have. */
  MEDIA_MAX_FRAMES: envInteger(1000, 1, 1_000_000),
  MEDIA_QUALITY: envOptionalInteger(1, 100),
  MEDIA_STORAGE_PATH: optionalString,
  WATERMARK_ENABLED: envBoolean(false),

  STORAGE_DRIVER: z.enum(['local', 's3'], { error: 'expected local or s3' }).default('local'),
  S3_ENDPOINT: optionalUrl(['http:', 'https:']),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: optionalString,
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  /** Path-style URLs (`endpoint/bucket/key`), which MinIO and most self-hosted servers need. */
  S3_FORCE_PATH_STYLE: envBoolean(true),

  /** The public address of the api (image, gallery and download URLs are built on it). */
  PUBLIC_URL: optionalUrl(['http:', 'https:']),
  /** Optional: where the dead public image URLs are POSTed (signed, Standard Webhooks) so a CDN can purge them. */
  PUBLIC_PURGE_WEBHOOK_URL: optionalUrl(['http:', 'https:']),
  /** `whsec_` + base64, as Standard Webhooks has it: signs the purge calls. */
  PUBLIC_PURGE_WEBHOOK_SECRET: optionalString,
  /** Calls of one purge batch before it is given up, waiting PUBLIC_PURGE_BACKOFF_MS × 2^(n-1) between them. */
  PUBLIC_PURGE_ATTEMPTS: envInteger(10, 1, 50),
  PUBLIC_PURGE_BACKOFF_MS: envInteger(5000, 10, 3600_000),

  MODERATION_PROVIDER: z
    .enum(moderationProviderNames, { error: 'expected local, http or manual' })
    .default('local'),
  MODERATION_API_ENDPOINT: optionalUrl(['http:', 'https:']),
  MODERATION_API_KEY: optionalString,
  MODERATION_WEBHOOK_URL: optionalUrl(['http:', 'https:']),
  /** One secret, or several separated by spaces while rotating (`whsec_` + base64, as Standard Webhooks has it). */
  MODERATION_WEBHOOK_SECRET: optionalString,
  /** Seconds an `http` provider has to answer before the request is sent again. */
  MODERATION_TIMEOUT_SECONDS: envInteger(600, 1, 7 * 24 * 3600),
  /** Submissions to an `http` provider before an unanswered item is flagged for a person. */
  MODERATION_MAX_ATTEMPTS: envInteger(3, 1, 20),

  /** `Authorization: Bearer <token>` that `/metrics` asks for; unset: only direct private-network peers. */
  METRICS_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().trim().min(16, { error: 'expected at least 16 characters' }).optional(),
  ),
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Source = Record<string, string | undefined>;

/** Parses `source` with `schema`; on failure throws a ConfigError naming each bad variable and the expected form. */
export function parseEnv<S extends z.ZodType>(schema: S, source: Source): z.infer<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '(environment)');
    const raw = source[name];
    const shown = raw === undefined ? 'unset' : `got "${raw}"`;
    return `${name}: ${issue.message} (${shown})`;
  });
  throw new ConfigError(problems);
}

export interface DatabaseConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** mysql://user:pass@host:port/database, always set (built from the parts when DATABASE_URL is unset). */
  url: string;
  /** DB_TLS / DB_TLS_CA: connect over TLS, verifying the server against the system CAs or this CA file. */
  tls?: { caFile: string | undefined };
}

export interface RedisConfig {
  host: string;
  port: number;
  password: string | undefined;
  username: string | undefined;
  db: number;
  tls: boolean;
  /** Prefix of every key this deployment writes (BullMQ, heartbeats, events, caches). */
  keyPrefix: string;
}

type CommonEnv = z.infer<z.ZodObject<typeof commonEnvShape>>;

export function resolveDatabase(env: CommonEnv): DatabaseConfig {
  const tls = env.DB_TLS || env.DB_TLS_CA ? { tls: { caFile: env.DB_TLS_CA } } : {};
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (!database) {
      throw new ConfigError([
        `DATABASE_URL: expected a database name in the path (got "${env.DATABASE_URL}")`,
      ]);
    }
    return {
      host: url.hostname,
      port: url.port ? Number(url.port) : 3306,
      user: decodeURIComponent(url.username) || 'root',
      password: decodeURIComponent(url.password),
      database,
      url: env.DATABASE_URL,
      ...tls,
    };
  }
  const auth = env.DB_PASSWORD
    ? `${encodeURIComponent(env.DB_USER)}:${encodeURIComponent(env.DB_PASSWORD)}`
    : encodeURIComponent(env.DB_USER);
  return {
    host: env.DB_HOST,
    port: env.DB_PORT,
    user: env.DB_USER,
    password: env.DB_PASSWORD,
    database: env.DB_NAME,
    url: `mysql://${auth}@${env.DB_HOST}:${env.DB_PORT}/${env.DB_NAME}`,
    ...tls,
  };
}

export function resolveRedis(env: CommonEnv): RedisConfig {
  if (env.REDIS_URL) {
    const url = new URL(env.REDIS_URL);
    const dbPart = url.pathname.replace(/^\//, '');
    if (dbPart && !/^\d+$/.test(dbPart)) {
      throw new ConfigError([
        `REDIS_URL: expected a database number as the path, like /0 (got "${env.REDIS_URL}")`,
      ]);
    }
    return {
      host: url.hostname,
      port: url.port ? Number(url.port) : 6379,
      username: decodeURIComponent(url.username) || undefined,
      password: decodeURIComponent(url.password) || undefined,
      db: dbPart ? Number(dbPart) : 0,
      tls: url.protocol === 'rediss:',
      keyPrefix: env.REDIS_KEY_PREFIX,
    };
  }
  return {
    host: env.REDIS_HOST,
    port: env.REDIS_PORT,
    username: undefined,
    password: env.REDIS_PASSWORD,
    db: env.REDIS_DB,
    tls: false,
    keyPrefix: env.REDIS_KEY_PREFIX,
  };
}

export interface StorageConfig {
  driver: 'local' | 's3';
  /** Root of the local driver, and of the upload spool (`.tmp`) for either driver. */
  localPath: string;
  s3: {
    endpoint: string | undefined;
    region: string;
    bucket: string;
    accessKeyId: string | undefined;
    secretAccessKey: string | undefined;
    forcePathStyle: boolean;
  };
}

export interface CommonConfig {
  nodeEnv: CommonEnv['NODE_ENV'];
  logLevel: CommonEnv['LOG_LEVEL'];
  logging: {
    /** Log statements slower than `slowQueryMs` (ENABLE_DATABASE_LOGGING; on by default in development). */
    database: boolean;
    slowQueryMs: number;
    /**
     * ENABLE_FILE_LOGGING: also write rotated files in `directory` (LOG_DIRECTORY), rotated at `maxSize`
     * (LOG_FILE_MAX_SIZE) and daily, `keep` old files per process (LOG_FILE_KEEP). Unset: stdout only.
     */
    files: { directory: string; maxSize: string; keep: number } | undefined;
  };
  database: DatabaseConfig;
  redis: RedisConfig;
  storage: StorageConfig;
  media: {
    maxPixels: number;
    maxFrames: number;
    maxFileSize: number;
    quality: number | undefined;
    storagePath: string;
    watermarkEnabled: boolean;
  };
  /** The public address of the api (PUBLIC_URL); unset: URLs are relative to the request's host. */
  publicUrl: string | undefined;
  /** Where dead public image URLs are sent for a CDN purge; unset: nowhere (nothing is queued). */
  publicPurge:
    | { url: string; secret: string; publicUrl: string; attempts: number; backoffMs: number }
    | undefined;
  moderation: {
    provider: ModerationProviderName;
    apiEndpoint: string | undefined;
    apiKey: string | undefined;
    webhookUrl: string | undefined;
    /** Every accepted secret (more than one while rotating); the first signs. */
    webhookSecrets: string[];
    timeoutSeconds: number;
    maxAttempts: number;
  };
  /** The bearer token `/metrics` asks for (METRICS_TOKEN); unset: only direct private-network peers. */
  metricsToken: string | undefined;
}

const levelRank = (level: LogLevel) =>
  level === 'silent' ? 99 : logLevels.length - logLevels.indexOf(level);

/** Whether a `DEBUG` value (comma or space separated, `*` wildcards, `-` exclusions) names `namespace`. */
export function debugNamespaceMatches(debug: string | undefined, namespace: string): boolean {
  const patterns = (debug ?? '').split(/[\s,]+/).filter(Boolean);
  const test = (pattern: string) => {
    const source = pattern.replace(/[.+?^$(){}|[\]\\]/g, '\\$&').replaceAll('*', '.*');
    return new RegExp(`^${source}$`).test(namespace);
  };
  const excluded = patterns.some((pattern) => pattern.startsWith('-') && test(pattern.slice(1)));
  return !excluded && patterns.some((pattern) => !pattern.startsWith('-') && test(pattern));
}

/**
 * One process's level: its own variable (API_LOG_LEVEL, WORKER_LOG_LEVEL) wins; otherwise LOG_LEVEL, lowered to
 * `debug` when DEBUG names `phoenix4ge:<process>` (the seed's namespaces, which pino's `module` children replace).
 */
export function processLogLevel(
  processName: string,
  env: { LOG_LEVEL: LogLevel; DEBUG?: string | undefined },
  override: LogLevel | undefined,
): LogLevel {
  if (override) return override;
  if (
    debugNamespaceMatches(env.DEBUG, `phoenix4ge:${processName}`) &&
    levelRank(env.LOG_LEVEL) > levelRank('debug')
  ) {
    return 'debug';
  }
  return env.LOG_LEVEL;
}

/** Turns the common variables into structured configuration; relative paths are taken from the workspace root. */
export function resolveCommon(env: CommonEnv): CommonConfig {
  const root = workspaceRoot();
  const storagePath = path.resolve(root, env.MEDIA_STORAGE_PATH ?? '.data/media');
  if (env.STORAGE_DRIVER === 's3' && !env.S3_BUCKET) {
    throw new ConfigError(['S3_BUCKET: expected a bucket name when STORAGE_DRIVER=s3 (unset)']);
  }
  return {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    logging: {
      database: env.ENABLE_DATABASE_LOGGING ?? env.NODE_ENV === 'development',
      slowQueryMs: env.DB_SLOW_QUERY_MS,
      files: env.ENABLE_FILE_LOGGING
        ? {
            directory: path.resolve(root, env.LOG_DIRECTORY),
            maxSize: env.LOG_FILE_MAX_SIZE.toLowerCase(),
            keep: env.LOG_FILE_KEEP,
          }
        : undefined,
    },
    database: resolveDatabase(env),
    redis: resolveRedis(env),
    storage: {
      driver: env.STORAGE_DRIVER,
      localPath: storagePath,
      s3: {
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        bucket: env.S3_BUCKET ?? '',
        accessKeyId: env.S3_ACCESS_KEY_ID,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
      },
    },
    media: {
      maxFileSize: env.MEDIA_MAX_FILE_SIZE,
      maxPixels: env.MEDIA_MAX_PIXELS,
      maxFrames: env.MEDIA_MAX_FRAMES,
      quality: env.MEDIA_QUALITY,
      storagePath,
      watermarkEnabled: env.WATERMARK_ENABLED,
    },
    moderation: resolveModeration(env),
    publicUrl: env.PUBLIC_URL,
    publicPurge: resolvePublicPurge(env),
    metricsToken: env.METRICS_TOKEN,
  };
}

/** A Standard Webhooks secret: `whsec_` (optional) and at least 16 bytes of base64. */
export const isWebhookSecret = (secret: string) => {
  const body = secret.startsWith('whsec_') ? secret.slice(6) : secret;
  return /^[A-Za-z0-9+/]+={0,2}$/.test(body) && Buffer.from(body, 'base64').length >= 16;
};

function resolvePublicPurge(env: CommonEnv): CommonConfig['publicPurge'] {
  if (!env.PUBLIC_PURGE_WEBHOOK_URL) return undefined;
  const problems: string[] = [];
  const secret = env.PUBLIC_PURGE_WEBHOOK_SECRET;
  if (!secret || !isWebhookSecret(secret)) {
    problems.push(
      `PUBLIC_PURGE_WEBHOOK_SECRET: expected whsec_ followed by at least 16 bytes of base64 when PUBLIC_PURGE_WEBHOOK_URL is set (${secret ? 'malformed' : 'unset'})`,
    );
  }
  // A CDN purges absolute URLs, the ones the gallery hands out.
  if (!env.PUBLIC_URL) {
    problems.push('PUBLIC_URL: expected the public address when PUBLIC_PURGE_WEBHOOK_URL is set (unset)');
  }
  if (problems.length > 0 || !secret || !env.PUBLIC_URL) throw new ConfigError(problems);
  return {
    url: env.PUBLIC_PURGE_WEBHOOK_URL,
    secret,
    publicUrl: env.PUBLIC_URL.replace(/\/+$/, ''),
    attempts: env.PUBLIC_PURGE_ATTEMPTS,
    backoffMs: env.PUBLIC_PURGE_BACKOFF_MS,
  };
}

function resolveModeration(env: CommonEnv): CommonConfig['moderation'] {
  const webhookSecrets = (env.MODERATION_WEBHOOK_SECRET ?? '').split(/[\s,]+/).filter(Boolean);
  const problems: string[] = [];
  for (const secret of webhookSecrets) {
    const body = secret.startsWith('whsec_') ? secret.slice(6) : secret;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || Buffer.from(body, 'base64').length < 16) {
      problems.push('MODERATION_WEBHOOK_SECRET: expected whsec_ followed by at least 16 bytes of base64');
    }
  }
  if (env.MODERATION_PROVIDER === 'http') {
    if (!env.MODERATION_API_ENDPOINT) {
      problems.push(
        'MODERATION_API_ENDPOINT: expected the provider URL when MODERATION_PROVIDER=http (unset)',
      );
    }
    if (webhookSecrets.length === 0) {
      problems.push('MODERATION_WEBHOOK_SECRET: expected a secret when MODERATION_PROVIDER=http (unset)');
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    provider: env.MODERATION_PROVIDER,
    apiEndpoint: env.MODERATION_API_ENDPOINT,
    apiKey: env.MODERATION_API_KEY,
    webhookUrl: env.MODERATION_WEBHOOK_URL,
    webhookSecrets,
    timeoutSeconds: env.MODERATION_TIMEOUT_SECONDS,
    maxAttempts: env.MODERATION_MAX_ATTEMPTS,
  };
}

/** For process entry points: print a ConfigError plainly and exit 1; rethrow anything else. */
export function exitOnConfigError(error: unknown, app: string): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${app}: ${error.message}\nSee .env.example for every variable and its default.\n`);
    process.exit(1);
  }
  throw error;
}

import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Database, JsonObject } from '@phoenix4ge/db';
import { createLogger, createRedis, createStorage, JobProducer } from '@phoenix4ge/shared/node';
import type { ApiConfig } from '../env';
import { createApiKeysRepository } from '../repositories/api-keys.repository';
import { createAuditRepository } from '../repositories/audit.repository';
import { createMediaRepository } from '../repositories/media.repository';
import { createMembersRepository } from '../repositories/members.repository';
import { createModelsRepository } from '../repositories/models.repository';
import { createSessionsRepository } from '../repositories/sessions.repository';
import { createUsersRepository } from '../repositories/users.repository';
import { createApiKeysService } from '../services/api-keys.service';
import { createMembersService } from '../services/members.service';
import { createUploadService, spoolDirectory } from '../services/upload.service';
import { createUsersService } from '../services/users.service';

export class CliUsageError extends Error {}

/** The services the CLI uses: the same rules as the api, without HTTP (and without Redis unless a command needs it). */
export function createCliContext(db: Database, config: ApiConfig) {
  const users = createUsersRepository(db);
  const models = createModelsRepository(db);
  const audit = createAuditRepository(db);
  const closers: (() => Promise<void> | void)[] = [];
  return {
    /**
     * The api's upload service (same validation, storage and outbox). Redis is optional: while it is down the
     * outbox keeps the processing jobs until the worker's relay dispatches them.
     */
    uploads() {
      const redis = createRedis(config.redis, 'command', 'p4g-cli');
      redis.on('error', () => {});
      const producer = new JobProducer(redis, config.redis.keyPrefix);
      closers.push(
        () => producer.close(),
        () => redis.disconnect(),
      );
      return createUploadService({
        media: createMediaRepository(db),
        storage: createStorage(config.storage),
        spoolDir: spoolDirectory(config.storage.localPath),
        producer,
        redis,
        keyPrefix: config.redis.keyPrefix,
        limits: config.media,
        logger: createLogger({ name: 'cli', level: 'silent' }),
      });
    },
    async close() {
      for (const close of closers) await close();
    },
    repositories: { users, models },
    users: createUsersService({ users, sessions: createSessionsRepository(db) }),
    members: createMembersService({ members: createMembersRepository(db), users }),
    apiKeys: createApiKeysService({ apiKeys: createApiKeysRepository(db), models }),
    /** Audit entry for a CLI change: no user or key acted, so the OS user is kept in the details. */
    audit(entry: {
      action: string;
      modelId?: number;
      targetType: string;
      targetId: number;
      details?: JsonObject;
    }) {
      return audit.record({
        action: `cli.${entry.action}`,
        modelId: entry.modelId ?? null,
        targetType: entry.targetType,
        targetId: String(entry.targetId),
        details: { ...entry.details, via: 'cli', osUser: os.userInfo().username },
        ip: null,
      });
    },
  };
}

export type CliContext = ReturnType<typeof createCliContext>;

export interface CliCommand {
  usage: string;
  run(args: string[], context: CliContext): Promise<string[]>;
}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

/** Parses `--name value` options strictly; a missing required option is a usage error. */
export function parseOptions<S extends OptionSpec>(
  args: string[],
  spec: S,
  required: (keyof S & string)[],
  positionals: { min: number; max: number } = { min: 0, max: 0 },
) {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: spec, strict: true, allowPositionals: positionals.max > 0 });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const missing = required.filter((name) => parsed.values[name] === undefined);
  if (missing.length > 0) throw new CliUsageError(`Missing ${missing.map((name) => `--${name}`).join(', ')}`);
  if (parsed.positionals.length < positionals.min || parsed.positionals.length > positionals.max) {
    throw new CliUsageError('Wrong number of arguments');
  }
  const values = parsed.values as {
    [K in keyof S]: S[K]['type'] extends 'boolean' ? boolean | undefined : string | undefined;
  };
  return Object.assign(values, { _: parsed.positionals });
}

import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Database, JsonObject } from '@phoenix4ge/db';
import { createApiKeysRepository } from '../repositories/api-keys.repository';
import { createAuditRepository } from '../repositories/audit.repository';
import { createMembersRepository } from '../repositories/members.repository';
import { createModelsRepository } from '../repositories/models.repository';
import { createSessionsRepository } from '../repositories/sessions.repository';
import { createUsersRepository } from '../repositories/users.repository';
import { createApiKeysService } from '../services/api-keys.service';
import { createMembersService } from '../services/members.service';
import { createUsersService } from '../services/users.service';

export class CliUsageError extends Error {}

/** The services the CLI uses: the same rules as the api, without Redis or HTTP. */
export function createCliContext(db: Database) {
  const users = createUsersRepository(db);
  const models = createModelsRepository(db);
  const audit = createAuditRepository(db);
  return {
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
export function parseOptions<S extends OptionSpec>(args: string[], spec: S, required: (keyof S & string)[]) {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args, options: spec, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const missing = required.filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new CliUsageError(`Missing ${missing.map((name) => `--${name}`).join(', ')}`);
  return values as {
    [K in keyof S]: S[K]['type'] extends 'boolean' ? boolean | undefined : string | undefined;
  };
}

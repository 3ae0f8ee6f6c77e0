import os from 'node:os';
import { parseArgs } from 'node:util';
import type { JsonObject } from '@phoenix4ge/db';
import { createLogger } from '@phoenix4ge/shared/node';
import type { ApiConfig } from '../env';
import { createInfrastructure } from '../infrastructure';
import { createServices } from '../services';
import { API_VERSION } from '../version';

export class CliUsageError extends Error {}

/** The command ran but found a problem: its `lines` are the report (stdout) and the exit code is 1. */
export class CliFailure extends Error {
  constructor(readonly lines: string[]) {
    super(lines[0] ?? 'failed');
  }
}

/**
 * The CLI runs on the api's own composition root: the same services and rules, without HTTP. Redis is connected
 * but never waited for: while it is down, uploads still commit and the outbox keeps their processing jobs until
 * the worker's relay dispatches them.
 */
export function createCliContext(config: ApiConfig) {
  const logger = createLogger({ name: 'cli', level: 'silent' });
  const infrastructure = createInfrastructure(config, logger, { name: 'cli', connectionLimit: 2 });
  const services = createServices({ config, infrastructure, logger, version: API_VERSION });
  return {
    services,
    close: () => infrastructure.close(),
    /** Audit entry for a CLI change: no user or key acted, so the OS user is kept in the details. */
    audit(entry: {
      action: string;
      modelId?: number;
      targetType: string;
      targetId: number;
      details?: JsonObject;
    }) {
      return services.audit.recordMutation({
        action: `cli.${entry.action}`,
        caller: { kind: 'anonymous' },
        ip: null,
        note: {
          modelId: entry.modelId,
          targetType: entry.targetType,
          targetId: entry.targetId,
          details: { ...entry.details, via: 'cli', osUser: os.userInfo().username },
        },
      });
    },
  };
}

export type CliContext = ReturnType<typeof createCliContext>;

export interface CliCommand {
  usage: string;
  /** false: the command does not bring the database schema up to date before it runs (restore loads one). */
  migrateFirst?: boolean;
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

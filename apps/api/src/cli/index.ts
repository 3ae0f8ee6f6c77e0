/**
 * The admin CLI (`pnpm cli <command> ...`) for operators and scripts. Each command prints what it did; the id or
 * key comes last, alone on its line, so scripts can take `| tail -1`. Every change is in the audit log.
 * 1. Add a command: a file in ./commands, listed in `commands` below.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runMigrations } from '@phoenix4ge/db';
import { exitOnConfigError, workspaceRoot } from '@phoenix4ge/shared/node';
import { TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { ApiConfig } from '../env';
import { loadApiConfig } from '../env';
import { RestoreRefused } from '../services/backup';
import { apikeyCreate } from './commands/apikey-create';
import { backup } from './commands/backup';
import { mediaImport } from './commands/media-import';
import { memberAdd } from './commands/member-add';
import { modelCreate } from './commands/model-create';
import { restore } from './commands/restore';
import { userCreate } from './commands/user-create';
import { verify } from './commands/verify';
import type { CliCommand } from './context';
import { CliFailure, CliUsageError, createCliContext } from './context';

const commands: Record<string, CliCommand> = {
  'user:create': userCreate,
  'model:create': modelCreate,
  'member:add': memberAdd,
  'apikey:create': apikeyCreate,
  'media:import': mediaImport,
  backup,
  restore,
  verify,
};

function usage(): string {
  return [
    'Usage: pnpm cli <command> [options]',
    '',
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(14)} ${command.usage}`),
  ].join('\n');
}

for (const file of ['.env', '.data/secrets.env']) {
  const full = path.join(workspaceRoot(), file);
  if (existsSync(full)) process.loadEnvFile(full);
}

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stderr.write(`${name ? `Unknown command "${name}"\n\n` : ''}${usage()}\n`);
  process.exit(name === undefined || name === '--help' || name === 'help' ? 0 : 2);
}

let config: ApiConfig;
try {
  config = loadApiConfig();
} catch (error) {
  exitOnConfigError(error, 'cli');
}

try {
  if (command.migrateFirst !== false) await runMigrations(config.database);
  const context = createCliContext(config);
  try {
    const lines = await command.run(args, context);
    process.stdout.write(`${lines.join('\n')}\n`);
    process.exitCode = 0;
  } finally {
    await context.close();
  }
} catch (error) {
  process.exitCode = 1;
  if (error instanceof CliFailure) {
    process.stdout.write(`${error.lines.join('\n')}\n`);
  } else if (error instanceof CliUsageError) {
    process.stderr.write(`${error.message}\nUsage: pnpm cli ${name} ${command.usage}\n`);
    process.exitCode = 2;
  } else if (error instanceof ZodError) {
    process.stderr.write(`${z.prettifyError(error)}\n`);
  } else if (error instanceof TRPCError || error instanceof RestoreRefused) {
    process.stderr.write(`${error.message}\n`);
  } else if (
    error instanceof Error &&
    /ECONNREFUSED|ER_ACCESS_DENIED|ETIMEDOUT/.test(String((error as { code?: string }).code ?? error.message))
  ) {
    process.stderr.write(
      `Cannot reach MySQL/MariaDB at ${config.database.host}:${config.database.port}: ${error.message}\n`,
    );
  } else {
    throw error;
  }
}

import path from 'node:path';
import { invocationDirectory } from '../../env';
import type { CliCommand } from '../context';
import { parseOptions } from '../context';
import { stderrProgress } from '../progress';

export const restore: CliCommand = {
  usage:
    'BACKUP [--force]   (a backup folder, or its name under BACKUP_PATH; into an empty database and storage)',
  migrateFirst: false,
  async run(args, context) {
    const options = parseOptions(args, { force: { type: 'boolean' } }, [], { min: 1, max: 1 });
    const given = options._[0] ?? '';
    const folder =
      given.includes('/') || given.startsWith('.')
        ? path.resolve(invocationDirectory(), given)
        : path.join(context.services.backup.backupPath, given);
    const result = await context.services.backup.restore(
      folder,
      { force: options.force === true },
      stderrProgress(),
    );
    await context.audit({
      action: 'restore',
      targetType: 'backup',
      targetId: 0,
      details: { backup: folder, force: options.force === true, renders: result.renders },
    });
    return [
      `Restored ${result.tables} tables (${result.rows} rows) and ${result.files} files from ${folder}`,
      ...(result.migrationsApplied.length > 0
        ? [`Upgraded with migration(s) ${result.migrationsApplied.join(', ')}`]
        : []),
      `Queued rendering for ${result.renders} media (the worker makes their variants)`,
      ...result.warnings.map((warning) => `WARNING: ${warning}`),
      folder,
    ];
  },
};

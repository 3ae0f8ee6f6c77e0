import type { CliCommand } from '../context';
import { CliFailure, parseOptions } from '../context';
import { stderrProgress } from '../progress';

const formatMb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const backup: CliCommand = {
  usage: '[--with-variants]   (database, originals and a manifest under BACKUP_PATH; prints the folder)',
  async run(args, context) {
    const options = parseOptions(args, { 'with-variants': { type: 'boolean' } }, []);
    const { path, manifest, pruned } = await context.services.backup.create(
      { withVariants: options['with-variants'] === true },
      stderrProgress(),
    );
    const bytes = [...manifest.originals, ...manifest.variants].reduce((sum, file) => sum + file.bytes, 0);
    const rows = Object.values(manifest.database.rowCounts).reduce((sum, n) => sum + n, 0);
    const lines = [
      `Backed up ${Object.keys(manifest.database.rowCounts).length} tables (${rows} rows, dump ${formatMb(manifest.database.bytes)}), ${manifest.originals.length} originals${manifest.withVariants ? ` and ${manifest.variants.length} variants` : ''} (${formatMb(bytes)})`,
      `Database at migration ${manifest.migrations.at(-1) ?? '(none)'}`,
      ...pruned.map((name) => `Removed old backup ${name}`),
    ];
    if (manifest.missing.length > 0) {
      throw new CliFailure([
        ...lines,
        `WARNING: ${manifest.missing.length} original(s) the database references could not be backed up:`,
        ...manifest.missing.map((item) => `  ${item.key}: ${item.reason}`),
        path,
      ]);
    }
    return [...lines, path];
  },
};

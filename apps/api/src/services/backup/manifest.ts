/** What a backup folder holds and how it is named: `manifest.json` describes everything else in it. */
import { z } from 'zod';

/** Bumped when the layout or the manifest changes in a way an older restore cannot read. */
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const DUMP_FILE = 'database.sql.gz';
export const PARTIAL_SUFFIX = '.partial';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const BackupFileSchema = z.object({
  /** The storage key; also the file's path inside the backup folder. */
  key: z.string().regex(/^(originals|variants)\/(?!.*\.\.)[A-Za-z0-9/._-]+$/),
  sha256,
  bytes: z.number().int().min(0),
});
export type BackupFile = z.infer<typeof BackupFileSchema>;

export const ManifestSchema = z.object({
  formatVersion: z.number().int(),
  appVersion: z.string(),
  createdAt: z.iso.datetime(),
  /** The applied migrations of the dumped database, oldest first (the last one is its level). */
  migrations: z.array(z.string()),
  database: z.object({
    file: z.literal(DUMP_FILE),
    sha256,
    bytes: z.number().int().min(0),
    tool: z.string(),
    /** Rows per table, read from the dump itself. */
    rowCounts: z.record(z.string(), z.number().int().min(0)),
  }),
  originals: z.array(BackupFileSchema),
  withVariants: z.boolean(),
  variants: z.array(BackupFileSchema),
  /** Originals the dump references that could not be copied, with the reason (none in a healthy library). */
  missing: z.array(z.object({ key: z.string(), reason: z.string() })),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** `p4g-backup-20261201T052700123Z-v0.1.0`: sorts by time, names the app version. */
export function backupName(at: Date, appVersion: string): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `p4g-backup-${stamp}-v${appVersion}`;
}

/** A finished backup's folder name (a `.partial` is not one). */
export const completeBackupName = /^p4g-backup-\d{8}T\d{9}Z-v[0-9A-Za-z.+-]+$(?<!\.partial)/;

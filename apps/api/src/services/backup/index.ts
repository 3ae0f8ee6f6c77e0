/** Backup, restore and verify (the CLI's `backup`, `restore`, `verify`): see each step's file. */
import type { DbHandle, OutboxRepository } from '@phoenix4ge/db';
import type { DatabaseConfig, StorageDriver } from '@phoenix4ge/shared/node';
import type { Redis } from 'ioredis';
import { createDatabaseContentsRepository } from '../../repositories/database-contents.repository';
import { createBackup } from './create-backup';
import type { BackupProgress } from './progress';
import { restoreBackup } from './restore-backup';
import { verifyOriginals } from './verify-originals';

export { RestoreRefused } from './check-backup';
export type { BackupProgress } from './progress';

export interface BackupServiceDeps {
  database: DatabaseConfig;
  db: DbHandle;
  storage: StorageDriver;
  outbox: OutboxRepository;
  redis: Redis;
  redisKeyPrefix: string;
  redisDb: number;
  backupPath: string;
  keep: number;
  appVersion: string;
}

export function createBackupService(options: BackupServiceDeps) {
  const deps = {
    ...options,
    contents: createDatabaseContentsRepository(options.db, options.database.database),
  };
  return {
    backupPath: deps.backupPath,
    create: (options: { withVariants: boolean }, progress: BackupProgress) =>
      createBackup(deps, options, progress),
    restore: (folder: string, options: { force: boolean }, progress: BackupProgress) =>
      restoreBackup(deps, folder, options, progress),
    verify: (progress: BackupProgress) => verifyOriginals(deps, progress),
  };
}

export type BackupService = ReturnType<typeof createBackupService>;

import { exportStatuses } from '@phoenix4ge/shared';
import { bigint, char, index, mysqlEnum, mysqlTable, text, varchar } from 'drizzle-orm/mysql-core';
import { createdAt, id, instant, ref } from './columns';
import { models } from './models';
import { users } from './users';

/**
 * A GDPR export of one model (`models.export`): a ZIP the worker writes to storage under `exports/<model>/…`,
 * downloadable through a link whose random token is stored only as its SHA-256, until `expires_at`. The row
 * outlives the file (the sweep deletes expired files and marks the row `expired`), so a late link answers 410.
 */
export const modelExports = mysqlTable(
  'model_exports',
  {
    id: id(),
    modelId: ref()
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    requestedBy: ref().references(() => users.id, { onDelete: 'set null' }),
    status: mysqlEnum(exportStatuses).notNull().default('queued'),
    /** SHA-256 (hex) of the link's token. */
    tokenHash: char({ length: 64 }).notNull().unique('model_exports_token_hash_uq'),
    storageKey: varchar({ length: 512 }),
    bytes: bigint({ mode: 'number', unsigned: true }),
    error: text(),
    createdAt: createdAt(),
    completedAt: instant(),
    expiresAt: instant().notNull(),
  },
  (t) => [
    index('model_exports_model_created_idx').on(t.modelId, t.createdAt),
    index('model_exports_expires_idx').on(t.expiresAt),
  ],
);

export type ModelExport = typeof modelExports.$inferSelect;
export type NewModelExport = typeof modelExports.$inferInsert;

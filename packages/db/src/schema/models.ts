import { json, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { createdAt, id, instant, updatedAt } from './columns';
import type { ModelSettings } from './json-types';
import { defaultModelSettings } from './json-types';

/** A tenant: a person with a public portfolio, addressed by `slug`. */
export const models = mysqlTable('models', {
  id: id(),
  slug: varchar({ length: 64 }).notNull().unique('models_slug_uq'),
  displayName: varchar({ length: 191 }).notNull(),
  settings: json().$type<ModelSettings>().notNull().default(defaultModelSettings),
  archivedAt: instant(),
  /** When the model's consent (model release) ends: nothing of theirs is public after it. */
  consentExpiresAt: instant(),
  /** Set while an admin has paused the model's public delivery (an incident response): nothing of theirs is public. */
  publicPausedAt: instant(),
  /**
   * Set by `models.erase` before anything is deleted: from then on uploads, edits and jobs for the model are refused
   * (an upload's commit checks it under a lock on this row), until the erase job removes the row itself.
   */
  erasingAt: instant(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type Model = typeof models.$inferSelect;
export type NewModel = typeof models.$inferInsert;

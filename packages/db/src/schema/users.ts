import { apiKeyRoles, memberRoles } from '@phoenix4ge/shared';
import {
  boolean,
  char,
  index,
  int,
  mysqlEnum,
  mysqlTable,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { createdAt, id, instant, ref, updatedAt } from './columns';
import { models } from './models';

/** A person who signs in to the admin app. Admins see every model; others only the models they are members of. */
export const users = mysqlTable('users', {
  id: id(),
  /** Unique case-insensitively (the table's collation is `_ci`); store it trimmed and lower-cased anyway. */
  email: varchar({ length: 254 }).notNull().unique('users_email_uq'),
  /** argon2id PHC string. */
  passwordHash: varchar({ length: 255 }).notNull(),
  displayName: varchar({ length: 191 }).notNull(),
  isAdmin: boolean().notNull().default(false),
  failedLoginCount: int({ unsigned: true }).notNull().default(0),
  lockedUntil: instant(),
  lastLoginAt: instant(),
  disabledAt: instant(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Membership of a (non-admin) user in a model, with the role they hold there. */
export const modelMembers = mysqlTable(
  'model_members',
  {
    id: id(),
    modelId: ref()
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    userId: ref()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: mysqlEnum(memberRoles).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('model_members_model_user_uq').on(t.modelId, t.userId),
    index('model_members_user_idx').on(t.userId),
  ],
);

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = mysqlTable(
  'sessions',
  {
    id: id(),
    tokenHash: char({ length: 64 }).notNull().unique('sessions_token_hash_uq'),
    userId: ref()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: instant().notNull(),
    lastSeenAt: instant(),
    ip: varchar({ length: 45 }),
    userAgent: varchar({ length: 512 }),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** A key for internal typed clients. Only its SHA-256 is stored; `keyPrefix` is shown to tell keys apart. */
export const apiKeys = mysqlTable(
  'api_keys',
  {
    id: id(),
    name: varchar({ length: 100 }).notNull(),
    keyPrefix: varchar({ length: 16 }).notNull(),
    keyHash: char({ length: 64 }).notNull().unique('api_keys_key_hash_uq'),
    /** null: valid for every model. */
    modelId: ref().references(() => models.id, { onDelete: 'cascade' }),
    role: mysqlEnum(apiKeyRoles).notNull(),
    createdBy: ref().references(() => users.id, { onDelete: 'set null' }),
    expiresAt: instant(),
    lastUsedAt: instant(),
    revokedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [index('api_keys_model_idx').on(t.modelId)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type ModelMember = typeof modelMembers.$inferSelect;
export type NewModelMember = typeof modelMembers.$inferInsert;
export type Session = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;
export type ApiKey = typeof apiKeys.$inferSelect;
export type NewApiKey = typeof apiKeys.$inferInsert;

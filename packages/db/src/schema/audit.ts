import { index, json, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { createdAt, id, ref } from './columns';
import type { JsonObject } from './json-types';
import { models } from './models';
import { apiKeys, users } from './users';

/**
 * Who did what to which tenant: one row per mutation. References are set to null when the user, key or
 * model is erased, so the history itself outlives them.
 */
export const auditLog = mysqlTable(
  'audit_log',
  {
    id: id(),
    actorUserId: ref().references(() => users.id, { onDelete: 'set null' }),
    actorApiKeyId: ref().references(() => apiKeys.id, { onDelete: 'set null' }),
    modelId: ref().references(() => models.id, { onDelete: 'set null' }),
    /** `<noun>.<verb>`, e.g. `media.delete`. */
    action: varchar({ length: 100 }).notNull(),
    targetType: varchar({ length: 50 }),
    targetId: varchar({ length: 64 }),
    details: json().$type<JsonObject>(),
    ip: varchar({ length: 45 }),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_model_created_idx').on(t.modelId, t.createdAt),
    index('audit_log_action_created_idx').on(t.action, t.createdAt),
    index('audit_log_created_idx').on(t.createdAt),
  ],
);

/** Security-relevant events (failed logins, bad webhook signatures, rejected files), for review and rate limits. */
export const securityEvents = mysqlTable(
  'security_events',
  {
    id: id(),
    type: varchar({ length: 64 }).notNull(),
    userId: ref().references(() => users.id, { onDelete: 'set null' }),
    /** The API key the event is about (its use from a new address, a file it uploaded that was refused). */
    apiKeyId: ref().references(() => apiKeys.id, { onDelete: 'set null' }),
    email: varchar({ length: 254 }),
    ip: varchar({ length: 45 }),
    details: json().$type<JsonObject>(),
    createdAt: createdAt(),
  },
  (t) => [
    index('security_events_type_created_idx').on(t.type, t.createdAt),
    index('security_events_ip_created_idx').on(t.ip, t.createdAt),
  ],
);

export type AuditLogEntry = typeof auditLog.$inferSelect;
export type NewAuditLogEntry = typeof auditLog.$inferInsert;
export type SecurityEvent = typeof securityEvents.$inferSelect;
export type NewSecurityEvent = typeof securityEvents.$inferInsert;

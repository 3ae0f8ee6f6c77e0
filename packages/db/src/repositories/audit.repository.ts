import type { AuditFilter, SecurityFilter } from '@phoenix4ge/shared';
import { and, desc, eq, getTableColumns, gte, like, lt, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/mysql-core';
import type { Database } from '../client';
import type { NewAuditLogEntry, NewSecurityEvent } from '../schema';
import { apiKeys, auditLog, models, securityEvents, users } from '../schema';

/**
 * The audit trail and the security event log: written on every mutation and security-relevant event (by the api,
 * and by the worker for bulk actions it runs as a job).
 */
/** The user an entry is about (target type `user`), for their email. */
const targetUser = alias(users, 'target_user');

export function createAuditRepository(db: Database) {
  return {
    async record(entry: NewAuditLogEntry): Promise<void> {
      await db.insert(auditLog).values(entry);
    },
    async recordSecurityEvent(event: NewSecurityEvent): Promise<void> {
      await db.insert(securityEvents).values(event);
    },
    async list(filter: AuditFilter & { modelId?: number }) {
      const conditions = [
        filter.cursor ? lt(auditLog.id, filter.cursor) : undefined,
        filter.modelId !== undefined ? eq(auditLog.modelId, filter.modelId) : undefined,
        filter.action ? like(auditLog.action, `${filter.action.replace(/[%_\\]/g, '\\$&')}%`) : undefined,
        filter.actorUserId ? eq(auditLog.actorUserId, filter.actorUserId) : undefined,
        filter.since ? gte(auditLog.createdAt, filter.since) : undefined,
        filter.until ? lte(auditLog.createdAt, filter.until) : undefined,
      ];
      return db
        .select({
          id: auditLog.id,
          action: auditLog.action,
          targetType: auditLog.targetType,
          targetId: auditLog.targetId,
          details: auditLog.details,
          ip: auditLog.ip,
          createdAt: auditLog.createdAt,
          actorUserId: auditLog.actorUserId,
          actorEmail: users.email,
          actorApiKeyId: auditLog.actorApiKeyId,
          actorApiKeyName: apiKeys.name,
          modelSlug: models.slug,
          targetUserEmail: targetUser.email,
        })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.actorUserId))
        .leftJoin(
          targetUser,
          and(
            eq(auditLog.targetType, 'user'),
            eq(targetUser.id, sql`CAST(${auditLog.targetId} AS UNSIGNED)`),
          ),
        )
        .leftJoin(apiKeys, eq(apiKeys.id, auditLog.actorApiKeyId))
        .leftJoin(models, eq(models.id, auditLog.modelId))
        .where(and(...conditions))
        .orderBy(desc(auditLog.id))
        .limit(filter.limit);
    },
    async listSecurityEvents(filter: SecurityFilter) {
      const conditions = [
        filter.cursor ? lt(securityEvents.id, filter.cursor) : undefined,
        filter.type ? eq(securityEvents.type, filter.type) : undefined,
        filter.ip ? eq(securityEvents.ip, filter.ip) : undefined,
        filter.since ? gte(securityEvents.createdAt, filter.since) : undefined,
      ];
      return db
        .select({ ...getTableColumns(securityEvents), userEmail: users.email })
        .from(securityEvents)
        .leftJoin(users, eq(users.id, securityEvents.userId))
        .where(and(...conditions))
        .orderBy(desc(securityEvents.id))
        .limit(filter.limit);
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;

import type { AuditRepository, JsonObject } from '@phoenix4ge/db';
import type { SecurityEventType } from '@phoenix4ge/shared';
import type { Logger } from '@phoenix4ge/shared/node';

export interface SecurityEventInput {
  userId?: number | null;
  email?: string | null;
  ip?: string | null;
  details?: JsonObject;
}

/** The seed's SecurityMonitoringService: records security events; a failed write is logged, never thrown. */
export function createSecurityLog(audit: AuditRepository, logger: Logger) {
  return {
    async record(type: SecurityEventType, event: SecurityEventInput): Promise<void> {
      logger.warn({ securityEvent: type, ...event }, `security event: ${type}`);
      await audit
        .recordSecurityEvent({
          type,
          userId: event.userId ?? null,
          email: event.email ?? null,
          ip: event.ip ?? null,
          details: event.details ?? null,
        })
        .catch((error: unknown) => logger.error({ err: error }, 'security event not recorded'));
    },
  };
}

export type SecurityLog = ReturnType<typeof createSecurityLog>;

import type { AuditRepository, JsonObject } from '@phoenix4ge/db';
import type { SecurityEventType } from '@phoenix4ge/shared';
import type { Logger } from '@phoenix4ge/shared/node';
import type { SecuritySignalsRepository } from '../repositories/security-signals.repository';
import type { Caller } from './caller';
import { createSecurityEventThrottle } from './security-event-throttle';

export interface SecurityEventInput {
  userId?: number | null;
  apiKeyId?: number | null;
  email?: string | null;
  ip?: string | null;
  details?: JsonObject;
}

/**
 * The seed's SecurityMonitoringService, the recording half (the rules run in the worker): records security events
 * and the signals the rules read from Redis. A failed write is logged, never thrown.
 */
export function createSecurityLog(
  audit: AuditRepository,
  logger: Logger,
  signals: SecuritySignalsRepository,
) {
  const throttle = createSecurityEventThrottle();

  async function record(type: SecurityEventType, event: SecurityEventInput): Promise<void> {
    const source = `${type}|${event.ip ?? ''}|${event.userId ?? ''}|${event.apiKeyId ?? ''}`;
    const droppedBefore = throttle.admit(source);
    if (droppedBefore === undefined) {
      logger.debug(
        { securityEvent: type, ip: event.ip },
        `security event not stored (over the per-source limit)`,
      );
      return;
    }
    const details = droppedBefore > 0 ? { ...event.details, droppedBefore } : event.details;
    logger.warn({ securityEvent: type, ...event, details }, `security event: ${type}`);
    await audit
      .recordSecurityEvent({
        type,
        userId: event.userId ?? null,
        apiKeyId: event.apiKeyId ?? null,
        email: event.email ?? null,
        ip: event.ip ?? null,
        details: details ?? null,
      })
      .catch((error: unknown) => logger.error({ err: error }, 'security event not recorded'));
  }

  return {
    record,

    /** A valid API key was used: an event the first time in an hour it comes from this address. */
    async keyUsed(apiKeyId: number, ip: string): Promise<void> {
      try {
        if (!(await signals.firstKeyUseFrom(apiKeyId, ip))) return;
      } catch (error) {
        logger.warn({ err: error }, 'API key address not checked (Redis unavailable?)');
        return;
      }
      await audit
        .recordSecurityEvent({ type: 'api_key_address', apiKeyId, ip, details: null })
        .catch((error: unknown) => logger.error({ err: error }, 'security event not recorded'));
    },

    /** Files a signed-in caller downloaded (originals, archive entries), counted for the mass-download rule. */
    async downloaded(caller: Caller, files: number): Promise<void> {
      const source =
        caller.kind === 'user'
          ? (`user:${caller.user.id}` as const)
          : caller.kind === 'apiKey'
            ? (`api_key:${caller.key.id}` as const)
            : undefined;
      if (!source) return;
      await signals
        .countDownloads(source, files)
        .catch((error: unknown) => logger.warn({ err: error }, 'downloads not counted (Redis unavailable?)'));
    },
  };
}

export type SecurityLog = ReturnType<typeof createSecurityLog>;

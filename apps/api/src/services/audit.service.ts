import type { AuditRepository, JsonObject, ModelsRepository } from '@phoenix4ge/db';
import type { AuditFilter, SecurityFilter } from '@phoenix4ge/shared';
import { presentAuditEntry, presentSecurityEvent } from './audit-presenter';
import type { Caller } from './caller';
import { actorOf } from './caller';

/** What a mutation says about itself for the audit log (tRPC procedures fill it in as they run). */
export interface AuditNote {
  modelId?: number;
  targetType?: string;
  targetId?: string | number;
  details?: JsonObject;
  /** For sign-in and setup, where the caller becomes known only inside the procedure. */
  actorUserId?: number;
}

/** Input fields never written to the audit log. */
const secretField = /pass(word)?|secret|token|^key$|apiKey/i;

/** A copy of a mutation's input fit for the audit log: secrets replaced, long strings cut. */
export function auditDetails(input: unknown): JsonObject | null {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return null;
  const details: JsonObject = {};
  for (const [name, value] of Object.entries(input)) {
    if (secretField.test(name)) details[name] = '[redacted]';
    else if (typeof value === 'string')
      details[name] = value.length > 500 ? `${value.slice(0, 500)}…` : value;
    else if (value instanceof Date) details[name] = value.toISOString();
    else if (value === null || ['number', 'boolean'].includes(typeof value)) details[name] = value;
    else details[name] = auditDetails(value) ?? JSON.parse(JSON.stringify(value ?? null));
  }
  return details;
}

export function createAuditService(deps: { audit: AuditRepository; models: ModelsRepository }) {
  return {
    record: deps.audit.record,

    /**
     * The audit entry of a successful mutation, the one path for tRPC procedures (the `auditMutations`
     * middleware) and plain HTTP routes' services alike: who, from where, on which model and target, with the
     * input (secrets redacted) and whatever the mutation noted.
     */
    async recordMutation(entry: {
      action: string;
      caller: Caller;
      ip: string | null;
      note: AuditNote;
      input?: unknown;
    }): Promise<void> {
      const actor = actorOf(entry.caller);
      await deps.audit.record({
        action: entry.action,
        actorUserId: entry.note.actorUserId ?? actor.actorUserId,
        actorApiKeyId: actor.actorApiKeyId,
        modelId: entry.note.modelId ?? null,
        targetType: entry.note.targetType ?? null,
        targetId: entry.note.targetId === undefined ? null : String(entry.note.targetId),
        details: { ...auditDetails(entry.input), ...entry.note.details },
        ip: entry.ip,
      });
    },

    async list(filter: AuditFilter) {
      let modelId: number | undefined;
      if (filter.modelSlug) {
        const model = await deps.models.bySlug(filter.modelSlug);
        if (!model) return { items: [], nextCursor: null };
        modelId = model.id;
      }
      const rows = await deps.audit.list({ ...filter, modelId });
      return {
        items: rows.map(presentAuditEntry),
        nextCursor: rows.length === filter.limit ? (rows.at(-1)?.id ?? null) : null,
      };
    },

    async listSecurityEvents(filter: SecurityFilter) {
      const rows = await deps.audit.listSecurityEvents(filter);
      return {
        items: rows.map(presentSecurityEvent),
        nextCursor: rows.length === filter.limit ? (rows.at(-1)?.id ?? null) : null,
      };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

import type { AuditRepository } from '@phoenix4ge/db';

type AuditRow = Awaited<ReturnType<AuditRepository['list']>>[number];
type SecurityRow = Awaited<ReturnType<AuditRepository['listSecurityEvents']>>[number];

/** Who did it, as a person reads it: the email, the API key's name, or the system (a CLI command, a job). */
export type AuditActor =
  | { kind: 'user'; label: string; userId: number | null }
  | { kind: 'apiKey'; label: string; apiKeyId: number | null }
  | { kind: 'system'; label: 'system' };

export function presentActor(row: {
  actorUserId: number | null;
  actorEmail: string | null;
  actorApiKeyId: number | null;
  actorApiKeyName: string | null;
}): AuditActor {
  if (row.actorEmail) return { kind: 'user', label: row.actorEmail, userId: row.actorUserId };
  if (row.actorUserId !== null) {
    return { kind: 'user', label: `deleted user #${row.actorUserId}`, userId: row.actorUserId };
  }
  if (row.actorApiKeyName) return { kind: 'apiKey', label: row.actorApiKeyName, apiKeyId: row.actorApiKeyId };
  if (row.actorApiKeyId !== null) {
    return { kind: 'apiKey', label: `deleted API key #${row.actorApiKeyId}`, apiKeyId: row.actorApiKeyId };
  }
  return { kind: 'system', label: 'system' };
}

/** An audit entry for the SPA: the actor as a label, and the email of a user it is about. */
export function presentAuditEntry(row: AuditRow) {
  const { targetUserEmail, ...entry } = row;
  return { ...entry, actor: presentActor(row), targetLabel: targetUserEmail };
}

/** A security event for the SPA: the account as its email (typed at sign-in, else the user's). */
export function presentSecurityEvent(row: SecurityRow) {
  const { userEmail, ...event } = row;
  const account =
    event.email ?? userEmail ?? (event.userId !== null ? `deleted user #${event.userId}` : null);
  return { ...event, account };
}

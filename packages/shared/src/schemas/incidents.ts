import { z } from 'zod';
import { ModelSlugSchema } from './models';
import { IdSchema } from './users';

/** The monitoring rules over the security events; each raises incidents about one kind of subject. */
export const incidentRules = [
  'password_spray',
  'api_key_many_addresses',
  'hostile_uploads',
  'webhook_bad_signatures',
  'mass_downloads',
] as const;
export type IncidentRule = (typeof incidentRules)[number];

export const incidentSeverities = ['low', 'medium', 'high', 'critical'] as const;
export type IncidentSeverity = (typeof incidentSeverities)[number];

/** What an incident is about: a source address, a user, an API key or a model. */
export const incidentSubjectTypes = ['ip', 'user', 'api_key', 'model'] as const;
export type IncidentSubjectType = (typeof incidentSubjectTypes)[number];

export const incidentStates = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentState = (typeof incidentStates)[number];

/** A response taken from an incident (kept on the incident; each is also in the audit log). */
export const incidentResponseActions = [
  'user.lock',
  'user.unlock',
  'api_key.revoke',
  'sessions.end',
  'model.pause',
  'model.unpause',
] as const;
export type IncidentResponseAction = (typeof incidentResponseActions)[number];

export interface IncidentResponseRecord {
  action: IncidentResponseAction;
  target: string;
  byUserId: number | null;
  at: string;
  [key: string]: string | number | null;
}

/** What a rule found, as the rule engine hands it to the incident store. */
export interface IncidentFinding {
  rule: IncidentRule;
  severity: IncidentSeverity;
  subjectType: IncidentSubjectType;
  subjectId: string;
  summary: string;
  /** Matching events in the window that fired. */
  count: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** Readable fields plus the ids of the latest matching events (at most 20). */
  evidence: { [key: string]: string | number | boolean | null | number[] | string[] };
}

export const IncidentFilterSchema = z.object({
  state: z.enum(incidentStates).optional(),
  /** Incidents older than this id (keyset pagination, newest first). */
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type IncidentFilter = z.infer<typeof IncidentFilterSchema>;

export const IncidentNoteSchema = z.object({
  id: IdSchema,
  note: z.string().trim().max(2000).default(''),
});
export type IncidentNote = z.infer<typeof IncidentNoteSchema>;

/** A response may name the incident it answers (kept on that incident). */
const fromIncident = { incidentId: IdSchema.optional() };

export const LockUserSchema = z.object({
  userId: IdSchema,
  locked: z.boolean().default(true),
  ...fromIncident,
});
export const RevokeApiKeyResponseSchema = z.object({ apiKeyId: IdSchema, ...fromIncident });
export const EndSessionsSchema = z.object({ userId: IdSchema, ...fromIncident });
export const PauseModelSchema = z.object({
  modelSlug: ModelSlugSchema,
  paused: z.boolean().default(true),
  ...fromIncident,
});
export type LockUser = z.infer<typeof LockUserSchema>;
export type RevokeApiKeyResponse = z.infer<typeof RevokeApiKeyResponseSchema>;
export type EndSessions = z.infer<typeof EndSessionsSchema>;
export type PauseModel = z.infer<typeof PauseModelSchema>;

import { z } from 'zod';
import { ModelSlugSchema } from './models';

export const PageSchema = z.object({
  /** Return entries older than this id (keyset pagination, newest first). */
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const AuditFilterSchema = PageSchema.extend({
  modelSlug: ModelSlugSchema.optional(),
  action: z.string().trim().max(100).optional(),
  actorUserId: z.number().int().positive().optional(),
  since: z.date().optional(),
  until: z.date().optional(),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;

export const securityEventTypes = [
  'login_failed',
  'account_locked',
  'rate_limited',
  'forbidden',
  'bad_api_key',
  'bad_session',
  'csrf_rejected',
  'password_changed',
  'sessions_revoked',
  'file_rejected',
  'webhook_bad_signature',
  /** An API key used from an address it was not used from in the last hour (one row per key and address an hour). */
  'api_key_address',
] as const;
export type SecurityEventType = (typeof securityEventTypes)[number];

export const SecurityFilterSchema = PageSchema.extend({
  type: z.enum(securityEventTypes).optional(),
  ip: z.string().trim().max(45).optional(),
  since: z.date().optional(),
});
export type SecurityFilter = z.infer<typeof SecurityFilterSchema>;

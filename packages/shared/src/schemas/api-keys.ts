import { z } from 'zod';
import { apiKeyRoles } from '../enums';
import { ModelSlugSchema } from './models';

export const CreateApiKeySchema = z.object({
  name: z.string().trim().min(1, { error: 'A name is required' }).max(100),
  /** Omitted: the key works for every model (only with the admin role it can also manage models). */
  modelSlug: ModelSlugSchema.optional(),
  role: z.enum(apiKeyRoles),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateApiKey = z.infer<typeof CreateApiKeySchema>;

/** What a bearer token looks like: `p4g_<8 chars>_<43 chars>`; anything else is rejected before a lookup. */
export const API_KEY_PATTERN = /^p4g_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/;

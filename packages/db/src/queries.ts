import type { ModerationProviderName } from '@phoenix4ge/shared';
import { and, eq } from 'drizzle-orm';
import type { Database } from './client';
import type { ModerationRequest } from './schema';
import { moderationRequests } from './schema';

/** Lookups the api and the worker both make. */
export function moderationRequestByExternalId(
  db: Database,
  provider: ModerationProviderName,
  externalId: string,
): Promise<ModerationRequest | undefined> {
  return db.query.moderationRequests.findFirst({
    where: and(eq(moderationRequests.provider, provider), eq(moderationRequests.externalId, externalId)),
  });
}

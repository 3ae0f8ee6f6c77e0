/**
 * One repository per table used by both the api and the worker (an app keeps only the tables no one else
 * touches). Add a table's queries to its repository here, never to an app.
 */
import type { Database } from '../client';
import { createAnalyticsRepository } from './analytics.repository';
import { createAuditRepository } from './audit.repository';
import { createCategoriesRepository } from './categories.repository';
import { createEditsRepository } from './edits.repository';
import { createExportsRepository } from './exports.repository';
import { createIncidentsRepository } from './incidents.repository';
import { createMediaRepository } from './media.repository';
import { createMetadataRepository } from './metadata.repository';
import { createModelsRepository } from './models.repository';
import { createModerationEventsRepository } from './moderation-events.repository';
import { createModerationRequestsRepository } from './moderation-requests.repository';
import { createOperationsRepository } from './operations.repository';
import type { OutboxDeps } from './outbox.repository';
import { createOutboxRepository } from './outbox.repository';
import { createPublicationRepository } from './publication.repository';
import { createSecurityEventsRepository } from './security-events.repository';
import { createSessionsRepository } from './sessions.repository';
import { createTagsRepository } from './tags.repository';
import { createVariantsRepository } from './variants.repository';

export * from './analytics.repository';
export * from './audit.repository';
export * from './categories.repository';
export * from './edits.repository';
export * from './executor';
export * from './exports.repository';
export * from './gallery-page';
export * from './incidents.repository';
export * from './library-query';
export * from './media.repository';
export * from './metadata.repository';
export * from './models.repository';
export * from './moderation-events.repository';
export * from './moderation-requests.repository';
export * from './operations.repository';
export * from './outbox.repository';
export * from './public-condition';
export * from './publication.repository';
export * from './security-events.repository';
export * from './sessions.repository';
export * from './tags.repository';
export * from './variants.repository';

/**
 * Every shared repository over one connection pool; the outbox queues through `deps.jobs`. `purgeDeadUrls`: token
 * revocations queue the dead public URLs for the CDN purge webhook (only when PUBLIC_PURGE_WEBHOOK_URL is set).
 */
export function createRepositories(db: Database, deps: OutboxDeps & { purgeDeadUrls?: boolean }) {
  const purge = deps.purgeDeadUrls ?? false;
  const outbox = createOutboxRepository(db, deps);
  return {
    analytics: createAnalyticsRepository(db),
    audit: createAuditRepository(db),
    categories: createCategoriesRepository(db),
    edits: createEditsRepository(db),
    exports: createExportsRepository(db),
    media: createMediaRepository(db, { purge }),
    metadata: createMetadataRepository(db),
    models: createModelsRepository(db, { purge }),
    moderationEvents: createModerationEventsRepository(db),
    moderationRequests: createModerationRequestsRepository(db),
    operations: createOperationsRepository(db),
    outbox,
    incidents: createIncidentsRepository(db, outbox),
    securityEvents: createSecurityEventsRepository(db),
    publication: createPublicationRepository(db, { purge }),
    sessions: createSessionsRepository(db),
    tags: createTagsRepository(db),
    variants: createVariantsRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

/**
 * The api's composition root: repositories, then services, over the process's infrastructure. The server puts the
 * result on every tRPC context and plain HTTP route; the CLI uses the same services.
 * 1. A new table both apps use gets its repository in packages/db (createRepositories); one only the api uses,
 *    in ../repositories. 2. Wire a new service here, nowhere else.
 */

import { createRepositories, withNamedLock } from '@phoenix4ge/db';
import type { Logger } from '@phoenix4ge/shared/node';
import {
  createAnalyticsBuffer,
  createJobBoard,
  createPreviewRenderer,
  newestHeartbeatAgeMs,
  outboxQueue,
} from '@phoenix4ge/shared/node';
import type { ApiConfig } from '../env';
import type { Infrastructure } from '../infrastructure';
import { spoolDirectory } from '../media/upload-spool';
import { createApiMetrics } from '../metrics/api-metrics';
import { createApiKeysRepository } from '../repositories/api-keys.repository';
import { createDownloadsRepository } from '../repositories/downloads.repository';
import { createFacetsCacheRepository } from '../repositories/facets-cache.repository';
import { createHealthRepository } from '../repositories/health.repository';
import type { LoginLimits } from '../repositories/login-limits.repository';
import { createLoginLimitsRepository, defaultLoginLimits } from '../repositories/login-limits.repository';
import { createMembersRepository } from '../repositories/members.repository';
import { createPublicCacheRepository } from '../repositories/public-cache.repository';
import { createSecuritySignalsRepository } from '../repositories/security-signals.repository';
import { createUsersRepository } from '../repositories/users.repository';
import { createVisitorsRepository } from '../repositories/visitors.repository';
import { createAccessService } from './access.service';
import { createAnalyticsService } from './analytics.service';
import { createApiKeysService } from './api-keys.service';
import { createAuditService } from './audit.service';
import { createAuthService } from './auth.service';
import { createBackupService } from './backup';
import { createCategoriesService } from './categories.service';
import { createEditsService } from './edits.service';
import { createIncidentsService } from './incidents.service';
import { createJobsService } from './jobs.service';
import { createLibraryService } from './library.service';
import { createLibraryCursors } from './library-cursor';
import { createMediaPresenter } from './media.presenter';
import { createMediaService } from './media.service';
import { createMediaBulkService } from './media-bulk.service';
import { createMediaDownloadService } from './media-download.service';
import { createMediaFilesService } from './media-files.service';
import { createMembersService } from './members.service';
import { createModelDataService } from './model-data.service';
import { createModelsService } from './models.service';
import { createModerationService } from './moderation.service';
import { createPublicAnalyticsService } from './public-analytics.service';
import { createPublicCursors } from './public-cursor';
import { createPublicGalleryService } from './public-gallery.service';
import { createPublicImagesService } from './public-images.service';
import { createPublicationService } from './publication.service';
import { createSecurityLog } from './security-log';
import { createSystemService } from './system.service';
import { createUploadService } from './upload.service';
import { createUsersService } from './users.service';

export interface ServiceDeps {
  config: ApiConfig;
  infrastructure: Infrastructure;
  logger: Logger;
  version: string;
  loginLimits?: LoginLimits;
}

export function createServices(deps: ServiceDeps) {
  const { config, logger } = deps;
  const { db: dbHandle, redis, jobs, events, storage } = deps.infrastructure;
  const { db } = dbHandle;
  const repositories = createRepositories(db, {
    jobs,
    logger,
    queue: outboxQueue(config.redis),
    purgeDeadUrls: config.publicPurge !== undefined,
  });
  const users = createUsersRepository(db);
  const members = createMembersRepository(db);
  const apiKeys = createApiKeysRepository(db);
  const auditRepository = repositories.audit;

  const security = createSecurityLog(
    auditRepository,
    logger,
    createSecuritySignalsRepository(redis, config.redis.keyPrefix),
  );
  const audit = createAuditService({ audit: auditRepository, models: repositories.models });
  const access = createAccessService({ models: repositories.models, members, security });
  const present = createMediaPresenter(config.publicUrl);
  const facetsCache = createFacetsCacheRepository(redis, config.redis.keyPrefix, logger);
  const library = createLibraryService({
    repositories,
    present,
    cursors: createLibraryCursors(config.sessionSecret),
    events,
    facetsCache,
  });
  const health = createHealthRepository({
    db: dbHandle,
    redis,
    jobs,
    keyPrefix: config.redis.keyPrefix,
    storagePath: config.media.storagePath,
  });
  const metrics = createApiMetrics({
    oldestPendingOutboxAt: repositories.outbox.oldestPendingAt,
    heartbeatAgeMs: () => newestHeartbeatAgeMs(redis, config.redis.keyPrefix),
    diskSpace: config.storage.driver === 'local' ? health.diskSpace : undefined,
    logger,
  });
  const publicCache = createPublicCacheRepository(
    redis,
    config.redis,
    deps.infrastructure.publicationVersions,
    logger,
    {
      observe: metrics.galleryCache,
    },
  );
  const bulk = createMediaBulkService({ db, repositories, library, storage, jobs, events, audit, metrics });
  const models = createModelsService({
    models: repositories.models,
    media: repositories.media,
    access,
    publicCache,
  });
  const apiKeysService = createApiKeysService({ apiKeys, models: repositories.models });
  return {
    metrics,
    storage,
    backup: createBackupService({
      database: config.database,
      db: dbHandle,
      storage,
      outbox: repositories.outbox,
      redis,
      redisKeyPrefix: config.redis.keyPrefix,
      redisDb: config.redis.db,
      backupPath: config.backup.path,
      keep: config.backup.keep,
      appVersion: deps.version,
    }),
    access,
    security,
    audit,
    library,
    media: createMediaService({ repositories, present, events }),
    publication: createPublicationService({ repositories, library, events }),
    bulk,
    download: createMediaDownloadService({
      repositories,
      bulk,
      downloads: createDownloadsRepository(redis, config.redis.keyPrefix),
      storage,
      security,
      publicUrl: config.publicUrl,
    }),
    categories: createCategoriesService({ categories: repositories.categories, events }),
    edits: createEditsService({
      repositories,
      present,
      events,
      storage,
      preview: createPreviewRenderer({ maxPixels: config.media.maxPixels }),
      audit,
    }),
    analytics: createAnalyticsService({ repositories, present }),
    publicAnalytics: createPublicAnalyticsService({
      repositories,
      visitors: createVisitorsRepository(redis, config.redis.keyPrefix),
      buffer: createAnalyticsBuffer(redis, config.redis.keyPrefix),
      storage,
      logger,
    }),
    mediaFiles: createMediaFilesService({ repositories, access, storage, security }),
    publicImages: createPublicImagesService({ repositories, publicCache, storage }),
    publicGallery: createPublicGalleryService({
      repositories,
      cache: publicCache,
      cursors: createPublicCursors(config.sessionSecret),
      publicUrl: config.publicUrl,
    }),
    upload: createUploadService({
      repositories,
      storage,
      spoolDir: spoolDirectory(config.storage.localPath),
      present,
      events,
      audit,
      security,
      limits: config.media,
      logger,
      metrics,
    }),
    moderation: createModerationService({
      repositories,
      present,
      webhookSecrets: config.moderation.webhookSecrets,
      jobs,
      events,
      security,
      logger,
      metrics,
    }),
    system: createSystemService({
      health,
      jobs,
      version: deps.version,
    }),
    auth: createAuthService({
      users,
      sessions: repositories.sessions,
      apiKeys,
      limits: createLoginLimitsRepository(
        redis,
        config.redis.keyPrefix,
        deps.loginLimits ?? defaultLoginLimits,
      ),
      security,
      sessionSecret: config.sessionSecret,
      withSetupLock: (work) => withNamedLock(dbHandle.pool, 'phoenix4ge_first_run_setup', 10, work),
    }),
    models,
    /** The public API's answers (read by http/public-replay.ts, which replays current ones). */
    publicCache,
    modelData: createModelDataService({
      repositories,
      storage,
      publicCache,
      facetsCache,
      audit,
      exportLinkTtlMs: config.exportLinkTtlMs,
      publicUrl: config.publicUrl,
    }),
    members: createMembersService({ members, users }),
    jobs: createJobsService({
      board: createJobBoard({
        producer: deps.infrastructure.producer,
        redis,
        keyPrefix: config.redis.keyPrefix,
      }),
      repositories,
    }),
    users: createUsersService({ users, sessions: repositories.sessions }),
    apiKeys: apiKeysService,
    incidents: createIncidentsService({
      repositories,
      users,
      sessions: repositories.sessions,
      apiKeys,
      apiKeysService,
      models,
      events,
    }),
    /** The live event stream, for tRPC subscriptions. */
    events: deps.infrastructure.subscriber,
  };
}

export type Services = ReturnType<typeof createServices>;

import type { DbHandle } from '@phoenix4ge/db';
import { withNamedLock } from '@phoenix4ge/db';
import type { JobName } from '@phoenix4ge/shared';
import type { EventSubscriber, JobProducer, Logger, Redis } from '@phoenix4ge/shared/node';
import { createStorage } from '@phoenix4ge/shared/node';
import type { QueueEvents } from 'bullmq';
import type { ApiConfig } from '../env';
import { createApiKeysRepository } from '../repositories/api-keys.repository';
import { createAuditRepository } from '../repositories/audit.repository';
import { createHealthRepository } from '../repositories/health.repository';
import { createJobRepository } from '../repositories/job.repository';
import type { LoginLimits } from '../repositories/login-limits.repository';
import { createLoginLimitsRepository, defaultLoginLimits } from '../repositories/login-limits.repository';
import { createMediaRepository } from '../repositories/media.repository';
import { createMembersRepository } from '../repositories/members.repository';
import { createModelsRepository } from '../repositories/models.repository';
import { createModerationRepository } from '../repositories/moderation.repository';
import { createSessionsRepository } from '../repositories/sessions.repository';
import { createUsersRepository } from '../repositories/users.repository';
import { createAccessService } from './access.service';
import { createApiKeysService } from './api-keys.service';
import { createAuditService } from './audit.service';
import { createAuthService } from './auth.service';
import { createMediaService } from './media.service';
import { createMembersService } from './members.service';
import { createModelsService } from './models.service';
import { createModerationService } from './moderation.service';
import { createSecurityLog } from './security-log';
import { createSystemService } from './system.service';
import { createUploadService, spoolDirectory } from './upload.service';
import { createUsersService } from './users.service';

export interface ServiceDeps {
  config: ApiConfig;
  db: DbHandle;
  redis: Redis;
  producer: JobProducer;
  queueEvents: (name: JobName) => QueueEvents;
  events: EventSubscriber;
  logger: Logger;
  version: string;
  loginLimits?: LoginLimits;
}

/** Builds repositories, then services; the result sits on every tRPC context and plain HTTP route. */
export function createServices(deps: ServiceDeps) {
  const { db } = deps.db;
  const users = createUsersRepository(db);
  const sessions = createSessionsRepository(db);
  const apiKeys = createApiKeysRepository(db);
  const models = createModelsRepository(db);
  const members = createMembersRepository(db);
  const auditRepository = createAuditRepository(db);
  const security = createSecurityLog(auditRepository, deps.logger);
  const access = createAccessService({ models, members, security });
  const health = createHealthRepository({
    db: deps.db,
    redis: deps.redis,
    producer: deps.producer,
    keyPrefix: deps.config.redis.keyPrefix,
    storagePath: deps.config.media.storagePath,
  });
  const jobs = createJobRepository({ producer: deps.producer, queueEvents: deps.queueEvents });
  const storage = createStorage(deps.config.storage);
  const mediaRepository = createMediaRepository(db);
  return {
    storage,
    media: createMediaService({ media: mediaRepository, publicUrl: deps.config.publicUrl }),
    upload: createUploadService({
      media: mediaRepository,
      storage,
      spoolDir: spoolDirectory(deps.config.storage.localPath),
      producer: deps.producer,
      redis: deps.redis,
      keyPrefix: deps.config.redis.keyPrefix,
      limits: deps.config.media,
      logger: deps.logger,
    }),
    moderation: createModerationService({
      moderation: createModerationRepository(db),
      media: mediaRepository,
      publicUrl: deps.config.publicUrl,
      webhookSecrets: deps.config.moderation.webhookSecrets,
      producer: deps.producer,
      redis: deps.redis,
      keyPrefix: deps.config.redis.keyPrefix,
      security,
      logger: deps.logger,
    }),
    system: createSystemService({ health, jobs, version: deps.version }),
    auth: createAuthService({
      users,
      sessions,
      apiKeys,
      limits: createLoginLimitsRepository(
        deps.redis,
        deps.config.redis.keyPrefix,
        deps.loginLimits ?? defaultLoginLimits,
      ),
      security,
      sessionSecret: deps.config.sessionSecret,
      withSetupLock: (work) => withNamedLock(deps.db.pool, 'phoenix4ge_first_run_setup', 10, work),
    }),
    access,
    security,
    models: createModelsService({ models, media: mediaRepository, access }),
    members: createMembersService({ members, users }),
    users: createUsersService({ users, sessions }),
    apiKeys: createApiKeysService({ apiKeys, models }),
    audit: createAuditService({ audit: auditRepository, models }),
    events: deps.events,
  };
}

export type Services = ReturnType<typeof createServices>;

import type { DbHandle } from '@phoenix4ge/db';
import { createDb } from '@phoenix4ge/db';
import type { JobName } from '@phoenix4ge/shared';
import { queueOf } from '@phoenix4ge/shared';
import type { Logger } from '@phoenix4ge/shared/node';
import {
  bullPrefix,
  createEvents,
  createJobs,
  createRedis,
  createStorage,
  EventSubscriber,
  JobProducer,
  redisOptions,
  slowQueryLogging,
} from '@phoenix4ge/shared/node';
import { QueueEvents } from 'bullmq';
import type { ApiConfig } from './env';
import { createPublicationVersions } from './repositories/publication-versions.repository';

/**
 * The api's connections, built once per process and shared by the server and the CLI: the database pool, Redis
 * (commands), queueing (`jobs`), publishing (`events`), the event and publication subscriptions (opened only when
 * something listens) and storage. Nothing here waits for a service to answer: a command that never touches Redis works
 * while Redis is down.
 */
export function createInfrastructure(
  config: ApiConfig,
  logger: Logger,
  options: { name: string; connectionLimit?: number },
) {
  const db: DbHandle = createDb(config.database, {
    connectionLimit: options.connectionLimit,
    slowQueries: slowQueryLogging(config.logging, logger),
  });
  const redis = createRedis(config.redis, 'command', `p4g-${options.name}`);
  redis.on('error', (error) => logger.debug({ err: error }, 'redis connection error'));
  const producer = new JobProducer(redis, config.redis.keyPrefix);

  const queueEventsByQueue = new Map<string, QueueEvents>();
  const queueEvents = (name: JobName) => {
    const queue = queueOf(name);
    let listener = queueEventsByQueue.get(queue);
    if (!listener) {
      listener = new QueueEvents(queue, {
        connection: redisOptions(config.redis, 'blocking', `p4g-${options.name}-events-${queue}`),
        prefix: bullPrefix(config.redis.keyPrefix),
      });
      listener.on('error', (error) => logger.debug({ err: error }, 'queue events connection error'));
      queueEventsByQueue.set(queue, listener);
    }
    return listener;
  };

  const subscriber = new EventSubscriber(config.redis, logger);
  const publicationVersions = createPublicationVersions(redis, config.redis, logger);

  return {
    db,
    redis,
    /** BullMQ queues, for the job dashboard's board (services/jobs.service.ts); everything else uses `jobs`. */
    producer,
    jobs: createJobs({ producer, queueEvents }),
    events: createEvents(redis, config.redis, logger, (modelId) => publicationVersions.forget(modelId)),
    subscriber,
    /** The models' publication versions, kept while their bumps are heard (subscribes on first read). */
    publicationVersions,
    storage: createStorage(config.storage),
    async close(): Promise<void> {
      await Promise.allSettled([...queueEventsByQueue.values()].map((listener) => listener.close()));
      await producer.close().catch(() => undefined);
      await subscriber.close();
      publicationVersions.close();
      redis.disconnect();
      await db.close().catch(() => undefined);
    },
  };
}

export type Infrastructure = ReturnType<typeof createInfrastructure>;

import type { DbHandle } from '@phoenix4ge/db';
import type { JobName } from '@phoenix4ge/shared';
import type { EventSubscriber, JobProducer, Logger, Redis } from '@phoenix4ge/shared/node';
import type { QueueEvents } from 'bullmq';
import type { ApiConfig } from '../env';
import { createHealthRepository } from '../repositories/health.repository';
import { createJobRepository } from '../repositories/job.repository';
import { createSystemService } from './system.service';

export interface ServiceDeps {
  config: ApiConfig;
  db: DbHandle;
  redis: Redis;
  producer: JobProducer;
  queueEvents: (name: JobName) => QueueEvents;
  events: EventSubscriber;
  logger: Logger;
  version: string;
}

/** Builds repositories, then services; the result sits on every tRPC context and plain HTTP route. */
export function createServices(deps: ServiceDeps) {
  const health = createHealthRepository({
    db: deps.db,
    redis: deps.redis,
    producer: deps.producer,
    keyPrefix: deps.config.redis.keyPrefix,
    storagePath: deps.config.media.storagePath,
  });
  const jobs = createJobRepository({ producer: deps.producer, queueEvents: deps.queueEvents });
  return {
    system: createSystemService({ health, jobs, version: deps.version }),
    events: deps.events,
  };
}

export type Services = ReturnType<typeof createServices>;

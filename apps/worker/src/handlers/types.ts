import type { Database } from '@phoenix4ge/db';
import type { EventName, EventOf, JobName, JobOf, JobResultOf } from '@phoenix4ge/shared';
import type { JobProducer, Logger, StorageDriver } from '@phoenix4ge/shared/node';
import type { Job } from 'bullmq';
import type { WorkerConfig } from '../env';
import type { ModerationProviders } from '../moderation/providers';
import type { MaintenanceRepository } from '../repositories/maintenance.repository';
import type { MediaRepository } from '../repositories/media.repository';
import type { ModerationRepository } from '../repositories/moderation.repository';

/** What every handler may use; third-party libraries (sharp, storage SDKs) stay behind these. */
export interface WorkerDeps {
  config: WorkerConfig;
  db: Database;
  storage: StorageDriver;
  media: MediaRepository;
  maintenance: MaintenanceRepository;
  moderation: ModerationRepository;
  providers: ModerationProviders;
  /** Queues follow-up jobs (fails fast when Redis is down; durable work goes through the outbox). */
  producer: JobProducer;
  /** Publishes an event to every api instance (best effort). */
  publish<N extends EventName>(name: N, payload: EventOf<N>): void;
}

export interface HandlerContext extends WorkerDeps {
  job: Job;
  workerId: string;
  logger: Logger;
  /** True when this run is the job's last allowed attempt (a failure then is final). */
  lastAttempt: boolean;
  /** Reports progress to BullMQ and, through the event bus, to every api instance. */
  progress(value: number | Record<string, unknown>): Promise<void>;
}

/** One async function per job name: validated payload in, plain (schema-checked) result out. */
export type JobHandler<N extends JobName> = (
  data: JobOf<N>,
  context: HandlerContext,
) => Promise<JobResultOf<N>>;

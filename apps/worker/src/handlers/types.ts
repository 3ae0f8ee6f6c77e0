import type { Database, Repositories } from '@phoenix4ge/db';
import type { JobName, JobOf, JobResultOf } from '@phoenix4ge/shared';
import type {
  AnalyticsBuffer,
  DownloadCounter,
  Events,
  Jobs,
  Logger,
  StorageDriver,
} from '@phoenix4ge/shared/node';
import type { Job } from 'bullmq';
import type { WorkerConfig } from '../env';
import type { ModerationProviders } from '../moderation/providers';

/** What every handler may use; third-party libraries (sharp, BullMQ, storage SDKs) stay behind these. */
export interface WorkerDeps {
  config: WorkerConfig;
  storage: StorageDriver;
  /** For units of work spanning repositories in one transaction (bulk actions). */
  db: Database;
  /** The shared table repositories (packages/db); jobs a state change calls for go through `outbox`. */
  repositories: Repositories;
  providers: ModerationProviders;
  /** Queues follow-up jobs (fails fast when Redis is down; durable work goes through the outbox). */
  jobs: Pick<Jobs, 'enqueue' | 'forgetMediaJobs'>;
  /** Publishes events to every api instance (best effort). */
  events: Events;
  /** The analytics counts the api buffers in Redis, for `maintenance.analytics-flush`. */
  analyticsBuffer: AnalyticsBuffer;
  /** The download counts per source the api keeps in Redis, for the mass-download rule. */
  downloadCounter: DownloadCounter;
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

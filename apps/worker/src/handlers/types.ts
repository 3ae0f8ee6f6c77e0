import type { Database } from '@phoenix4ge/db';
import type { JobName, JobOf, JobResultOf } from '@phoenix4ge/shared';
import type { Logger } from '@phoenix4ge/shared/node';
import type { Job } from 'bullmq';

export interface HandlerContext {
  job: Job;
  workerId: string;
  logger: Logger;
  db: Database;
  /** Reports progress to BullMQ and, through the event bus, to every api instance. */
  progress(value: number | Record<string, unknown>): Promise<void>;
}

/** One async function per job name: validated payload in, plain (schema-checked) result out. */
export type JobHandler<N extends JobName> = (
  data: JobOf<N>,
  context: HandlerContext,
) => Promise<JobResultOf<N>>;

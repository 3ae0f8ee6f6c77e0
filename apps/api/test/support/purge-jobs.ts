import { randomBytes } from 'node:crypto';
import { JobName, QueueName } from '@phoenix4ge/shared';
import type { RedisConfig } from '@phoenix4ge/shared/node';
import { bullPrefix, createJobs, createRedis, JobProducer, redisOptions } from '@phoenix4ge/shared/node';
import { QueueEvents } from 'bullmq';

/** Runs `maintenance.purge-trash` jobs on a running worker and waits for their results (as the scheduler would). */
export function purgeJobs(redisConfig: RedisConfig & { keyPrefix: string }) {
  const redis = createRedis(redisConfig, 'command', 'test-purge-jobs');
  const producer = new JobProducer(redis, redisConfig.keyPrefix);
  const events = new QueueEvents(QueueName.Maintenance, {
    connection: redisOptions(redisConfig, 'blocking', 'test-purge-events'),
    prefix: bullPrefix(redisConfig.keyPrefix),
  });
  const jobs = createJobs({ producer, queueEvents: () => events });
  return {
    /** One purge, to its end; rejects when it failed. */
    run: () =>
      jobs.run(JobName.MaintenancePurgeTrash, {}, 120_000, {
        jobId: `test-purge-${randomBytes(4).toString('hex')}`,
      }),
    /** The job as BullMQ keeps it (its stack traces list every failed attempt). */
    job: (jobId: string) => producer.queue(QueueName.Maintenance).getJob(jobId),
    async close() {
      await events.close();
      await producer.close();
      redis.disconnect();
    },
  };
}

import { randomBytes } from 'node:crypto';
import { JobName, QueueName } from '@phoenix4ge/shared';
import type { RedisConfig } from '@phoenix4ge/shared/node';
import { bullPrefix, createJobs, createRedis, JobProducer, redisOptions } from '@phoenix4ge/shared/node';
import { QueueEvents } from 'bullmq';

/** Runs `maintenance.analytics-flush` on a running worker and waits for its result (as the scheduler would). */
export function analyticsFlushJobs(redisConfig: RedisConfig & { keyPrefix: string }) {
  const redis = createRedis(redisConfig, 'command', 'test-analytics-flush');
  const producer = new JobProducer(redis, redisConfig.keyPrefix);
  const events = new QueueEvents(QueueName.Maintenance, {
    connection: redisOptions(redisConfig, 'blocking', 'test-analytics-flush-events'),
    prefix: bullPrefix(redisConfig.keyPrefix),
  });
  const jobs = createJobs({ producer, queueEvents: () => events });
  return {
    run: () =>
      jobs.run(JobName.MaintenanceAnalyticsFlush, {}, 60_000, {
        jobId: `test-flush-${randomBytes(4).toString('hex')}`,
      }),
    async close() {
      await events.close();
      await producer.close();
      redis.disconnect();
    },
  };
}

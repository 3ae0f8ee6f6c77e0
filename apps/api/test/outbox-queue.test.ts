import { createDb, createOutboxRepository, eq, outbox } from '@phoenix4ge/db';
import { JobName, jobs } from '@phoenix4ge/shared';
import type { Redis } from '@phoenix4ge/shared/node';
import { createJobs, createRedis, JobProducer, outboxQueue, waitForRedis } from '@phoenix4ge/shared/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../src/env';
import { isolatedPrefix, testEnv } from './support/harness';
import { freePort } from './support/ports';

const quiet = { warn: () => undefined };

// Every test file shares the run's database, each with a Redis prefix of its own: two installations on one
// database. A relay that took another installation's pending row queued the job where none of its workers runs,
// marked it sent, and its own worker ran it on files it does not have (the likely cause of a rare edits.test
// failure: an edit version failed for good).
describe('the outbox relay of one installation, beside another on the same database', () => {
  const ours = loadApiConfig(testEnv(isolatedPrefix()));
  const theirs = loadApiConfig(testEnv(isolatedPrefix()));
  const database = createDb(ours.database);
  const connections: Redis[] = [];
  const producers: JobProducer[] = [];
  const producerOf = (config: typeof ours, redis: Redis) => {
    const producer = new JobProducer(redis, config.redis.keyPrefix);
    producers.push(producer);
    return producer;
  };
  const redisFor = (config: typeof ours, port = config.redis.port) => {
    const redis = createRedis({ ...config.redis, port }, 'command', 'outbox-queue-test');
    redis.on('error', () => undefined);
    connections.push(redis);
    return redis;
  };
  const outboxOf = (config: typeof ours, redis: Redis) =>
    createOutboxRepository(database.db, {
      jobs: createJobs({ producer: producerOf(config, redis) }),
      logger: quiet,
      queue: outboxQueue(config.redis),
    });

  let awayPort: number;
  beforeAll(async () => {
    awayPort = await freePort();
  });
  afterAll(async () => {
    for (const producer of producers) await producer.close();
    for (const redis of connections) redis.disconnect();
    await database.close();
  });

  it('leaves the rows of another installation alone and relays its own', async () => {
    // Written while our Redis is away (nothing listens on the port): the row stays pending.
    const writer = outboxOf(ours, redisFor(ours, awayPort));
    const job = jobs.mediaProcess(2_000_000_000 + Math.floor(Math.random() * 1_000_000), 0);
    await writer.commit(
      async () => undefined,
      () => [job],
    );
    const row = () => database.db.query.outbox.findFirst({ where: eq(outbox.jobKey, job.jobId ?? '') });
    expect(await row()).toMatchObject({ status: 'pending', queue: outboxQueue(ours.redis) });

    const theirRedis = redisFor(theirs);
    await waitForRedis(theirRedis, 5000);
    await outboxOf(theirs, theirRedis).relayOnce();
    expect((await row())?.status).toBe('pending');
    expect(
      await producerOf(theirs, theirRedis)
        .queue('media')
        .getJob(job.jobId ?? ''),
    ).toBeUndefined();

    const ourRedis = redisFor(ours);
    await waitForRedis(ourRedis, 5000);
    expect(await outboxOf(ours, ourRedis).relayOnce()).toBe(1);
    expect((await row())?.status).toBe('sent');
    const queued = await producerOf(ours, ourRedis)
      .queue('media')
      .getJob(job.jobId ?? '');
    expect(queued?.name).toBe(JobName.MediaProcess);
  });
});

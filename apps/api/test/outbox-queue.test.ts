import type { Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import { createDb, createOutboxRepository, eq, inArray, outbox, sql } from '@phoenix4ge/db';
import type { KeyedJob } from '@phoenix4ge/shared';
import { JobName, jobs } from '@phoenix4ge/shared';
import type { Redis } from '@phoenix4ge/shared/node';
import { createJobs, createRedis, JobProducer, outboxQueue, waitForRedis } from '@phoenix4ge/shared/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../src/env';
import { isolatedPrefix, testEnv } from './support/harness';
import { freePort } from './support/ports';

const quiet = { warn: () => undefined };

/** Removes the rows a test wrote under its installation's queue, so no other file sees them pending. */
const removeRowsOf = (database: ReturnType<typeof createDb>, queue: string) =>
  database.db.delete(outbox).where(inArray(outbox.queue, [queue, `${queue}-other`]));

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
    await removeRowsOf(database, outboxQueue(ours.redis));
    await removeRowsOf(database, outboxQueue(theirs.redis));
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

/**
 * A Redis that accepts connections and never answers (paused, a half-open link, a failover in progress): BullMQ
 * waits for it to be ready for ever.
 */
async function silentRedis(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('the outbox while Redis accepts connections but does not answer', () => {
  const config = loadApiConfig(testEnv(isolatedPrefix()));
  const database = createDb(config.database);
  const connections: Redis[] = [];
  const producers: JobProducer[] = [];
  let silent: Awaited<ReturnType<typeof silentRedis>>;
  let awayPort: number;
  beforeAll(async () => {
    silent = await silentRedis();
    awayPort = await freePort();
  });
  afterAll(async () => {
    for (const producer of producers) await producer.close().catch(() => undefined);
    for (const redis of connections) redis.disconnect();
    await silent.close();
    await removeRowsOf(database, outboxQueue(config.redis));
    await database.close();
  });
  const jobsOn = (port: number) => {
    const redis = createRedis({ ...config.redis, port }, 'command', 'outbox-silent-test');
    redis.on('error', () => undefined);
    connections.push(redis);
    const producer = new JobProducer(redis, config.redis.keyPrefix);
    producers.push(producer);
    return createJobs({ producer });
  };
  const outboxWith = (jobsOfIt: Pick<ReturnType<typeof createJobs>, 'enqueue'>) =>
    createOutboxRepository(database.db, { jobs: jobsOfIt, logger: quiet, queue: outboxQueue(config.redis) });
  const uniqueJob = () => jobs.mediaProcess(2_100_000_000 + Math.floor(Math.random() * 1_000_000), 0);
  const rowOf = (job: KeyedJob) =>
    database.db.query.outbox.findFirst({ where: eq(outbox.jobKey, job.jobId ?? '') });

  it('commits and answers, the job left pending for the relay (an upload is not held by Redis)', async () => {
    const job = uniqueJob();
    await outboxWith(jobsOn(silent.port)).commit(
      async () => undefined,
      () => [job],
    );
    expect((await rowOf(job))?.status).toBe('pending');
  });

  it('lets other transactions write the outbox while the relay waits for Redis', async () => {
    // A pending row, written while Redis was away (refused at once).
    const away = outboxWith(jobsOn(awayPort));
    const waiting = uniqueJob();
    await away.commit(
      async () => undefined,
      () => [waiting],
    );
    // The relay reaches Redis (which does not answer) with that row claimed.
    const silentJobs = jobsOn(silent.port);
    let reachedRedis!: () => void;
    const atRedis = new Promise<void>((resolve) => (reachedRedis = resolve));
    const relay = outboxWith({
      enqueue: (queued) => {
        reachedRedis();
        return silentJobs.enqueue(queued);
      },
    }).relayOnce();
    await atRedis;
    // Meanwhile an upload commits its row and job: it must not wait for the relay.
    const upload = uniqueJob();
    const first = await Promise.race([
      away
        .commit(
          async () => undefined,
          () => [upload],
        )
        .then(() => 'upload committed'),
      relay.then(() => 'relay ended'),
    ]);
    expect(first).toBe('upload committed');
    expect(await relay).toBe(0);
    expect(await rowOf(waiting)).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await rowOf(upload))?.status).toBe('pending');
  });
});

describe('an outbox commit that InnoDB picks as a deadlock victim', () => {
  const config = loadApiConfig(testEnv(isolatedPrefix()));
  const database = createDb(config.database);
  afterAll(async () => {
    await removeRowsOf(database, outboxQueue(config.redis));
    await database.close();
  });
  const noRedis = { enqueue: () => Promise.reject(new Error('Redis is not part of this test')) };
  const repository = createOutboxRepository(database.db, {
    jobs: noRedis,
    logger: quiet,
    queue: outboxQueue(config.redis),
  });
  const uniqueJob = () => jobs.mediaProcess(2_200_000_000 + Math.floor(Math.random() * 1_000_000), 0);
  const idOf = async (job: KeyedJob) =>
    (await database.db.query.outbox.findFirst({ where: eq(outbox.jobKey, job.jobId ?? '') }))?.id ?? 0;

  it('runs the transaction again and commits', async () => {
    const [a, b] = [uniqueJob(), uniqueJob()];
    await repository.commit(
      async () => undefined,
      () => [a, b],
    );
    const [idA, idB] = [await idOf(a), await idOf(b)];
    // Another transaction holds B, and is the bigger one (it wrote rows), so InnoDB rolls the commit back.
    const other = await database.pool.getConnection();
    try {
      await other.beginTransaction();
      await other.query('SELECT id FROM outbox WHERE id = ? FOR UPDATE', [idB]);
      for (let index = 0; index < 5; index += 1) {
        await other.query(
          "INSERT INTO outbox (queue, topic, payload, status) VALUES (?, 'media.process', '{}', 'sent')",
          [`${outboxQueue(config.redis)}-other`],
        );
      }
      let attempts = 0;
      let otherHasA: Promise<unknown> | undefined;
      const committed = repository.commit(
        async (tx) => {
          attempts += 1;
          await tx.execute(sql`SELECT id FROM outbox WHERE id = ${idA} FOR UPDATE`);
          if (attempts === 1) {
            // The other transaction now waits for A, which this one holds; this one then asks for B.
            otherHasA = other.query('SELECT id FROM outbox WHERE id = ? FOR UPDATE', [idA]);
            await expect
              .poll(async () => {
                const [rows] = await database.pool.query(
                  "SELECT COUNT(*) AS waiting FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'",
                );
                return Number((rows as { waiting: number }[])[0]?.waiting);
              })
              .toBeGreaterThan(0);
          }
          await tx.execute(sql`SELECT id FROM outbox WHERE id = ${idB} FOR UPDATE`);
          return attempts;
        },
        () => [],
      );
      // Once the victim rolled back, the other transaction gets A and commits, so the second attempt runs through.
      await expect.poll(() => otherHasA !== undefined).toBe(true);
      await otherHasA;
      await other.commit();
      expect(await committed).toBe(2);
    } finally {
      other.release();
    }
  });
});

import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { createDb, eq, media, outbox } from '@phoenix4ge/db';
import { JobName, mediaProcessJobId, originalKey } from '@phoenix4ge/shared';
import { bullPrefix, createRedis, JobProducer, LOCAL_TEMP_DIR, redisOptions } from '@phoenix4ge/shared/node';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createModel,
  isolatedPrefix,
  isolatedStorage,
  modelRow,
  signedInMember,
  startApi,
  startWorker,
  testEnv,
  until,
} from './support/harness';
import { freePort } from './support/ports';
import { builtApi, spawnBuilt } from './support/processes';
import { startRedis, stopRedis } from './support/redis';
import { describeNeeding, needBuilt } from './support/requirements';
import { fixture, upload } from './support/uploads';

describe('an upload made while Redis is down', () => {
  let port: number;
  let redis: ChildProcess | undefined;
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    const env = { REDIS_HOST: '127.0.0.1', REDIS_PORT: String(port), OUTBOX_RELAY_INTERVAL_MS: '200' };
    api = await startApi(env);
    worker = await startWorker(env);
    db = createDb(api.config.database);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.close();
    if (redis && redis.exitCode === null) await stopRedis(redis);
  });

  it('still gets 201, and is processed once Redis is back', async () => {
    const slug = (await createModel(api)).slug;
    const { headers } = await signedInMember(api, slug, 'editor');
    if (!redis) throw new Error('redis not started');
    await stopRedis(redis);

    const result = await upload(api.url, slug, [{ name: 'while-down.jpg', data: fixture('DSCN0010.jpg') }], {
      headers,
    });
    expect(result.status).toBe(201);
    const id = result.body.files?.[0]?.status === 'created' ? result.body.files[0].id : 0;
    // Other files share this database, and may leave pending rows of their own.
    const pending = (await db.db.select().from(outbox).where(eq(outbox.status, 'pending'))).find(
      (row) => (row.payload as { mediaId?: number }).mediaId === id,
    );
    // The row keeps the upload's request id, so the job the relay queues later still names it.
    expect(pending?.payload).toEqual({
      mediaId: id,
      version: 0,
      requestId: result.headers.get('x-request-id'),
    });
    expect((await db.db.query.media.findFirst({ where: eq(media.id, id) }))?.processingStatus).toBe(
      'uploaded',
    );

    redis = await startRedis(port);
    const processed = await until(
      () => db.db.query.media.findFirst({ where: eq(media.id, id) }),
      (row) => row?.processingStatus === 'ready',
      30_000,
    );
    expect(processed?.width).toBe(640);
    const [sent] = await db.db
      .select()
      .from(outbox)
      .where(eq(outbox.id, pending?.id ?? 0));
    expect(sent?.status).toBe('sent');
    const job = await api.services.jobs.get('media', mediaProcessJobId(id, 0));
    expect(job.requestId).toBe(result.headers.get('x-request-id'));
  });
});

describeNeeding([needBuilt(builtApi)], 'killing the api mid-upload', () => {
  let child: ChildProcess | undefined;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let helper: Awaited<ReturnType<typeof startApi>>;
  let db: ReturnType<typeof createDb>;
  const prefix = { ...isolatedPrefix(), ...isolatedStorage() };

  beforeAll(async () => {
    helper = await startApi(prefix);
    worker = await startWorker(prefix);
    db = createDb(helper.config.database);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await worker?.stop();
    await helper?.stop();
    await db?.close();
  });

  it('leaves only files the sweep removes: the partial spool file and an original no row points at', async () => {
    const slug = (await createModel(helper)).slug;
    const { headers } = await signedInMember(helper, slug, 'editor');
    const port = await freePort();
    child = spawnBuilt(builtApi, { ...testEnv(prefix), PORT: String(port), HOST: '127.0.0.1' }).child;
    await until(
      () =>
        fetch(`http://127.0.0.1:${port}/health`).then(
          () => true,
          () => false,
        ),
      Boolean,
      15_000,
    );

    const socket = net.connect({ host: '127.0.0.1', port });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /api/model-media-library/${slug}/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${headers.cookie}\r\nx-p4g-csrf: 1\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 5000000\r\n\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="killed.jpg"\r\n\r\n`,
    );
    socket.write(fixture('iphone_hdr_YES.jpg').subarray(0, 500_000));
    const spoolDir = path.join(helper.config.storage.localPath, LOCAL_TEMP_DIR);
    await until(
      () => readdir(spoolDir).catch(() => [] as string[]),
      (files) => files.length > 0,
      10_000,
    );
    child.kill('SIGKILL');
    socket.destroy();

    // The api also died, in this story, between storing an original and committing its row.
    const model = await modelRow(helper, slug);
    const orphanKey = originalKey(model.id, 'cd'.repeat(32), 'jpg');
    const orphanPath = path.join(helper.config.storage.localPath, orphanKey);
    await mkdir(path.dirname(orphanPath), { recursive: true });
    await writeFile(orphanPath, fixture('Sony_alpha_a58.JPG'));
    // A legitimate upload, to prove the sweep keeps what a row points at.
    const kept = await upload(helper.url, slug, [{ name: 'kept.jpg', data: fixture('Nikon_D70.jpg') }], {
      headers,
    });
    const keptRow = await db.db.query.media.findFirst({
      where: eq(media.id, kept.body.files?.[0]?.status === 'created' ? kept.body.files[0].id : 0),
    });
    const keptPath = path.join(helper.config.storage.localPath, keptRow?.storageKey ?? '');
    // Its variants are written through the same temporary folder: let processing finish first.
    await until(
      () => db.db.query.media.findFirst({ where: eq(media.id, keptRow?.id ?? 0) }),
      (row) => row?.processingStatus === 'ready' || row?.processingStatus === 'failed',
      30_000,
    );

    const leftovers = (await readdir(spoolDir)).map((name) => path.join(spoolDir, name));
    expect(leftovers.length).toBeGreaterThan(0);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const file of [...leftovers, orphanPath, keptPath]) await utimes(file, twoHoursAgo, twoHoursAgo);

    const redis = createRedis(helper.config.redis, 'blocking', 'sweep-test');
    const producer = new JobProducer(redis, helper.config.redis.keyPrefix);
    const events = new QueueEvents('maintenance', {
      connection: redisOptions(helper.config.redis, 'blocking', 'sweep-test-events'),
      prefix: bullPrefix(helper.config.redis.keyPrefix),
    });
    try {
      await events.waitUntilReady();
      const job = await producer.enqueue(JobName.MaintenanceSweep, { olderThanMinutes: 60 });
      const result = await job.waitUntilFinished(events, 15_000);
      expect(result).toMatchObject({ spoolFilesRemoved: leftovers.length, orphanOriginalsRemoved: 1 });
    } finally {
      await events.close();
      await producer.close();
      redis.disconnect();
    }
    expect(await readdir(spoolDir)).toEqual([]);
    expect(existsSync(orphanPath)).toBe(false);
    expect(existsSync(keptPath)).toBe(true);
    const rows = await db.db
      .select({ name: media.originalFilename })
      .from(media)
      .where(eq(media.modelId, model.id));
    expect(rows.map((row) => row.name)).toEqual(['kept.jpg']);
  });
});

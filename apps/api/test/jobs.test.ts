import { createDb, eq, media } from '@phoenix4ge/db';
import { JobName, jobs, mediaProcessJobId, moderationCheckJobId, QueueName } from '@phoenix4ge/shared';
import { createRedis, JobProducer } from '@phoenix4ge/shared/node';
import { loadWorkerConfig } from '@phoenix4ge/worker/env';
import { createWorker } from '@phoenix4ge/worker/worker';
import { TRPCClientError } from '@trpc/client';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLogger } from './support/captured-log';
import {
  createModel,
  isolatedPrefix,
  signedInAdmin,
  signedInMember,
  startApi,
  testEnv,
  trpcClient,
  until,
} from './support/harness';
import { upload } from './support/uploads';

type Api = Awaited<ReturnType<typeof startApi>>;
type Client = ReturnType<typeof trpcClient>;

async function codeOf(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return error instanceof TRPCClientError ? (error.data?.code as string) : String(error);
  }
}

describe('job dashboard and the request id that travels into jobs', () => {
  const prefix = isolatedPrefix();
  let api: Api;
  let worker: ReturnType<typeof createWorker>;
  const workerLog = capturedLogger('debug');
  let db: ReturnType<typeof createDb>;
  let admin: Client;
  let editor: Client;
  let editorHeaders: Record<string, string>;
  let slug: string;
  let producer: JobProducer;
  let redis: ReturnType<typeof createRedis>;

  /** An uploaded, processed item (a new picture each time): its id, original's key and bytes, the upload's request id. */
  let pictures = 0;
  async function processedItem() {
    pictures += 1;
    const data = await sharp({
      create: {
        width: 48,
        height: 32,
        channels: 3,
        background: { r: pictures * 40, g: 90, b: 200 - pictures * 30 },
      },
    })
      .png()
      .toBuffer();
    const result = await upload(api.url, slug, [{ name: 'a.png', data }], { headers: editorHeaders });
    const outcome = result.body.files?.[0];
    if (outcome?.status !== 'created') throw new Error(`upload failed: ${JSON.stringify(result.body)}`);
    const id = outcome.id;
    const row = await until(
      () => db.db.query.media.findFirst({ where: eq(media.id, id) }),
      (item) => item?.processingStatus === 'ready',
      60_000,
    );
    return { id, storageKey: row?.storageKey ?? '', data, requestId: result.headers.get('x-request-id') };
  }

  /**
   * A media.process job that fails for good at once: the retry of a failed item (one already ready is skipped)
   * whose original is gone from storage.
   */
  async function failedJob() {
    const item = await processedItem();
    await db.db.update(media).set({ processingStatus: 'failed' }).where(eq(media.id, item.id));
    await api.services.storage.delete(item.storageKey);
    const job = jobs.mediaRetry(item.id, 0);
    const jobId = job.jobId ?? '';
    await producer.enqueue(JobName.MediaProcess, { mediaId: item.id, version: 0 }, { jobId, attempts: 1 });
    await until(
      () => admin.jobs.get.query({ queue: QueueName.Media, jobId }),
      (found) => found.state === 'failed',
      30_000,
    );
    return { ...item, jobId };
  }

  beforeAll(async () => {
    api = await startApi(prefix);
    worker = createWorker({ config: loadWorkerConfig(testEnv(prefix)), logger: workerLog.logger });
    await worker.start();
    db = createDb(api.config.database);
    slug = (await createModel(api)).slug;
    admin = (await signedInAdmin(api)).client;
    const member = await signedInMember(api, slug, 'editor');
    editorHeaders = member.headers;
    editor = trpcClient(api.url, { cookie: member.cookie });
    redis = createRedis(api.config.redis, 'command', 'jobs-test');
    producer = new JobProducer(redis, api.config.redis.keyPrefix);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await producer?.close();
    redis?.disconnect();
    await api?.stop();
    await db?.close();
  });

  it('is for admins only: an editor gets FORBIDDEN for reads and changes', async () => {
    expect(await codeOf(editor.jobs.queues.query())).toBe('FORBIDDEN');
    expect(await codeOf(editor.jobs.forMedia.query({ mediaId: 1 }))).toBe('FORBIDDEN');
    expect(await codeOf(editor.jobs.retryAll.mutate({ queue: QueueName.Media }))).toBe('FORBIDDEN');
    expect(await codeOf(editor.jobs.pause.mutate({ queue: QueueName.System }))).toBe('FORBIDDEN');
  });

  it('answers BAD_REQUEST for an unknown queue and NOT_FOUND for an unknown job', async () => {
    expect(await codeOf(admin.jobs.list.query({ queue: 'nope' as never, state: 'failed' }))).toBe(
      'BAD_REQUEST',
    );
    expect(await codeOf(admin.jobs.get.query({ queue: QueueName.Media, jobId: 'no-such-job' }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(admin.jobs.retry.mutate({ queue: QueueName.Media, jobId: 'no-such-job' }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(admin.jobs.promote.mutate({ queue: QueueName.System, jobId: 'no-such-job' }))).toBe(
      'NOT_FOUND',
    );
  });

  it("carries an upload's request id into its media.process job, the worker's log lines and the jobs after it", async () => {
    const item = await processedItem();
    expect(item.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // The row is ready inside the job; BullMQ marks the job completed a moment after it returns.
    const processJob = await until(
      () => admin.jobs.get.query({ queue: QueueName.Media, jobId: mediaProcessJobId(item.id, 0) }),
      (job) => job.state === 'completed',
      10_000,
    );
    expect(processJob.data.requestId).toBe(item.requestId);
    expect(processJob.requestId).toBe(item.requestId);
    expect(processJob.state).toBe('completed');
    expect(processJob.modelSlug).toBe(slug);
    const lines = workerLog.lines.filter((line) => line.requestId === item.requestId);
    expect(lines).toContainEqual(
      expect.objectContaining({
        jobName: 'media.process',
        jobId: mediaProcessJobId(item.id, 0),
        msg: 'job completed',
      }),
    );
    // The worker queued moderation through the outbox while running the job: the same request id.
    const moderation = await until(
      () => admin.jobs.get.query({ queue: QueueName.Moderation, jobId: moderationCheckJobId(item.id, 0, 1) }),
      () => true,
      10_000,
    );
    expect(moderation.requestId).toBe(item.requestId);
    // The media's panel lists both.
    const ofMedia = await admin.jobs.forMedia.query({ mediaId: item.id });
    expect(ofMedia.map((job) => job.id)).toEqual(
      expect.arrayContaining([mediaProcessJobId(item.id, 0), moderationCheckJobId(item.id, 0, 1)]),
    );
  }, 90_000);

  it('shows a failed job with its error and stack, and a retry runs it again to completion', async () => {
    const failed = await failedJob();
    const page = await admin.jobs.list.query({ queue: QueueName.Media, state: 'failed' });
    const row = page.items.find((job) => job.id === failed.jobId);
    expect(row?.failedReason).toMatch(/file is missing|ENOENT|no such file/i);
    expect(row?.mediaId).toBe(failed.id);
    const detail = await admin.jobs.get.query({ queue: QueueName.Media, jobId: failed.jobId });
    expect(detail.stacktrace.length).toBeGreaterThan(0);
    expect(detail.attemptsMade).toBe(1);
    expect((await admin.jobs.forMedia.query({ mediaId: failed.id })).map((job) => job.id)).toContain(
      failed.jobId,
    );

    await api.services.storage.put(failed.storageKey, failed.data);
    await admin.jobs.retry.mutate({ queue: QueueName.Media, jobId: failed.jobId });
    await until(
      () => admin.jobs.get.query({ queue: QueueName.Media, jobId: failed.jobId }),
      (job) => job.state === 'completed',
      30_000,
    );
    const item = await db.db.query.media.findFirst({ where: eq(media.id, failed.id) });
    expect(item?.processingStatus).toBe('ready');
    // Retrying a job that has not failed is a conflict, not a silent no-op.
    expect(await codeOf(admin.jobs.retry.mutate({ queue: QueueName.Media, jobId: failed.jobId }))).toBe(
      'CONFLICT',
    );
    const audit = await api.services.audit.list({ action: 'jobs.retry', limit: 10 });
    expect(audit.items.map((entry) => entry.targetId)).toContain(`media/${failed.jobId}`);
  }, 120_000);

  it('pauses a queue, retries all its failed jobs into waiting, and resumes it', async () => {
    const failed = await failedJob();
    await admin.jobs.pause.mutate({ queue: QueueName.Media });
    const paused = await admin.jobs.queues.query();
    expect(paused.queues.find((queue) => queue.name === QueueName.Media)?.paused).toBe(true);

    const { retried } = await admin.jobs.retryAll.mutate({ queue: QueueName.Media });
    expect(retried).toBeGreaterThanOrEqual(1);
    const waiting = await admin.jobs.list.query({ queue: QueueName.Media, state: 'waiting' });
    // Back in line with its attempts counted from zero.
    expect(waiting.items.find((job) => job.id === failed.jobId)).toMatchObject({
      state: 'waiting',
      attemptsMade: 0,
    });

    await api.services.storage.put(failed.storageKey, failed.data);
    await admin.jobs.resume.mutate({ queue: QueueName.Media });
    expect(
      (await admin.jobs.queues.query()).queues.find((queue) => queue.name === QueueName.Media)?.paused,
    ).toBe(false);
    await until(
      () => admin.jobs.get.query({ queue: QueueName.Media, jobId: failed.jobId }),
      (job) => job.state === 'completed',
      30_000,
    );
  }, 120_000);

  it('promotes a delayed job, counts it in the throughput, and cleans completed jobs', async () => {
    const job = await producer.enqueue(
      JobName.SystemPing,
      { requestedAt: Date.now() },
      { delay: 3600_000, jobId: `ping-delayed-${Date.now()}` },
    );
    const jobId = String(job.id);
    const delayed = await admin.jobs.list.query({ queue: QueueName.System, state: 'delayed' });
    expect(delayed.items.find((row) => row.id === jobId)?.dueAt).toBeGreaterThan(Date.now());
    expect(await codeOf(admin.jobs.retry.mutate({ queue: QueueName.System, jobId }))).toBe('CONFLICT');

    await admin.jobs.promote.mutate({ queue: QueueName.System, jobId });
    await until(
      () => admin.jobs.get.query({ queue: QueueName.System, jobId }),
      (found) => found.state === 'completed',
      30_000,
    );
    const snapshot = await until(
      () => admin.jobs.queues.query(),
      (s) =>
        (s.queues.find((queue) => queue.name === QueueName.System)?.throughput.completed.at(-1) ?? 0) > 0,
      10_000,
    );
    expect(
      snapshot.queues.find((queue) => queue.name === QueueName.System)?.throughput.completed,
    ).toHaveLength(60);

    const { removed } = await admin.jobs.clean.mutate({
      queue: QueueName.System,
      state: 'completed',
      olderThanMinutes: 0,
    });
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await codeOf(admin.jobs.get.query({ queue: QueueName.System, jobId }))).toBe('NOT_FOUND');
    const after = await admin.jobs.queues.query();
    expect(after.queues.find((queue) => queue.name === QueueName.System)?.counts.completed).toBe(0);
  }, 60_000);

  it('sends a live snapshot of every queue', async () => {
    const snapshot = await new Promise<{ queues: { name: string }[] }>((resolve, reject) => {
      const subscription = admin.jobs.onProgress.subscribe(undefined, {
        onData: (message) => {
          subscription.unsubscribe();
          resolve(message.data);
        },
        onError: reject,
      });
    });
    expect(snapshot.queues.map((queue) => queue.name)).toEqual(
      expect.arrayContaining([QueueName.Media, QueueName.System, QueueName.Maintenance]),
    );
  });
});

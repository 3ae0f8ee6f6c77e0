import {
  createModel,
  isolatedPrefix,
  signedInAdmin,
  signedInMember,
  startApi,
  startWorker,
  until,
} from '@phoenix4ge/api/testing';
import { createDb, eq, media } from '@phoenix4ge/db';
import { JobName, jobs, mediaProcessJobId, QueueName } from '@phoenix4ge/shared';
import { createRedis, JobProducer } from '@phoenix4ge/shared/node';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, upload } from '../../api/test/support/uploads';
import { launchChromium, screenshot, signedInContexts } from './browser';

type Api = Awaited<ReturnType<typeof startApi>>;

describe('job dashboard in Chromium', () => {
  // A key prefix of its own: the dashboard shows this file's queues only.
  const prefix = isolatedPrefix();
  let api: Api;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let browser: Browser;
  let db: ReturnType<typeof createDb>;
  let redis: ReturnType<typeof createRedis>;
  let producer: JobProducer;
  const open = signedInContexts(
    () => browser,
    () => api.url,
  );

  beforeAll(async () => {
    api = await startApi(prefix);
    worker = await startWorker(prefix);
    browser = await launchChromium();
    db = createDb(api.config.database);
    redis = createRedis(api.config.redis, 'command', 'jobs-e2e');
    producer = new JobProducer(redis, api.config.redis.keyPrefix);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await producer?.close();
    redis?.disconnect();
    await db?.close();
    await api?.stop();
  });

  it('shows a failed job with its error, retries it, and sees it complete live', async () => {
    const { cookie, client } = await signedInAdmin(api);
    const slug = (await createModel(api)).slug;
    const data = fixture('basn6a16.png');
    const { body } = await upload(api.url, slug, [{ name: 'cause.png', data, type: 'image/png' }], {
      headers: { cookie },
    });
    const outcome = body.files?.[0];
    if (outcome?.status !== 'created') throw new Error(`upload failed: ${JSON.stringify(body)}`);
    const mediaId = outcome.media.id;
    await until(
      () => client.jobs.get.query({ queue: QueueName.Media, jobId: mediaProcessJobId(mediaId, 0) }),
      (job) => job.state === 'completed',
      60_000,
    );

    // A genuine failure: the item failed (a retry is only queued for a failed item; one already ready is skipped),
    // its original is gone from storage, and the job has one attempt only.
    const row = await db.db.query.media.findFirst({ where: eq(media.id, mediaId) });
    if (!row) throw new Error('media row missing');
    await db.db.update(media).set({ processingStatus: 'failed' }).where(eq(media.id, mediaId));
    await api.services.storage.delete(row.storageKey);
    const jobId = jobs.mediaRetry(mediaId, 0).jobId ?? '';
    await producer.enqueue(JobName.MediaProcess, { mediaId, version: 0 }, { jobId, attempts: 1 });
    await until(
      () => client.jobs.get.query({ queue: QueueName.Media, jobId }),
      (job) => job.state === 'failed',
      30_000,
    );

    const { page, context } = await open(cookie);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${api.url}/`);
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('nav-jobs').click();
    await page.getByTestId('jobs-page').waitFor();
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 15_000 });

    const mediaQueue = page.locator('[data-testid="job-queue"][data-queue="media"]');
    await expect.poll(() => mediaQueue.getByTestId('count-failed').textContent()).toBe('1');
    await mediaQueue.getByTestId('count-failed').click();
    const row$ = page.locator(`[data-testid="job-row"][data-job-id="${jobId}"]`);
    await row$.waitFor();
    await expect.poll(() => row$.textContent()).toMatch(/file is missing|ENOENT|no such file/i);
    expect(await row$.getByRole('link').getAttribute('href')).toBe(`/m/${slug}/library?media=${mediaId}`);

    await row$.getByRole('button', { name: jobId }).click();
    const panel = page.getByTestId('job-panel');
    await panel.locator('[data-testid="job-state"][data-state="failed"]').waitFor();
    await expect
      .poll(() => panel.getByTestId('job-error').textContent())
      .toMatch(/file is missing|ENOENT|no such file/i);
    expect(await panel.getByTestId('job-stack').textContent()).toMatch(/at /);
    expect(await panel.getByTestId('job-payload').textContent()).toContain(String(mediaId));
    await screenshot(page, 'jobs-failed');

    // The cause goes away; Retry; the job completes without a reload.
    await api.services.storage.put(row.storageKey, data);
    await panel.getByTestId('job-retry').click();
    await panel.locator('[data-testid="job-state"][data-state="completed"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => mediaQueue.getByTestId('count-failed').textContent()).toBe('0');
    expect(await panel.getByTestId('job-result').textContent()).toContain('ready');
    await screenshot(page, 'jobs-completed');

    // The media's detail panel lists its jobs.
    await panel.getByTestId('job-media-link').click();
    const detailJob = page.locator(
      `[data-testid="detail-jobs"] [data-testid="detail-job"][data-job-id="${jobId}"]`,
    );
    await detailJob.locator('[data-testid="job-state"][data-state="completed"]').waitFor({ timeout: 15_000 });
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 180_000);

  it('tells an editor the page is for administrators', async () => {
    const slug = (await createModel(api)).slug;
    const { cookie } = await signedInMember(api, slug, 'editor');
    const { page, context } = await open(cookie);
    await page.goto(`${api.url}/jobs`);
    await page.getByTestId('admin-only').waitFor();
    expect(await page.getByTestId('job-queues').count()).toBe(0);
    await context.close();
  });
});

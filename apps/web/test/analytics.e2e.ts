import { readFileSync } from 'node:fs';
import {
  createModel,
  signedInAdmin,
  signedInMember,
  startApi,
  startWorker,
  trpcClient,
  until,
} from '@phoenix4ge/api/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsFlushJobs } from '../../api/test/support/analytics-flush';
import { fixture, upload } from '../../api/test/support/uploads';
import { launchChromium, screenshot, signedInContexts } from './browser';

type Api = Awaited<ReturnType<typeof startApi>>;
type Client = ReturnType<typeof trpcClient>;

/** A browser's user agent (bots are not counted); `who` makes a different visitor. */
const visitor = (who: string) =>
  `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36 ${who}`;

/** Uploads a fixture photo as the editor, waits until it is processed, returns its id. */
async function readyPhoto(api: Api, client: Client, slug: string, cookie: string, name: string) {
  const { body } = await upload(api.url, slug, [{ name, data: fixture(name), type: 'image/jpeg' }], {
    headers: { cookie },
  });
  const outcome = body.files?.[0];
  if (outcome?.status !== 'created') throw new Error(`upload of ${name} failed: ${JSON.stringify(body)}`);
  await until(
    () => client.media.byId.query({ modelSlug: slug, id: outcome.media.id }),
    (media) => media.processingStatus === 'ready',
    60_000,
  );
  return outcome.media.id;
}

const text = async (locator: Locator) => (await locator.textContent())?.trim();

/** Whether the canvas has drawn anything (a blank canvas is all transparent). */
const drawn = (canvas: Locator) =>
  canvas.evaluate((element: HTMLCanvasElement) => {
    const context = element.getContext('2d');
    if (!context || element.width === 0) return false;
    return context.getImageData(0, 0, element.width, element.height).data.some((value) => value !== 0);
  });

/**
 * The SPA's analytics in Chromium against the real api and worker: two approved photos are seen on the public
 * events endpoint and one downloaded as a visitor would, the worker flushes the counts, and the model's page
 * shows them (totals, chart, top photos, categories, CSV), the detail panel its sparkline, and admins every
 * model.
 */
describe('analytics in the browser', () => {
  let api: Api;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let flush: ReturnType<typeof analyticsFlushJobs>;
  let browser: Browser;
  let slug: string;
  let quietSlug: string;
  let editorCookie: string;
  let adminCookie: string;
  let landscape: number;
  let portrait: number;

  const contextFor = signedInContexts(
    () => browser,
    () => api.url,
  );

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker({ MODERATION_PROVIDER: 'manual' });
    flush = analyticsFlushJobs(api.config.redis);
    browser = await launchChromium();
    slug = (await createModel(api)).slug;
    quietSlug = (await createModel(api)).slug;
    adminCookie = (await signedInAdmin(api)).cookie;
    const editor = await signedInMember(api, slug, 'editor');
    editorCookie = editor.cookie;
    const client = trpcClient(api.url, { cookie: editorCookie });
    landscape = await readyPhoto(api, client, slug, editorCookie, 'Landscape_1.jpg');
    portrait = await readyPhoto(api, client, slug, editorCookie, 'Portrait_1.jpg');
    const category = await client.categories.create.mutate({ modelSlug: slug, name: 'Editorial' });
    const item = await client.media.byId.query({ modelSlug: slug, id: landscape });
    await client.media.update.mutate({
      modelSlug: slug,
      id: landscape,
      revision: item.revision,
      categoryId: category.id,
    });
    await client.moderation.decide.mutate({
      modelSlug: slug,
      ids: [landscape, portrait],
      decision: 'approve',
    });

    // What the portfolio page does: view beacons (two visitors see the landscape, one the portrait) and a
    // download through the public route.
    const views = async (who: string, ids: number[]) => {
      const response = await fetch(`${api.url}/api/public/${slug}/events`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': visitor(who) },
        body: JSON.stringify({ events: ids.map((mediaId) => ({ type: 'view', mediaId })) }),
      });
      expect(response.status).toBe(202);
    };
    await views('ann', [landscape, portrait]);
    await views('bob', [landscape]);
    const download = await fetch(`${api.url}/api/public/${slug}/media/${landscape}/download`, {
      headers: { 'user-agent': visitor('ann') },
    });
    expect(download.status).toBe(200);
    await download.arrayBuffer();
    await flush.run();
  }, 180_000);
  afterAll(async () => {
    await flush?.close();
    await browser?.close();
    await worker?.stop();
    await api?.stop();
  });

  it('shows a model its totals, chart, top photos, categories and a CSV export', async () => {
    const { context, page } = await contextFor(editorCookie);
    await page.goto(`${api.url}/m/${slug}/library`);
    await page.getByTestId('nav-analytics').click();
    await page.waitForURL(`**/m/${slug}/analytics`);

    expect(await text(page.getByTestId('analytics-views-total'))).toBe('3');
    expect(await text(page.getByTestId('analytics-downloads-total'))).toBe('1');
    expect(await text(page.getByTestId('analytics-edits-total'))).toBe('0');

    // The chart: 30 days, today with the counts, drawn on its canvas.
    const chart = page.getByTestId('analytics-chart');
    expect(await chart.getAttribute('data-days')).toBe('30');
    const today = new Date().toISOString().slice(0, 10);
    const todayRow = page.getByTestId('analytics-chart-data').locator(`tr[data-day="${today}"] td`);
    expect(await todayRow.allTextContents()).toEqual(['3', '1']);
    const canvas = chart.locator('canvas');
    await expect.poll(() => drawn(canvas)).toBe(true);

    // Top photos: the downloaded landscape first (2 views + 5 × 1 download), each a link into the library.
    const top = page.getByTestId('analytics-top-item');
    expect(await top.count()).toBe(2);
    expect(await top.first().getAttribute('data-media-id')).toBe(String(landscape));
    expect(await text(top.first().getByTestId('analytics-top-views'))).toBe('2');
    expect(await text(top.first().getByTestId('analytics-top-downloads'))).toBe('1');
    expect(await text(top.first().getByTestId('analytics-top-score'))).toBe('7');
    expect(await top.first().locator('img').getAttribute('src')).toMatch(/\.webp$/);
    expect(await top.nth(1).getAttribute('data-media-id')).toBe(String(portrait));

    const categories = page.getByTestId('analytics-category');
    expect(await categories.allTextContents()).toEqual(['Editorial210', 'Uncategorised100']);
    await screenshot(page, 'analytics-model');

    // The range is in the URL; the counts of today are in every range.
    await page.getByTestId('analytics-range').locator('[data-days="7"]').click();
    await page.waitForURL(/days=7/);
    await chart.and(page.locator('[data-days="7"]')).waitFor();
    expect(await text(page.getByTestId('analytics-views-total'))).toBe('3');

    // Dark mode redraws the chart in the dark theme's colours.
    const before = await canvas.evaluate((element: HTMLCanvasElement) => element.toDataURL());
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('theme-dark').click();
    await expect
      .poll(() => canvas.evaluate((element: HTMLCanvasElement) => element.toDataURL()))
      .not.toBe(before);
    await screenshot(page, 'analytics-model-dark');

    // CSV export: a file named after the model and the days, with the photo's id and counts.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('analytics-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^${slug}-analytics-\\d{4}-\\d{2}-\\d{2}-${today}\\.csv$`),
    );
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('"day","media_id","filename","views","downloads","edits"');
    expect(csv).toContain(`"${today}","${landscape}","Landscape_1.jpg","2","1","0"`);
    expect(csv).toContain(`"${today}","${portrait}","Portrait_1.jpg","1","0","0"`);

    // A top photo opens in the library's detail panel, with its sparkline and all-time totals.
    await top.first().locator('a').click();
    await page.waitForURL(new RegExp(`/m/${slug}/library\\?media=${landscape}`));
    const detail = page.getByTestId('media-detail');
    expect(await detail.getAttribute('data-media-id')).toBe(String(landscape));
    const sparkline = detail.getByTestId('detail-sparkline');
    await sparkline.waitFor();
    const values = (await sparkline.getAttribute('data-values'))?.split(',').map(Number) ?? [];
    expect(values).toHaveLength(30);
    expect(values.at(-1)).toBe(2);
    expect(await sparkline.locator('polyline').getAttribute('points')).toMatch(/^0,\d/);
    expect(await text(detail.getByTestId('detail-analytics-views'))).toBe('2');
    expect(await text(detail.getByTestId('detail-analytics-downloads'))).toBe('1');
    expect(await text(detail.getByTestId('detail-analytics-edits'))).toBe('0');
    expect(await text(detail.getByTestId('detail-analytics-score'))).toBe('7');
    expect(await text(detail.getByTestId('detail-analytics-last-viewed'))).not.toBe('never');
    await screenshot(page, 'analytics-detail', { fullPage: false });
    // Closing the panel drops the item from the URL.
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    expect(new URL(page.url()).searchParams.has('media')).toBe(false);
    await context.close();
  });

  it('says how views arrive when there are none, and shows loading and errors', async () => {
    const admin = await contextFor(adminCookie);
    const page: Page = admin.page;
    // The first answer is held (loading), then fails (error), then the retry gets through.
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let failures = 0;
    await page.route(
      (url) => url.pathname.startsWith('/trpc/') && url.pathname.includes('analytics.overview'),
      async (route) => {
        if (failures >= 2) return route.continue();
        if (failures === 0) await held;
        failures += 1;
        await route.fulfill({ status: 500, contentType: 'text/plain', body: 'down' });
      },
    );
    await page.goto(`${api.url}/m/${quietSlug}/analytics`);
    await page.getByText('Loading the analytics…').waitFor();
    release?.();
    const error = page.getByTestId('analytics-error');
    await error.waitFor();
    await error.getByRole('button', { name: 'Try again' }).click();
    const empty = page.getByTestId('analytics-empty');
    await empty.waitFor();
    expect(await text(empty)).toContain(
      `No views yet — the portfolio page at /portfolio/${quietSlug} reports them`,
    );
    expect(await empty.getByRole('link').getAttribute('href')).toBe(`/portfolio/${quietSlug}`);
    expect(await text(page.getByTestId('analytics-views-total'))).toBe('0');
    await page.getByTestId('analytics-top-empty').waitFor();
    await admin.context.close();
  });

  it('lists every model for admins, and no admin page for members', async () => {
    const admin = await contextFor(adminCookie);
    await admin.page.goto(`${api.url}/`);
    await admin.page.getByTestId('nav-admin').click();
    await admin.page.getByTestId('nav-analytics-all').click();
    const row = admin.page.locator(`[data-testid="analytics-model-row"][data-slug="${slug}"]`);
    await row.waitFor();
    expect(await text(row.getByTestId('analytics-model-views'))).toBe('3');
    expect(await text(row.getByTestId('analytics-model-downloads'))).toBe('1');
    const quiet = admin.page.locator(`[data-testid="analytics-model-row"][data-slug="${quietSlug}"]`);
    expect(await text(quiet.getByTestId('analytics-model-views'))).toBe('0');
    await screenshot(admin.page, 'analytics-models');
    await row.getByRole('link').click();
    await admin.page.waitForURL(`**/m/${slug}/analytics`);
    expect(await text(admin.page.getByTestId('analytics-views-total'))).toBe('3');
    await admin.context.close();

    const member = await contextFor(editorCookie);
    await member.page.goto(`${api.url}/analytics`);
    await member.page.getByTestId('admin-only').waitFor();
    expect(await member.page.getByTestId('analytics-models-table').count()).toBe(0);
    expect(await member.page.getByTestId('nav-analytics-all').count()).toBe(0);
    await member.context.close();
  });
});

import { createModel, modelRow, signedInAdmin, startApi } from '@phoenix4ge/api/testing';
import { createPool } from '@phoenix4ge/db/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInContexts } from './browser';
import { seedMedia } from './library-seed';

const day = 86_400_000;

/** The `datetime-local` value of a date, in the browser's (and this process's) time zone. */
function localInput(date: Date) {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The ids of the public-order dialog's photos, in their order. */
const orderShown = (page: Page) =>
  page
    .getByTestId('public-order-item')
    .evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-media-id'))));

/**
 * Publication in the admin, in Chromium against the real api: a window set in the detail panel shows as the item's
 * state (and on its card), a category's public order is arranged by dragging and by keyboard and stays after a
 * reload, and a model whose consent ends in 10 days shows a warning on its pages and in the models list.
 */
describe('publication in the browser', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let browser: Browser;
  let adminCookie: string;

  const contextFor = signedInContexts(
    () => browser,
    () => api.url,
  );

  /** A model with these approved photos, published (as an approval makes them), in one category. */
  async function publishedModel(names: string[]) {
    const created = await createModel(api);
    const model = await modelRow(api, created.slug);
    const category = await api.services.categories.create(model, { name: 'Portfolio', color: '#6f42c1' });
    const ids = await seedMedia(
      api.config.database,
      model.id,
      names.map((name) => ({ name, categoryId: category.id })),
    );
    const pool = createPool(api.config.database, { connectionLimit: 1 });
    try {
      await pool.query('UPDATE model_media_library SET public_version = 0 WHERE model_id = ?', [model.id]);
    } finally {
      await pool.end();
    }
    return { slug: created.slug, model, category, ids };
  }

  beforeAll(async () => {
    api = await startApi();
    browser = await launchChromium();
    adminCookie = (await signedInAdmin(api)).cookie;
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('sets a window in the detail panel and shows the state on the panel and the card', async () => {
    const { slug, ids } = await publishedModel(['Window_1.jpg', 'Window_2.jpg']);
    const id = ids[0] ?? 0;
    const { context, page } = await contextFor(adminCookie);
    await page.goto(`${api.url}/m/${slug}/library`);
    const card = page.locator(`[data-testid="media-card"][data-media-id="${id}"]`);
    await card.click();
    const detail = page.getByTestId('media-detail');
    const state = detail.getByTestId('publication-state');
    await expect.poll(() => state.getAttribute('data-state')).toBe('live');
    expect(await card.getByTestId('media-publication').count()).toBe(0);

    // Opens tomorrow: scheduled, on the panel and on the card.
    await detail.getByTestId('publish-from').fill(localInput(new Date(Date.now() + day)));
    await detail.getByTestId('publish-window-save').click();
    await expect.poll(() => state.getAttribute('data-state')).toBe('scheduled');
    expect(await detail.getByTestId('publication-reason').textContent()).toMatch(/^Goes live /);
    await expect
      .poll(() => card.getByTestId('media-publication').getAttribute('data-state'))
      .toBe('scheduled');

    // An end before the start is refused, and nothing changes.
    await detail.getByTestId('publish-until').fill(localInput(new Date(Date.now() + day / 2)));
    await detail.getByTestId('publish-window-save').click();
    await detail.getByRole('alert').filter({ hasText: 'after its start' }).waitFor();
    expect(await state.getAttribute('data-state')).toBe('scheduled');

    // Ended an hour ago, no start: expired.
    await detail.getByTestId('publish-from-clear').click();
    await detail.getByTestId('publish-until').fill(localInput(new Date(Date.now() - 3_600_000)));
    await detail.getByTestId('publish-window-save').click();
    await expect.poll(() => state.getAttribute('data-state')).toBe('expired');
    await expect.poll(() => card.getByTestId('media-publication').getAttribute('data-state')).toBe('expired');
    await screenshot(page, 'publication-window', { fullPage: false });

    // After a reload the item still says so.
    await page.reload();
    await expect
      .poll(() => card.getByTestId('media-publication').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('expired');
    await context.close();
  });

  it('arranges a category by dragging and by keyboard, and the order stays after a reload', async () => {
    const { slug, category, ids } = await publishedModel([
      'Order_A.jpg',
      'Order_B.jpg',
      'Order_C.jpg',
      'Order_D.jpg',
    ]);
    const [a, b, c, d] = ids as [number, number, number, number];
    const { context, page } = await contextFor(adminCookie);
    await page.goto(`${api.url}/m/${slug}/library?category=${category.id}`);
    await page.getByTestId('public-order-open').click();
    const dialog = page.getByTestId('public-order');
    // Newest first until arranged.
    await expect.poll(() => orderShown(page)).toEqual([d, c, b, a]);

    // Drag the oldest onto the newest: it takes its place.
    const item = (id: number) => dialog.locator(`[data-testid="public-order-item"][data-media-id="${id}"]`);
    await item(a).dragTo(item(d));
    await expect.poll(() => orderShown(page)).toEqual([a, d, c, b]);

    // Keyboard: focus one and Alt+→ moves it one place later; Alt+← back by two from there.
    await item(d).focus();
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => orderShown(page)).toEqual([a, c, d, b]);
    await expect.poll(() => item(d).evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Alt+ArrowLeft');
    await expect.poll(() => orderShown(page)).toEqual([a, d, c, b]);
    await expect.poll(() => item(d).evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Saved: after a reload the dialog shows the order the moves left.
    const expected = [a, d, c, b];
    await page.reload();
    await page.getByTestId('public-order-open').click();
    await expect.poll(() => orderShown(page)).toEqual(expected);
    await screenshot(page, 'publication-order', { fullPage: false });
    await context.close();
  });

  it('warns on the model pages and in the models list when consent ends within 14 days', async () => {
    const { slug, model } = await publishedModel(['Consent.jpg']);
    await api.services.models.setConsent(model, new Date(Date.now() + 10 * day));
    const { context, page } = await contextFor(adminCookie);
    await page.goto(`${api.url}/m/${slug}/library`);
    const banner = page.getByTestId('consent-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-state')).toBe('expiring');
    expect(await banner.textContent()).toContain('10 days');

    await page.goto(`${api.url}/models`);
    const row = page.locator(`[data-testid="model-row"][data-slug="${slug}"]`);
    expect(await row.getByTestId('consent-badge').getAttribute('data-state')).toBe('expiring');

    // Ended: the settings card says so (and offers to change it).
    await page.goto(`${api.url}/m/${slug}/settings`);
    await page.getByTestId('consent-expires').fill(new Date(Date.now() - day).toISOString().slice(0, 10));
    await page.getByTestId('consent-save').click();
    await expect
      .poll(() => page.getByTestId('consent-banner').first().getAttribute('data-state'))
      .toBe('expired');
    await context.close();
  });
});

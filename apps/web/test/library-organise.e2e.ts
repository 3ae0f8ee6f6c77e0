import { createModel, modelRow, signedInAdmin, startApi } from '@phoenix4ge/api/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInContexts } from './browser';
import type { SeedRow } from './library-seed';
import { seedMedia } from './library-seed';

const cards = (page: Page) => page.getByTestId('media-card');
const names = (page: Page) => page.getByTestId('media-name').allTextContents();
const search = (page: Page) => new URL(page.url()).searchParams;

/**
 * The library as an editor's everyday tool, in Chromium against the real api: a view lives in the URL (search,
 * filters; Back restores the last one), Shift-click ranges and a bulk move, "select all matching" into the trash
 * and back, and a virtualised grid that keeps the DOM small over ten thousand items.
 */
describe('organising the library in the browser', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let browser: Browser;
  let adminCookie: string;

  const contextFor = signedInContexts(
    () => browser,
    () => api.url,
  );

  /** A model with these rows, and its slug and row. */
  async function modelWith(rows: readonly SeedRow[]) {
    const created = await createModel(api);
    const model = await modelRow(api, created.slug);
    const ids = await seedMedia(api.config.database, model.id, rows);
    return { slug: created.slug, model, ids };
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

  it('keeps search and filters in the URL, and Back restores the previous filter', async () => {
    const rows: SeedRow[] = [];
    for (let n = 1; n <= 6; n += 1) {
      rows.push({ name: `Portrait_${n}.jpg`, moderation: n % 2 === 0 ? 'approved' : 'pending', width: 800, height: 1200 });
      rows.push({ name: `Landscape_${n}.jpg`, moderation: n % 3 === 0 ? 'approved' : 'rejected' });
    }
    const { slug } = await modelWith(rows);
    const { context, page } = await contextFor(adminCookie);

    // A shared link opens the view it names.
    await page.goto(`${api.url}/m/${slug}/library?q=portr`);
    await expect.poll(async () => (await names(page)).sort()).toEqual(
      ['Portrait_1.jpg', 'Portrait_2.jpg', 'Portrait_3.jpg', 'Portrait_4.jpg', 'Portrait_5.jpg', 'Portrait_6.jpg'],
    );
    expect(await page.getByTestId('library-search').inputValue()).toBe('portr');
    await page.getByTestId('matching-count').filter({ hasText: '6 items' }).waitFor();

    // A status from the sidebar narrows it, with its count, and is a new URL.
    const approved = page.getByTestId('sidebar-status-approved');
    await approved.getByTestId('sidebar-count').filter({ hasText: '3' }).waitFor();
    await approved.click();
    await expect.poll(() => search(page).get('status')).toBe('approved');
    await expect.poll(async () => (await names(page)).sort()).toEqual(['Portrait_2.jpg', 'Portrait_4.jpg', 'Portrait_6.jpg']);
    await page.getByTestId('filter-chip').and(page.locator('[data-filter="moderation-approved"]')).waitFor();

    // Typing searches after a pause, keeping the status filter.
    const box = page.getByTestId('library-search');
    await box.fill('landsc');
    await expect.poll(() => search(page).get('q')).toBe('landsc');
    expect(search(page).get('status')).toBe('approved');
    await expect.poll(async () => (await names(page)).sort()).toEqual(['Landscape_3.jpg', 'Landscape_6.jpg']);
    await screenshot(page, 'library-filtered');

    // Back: the previous search and filter, in the box and the grid.
    await page.goBack();
    await expect.poll(() => search(page).get('q')).toBe('portr');
    expect(search(page).get('status')).toBe('approved');
    await expect.poll(() => box.inputValue()).toBe('portr');
    await expect.poll(async () => (await names(page)).sort()).toEqual(['Portrait_2.jpg', 'Portrait_4.jpg', 'Portrait_6.jpg']);
    // Back again: no status filter; Forward returns to it.
    await page.goBack();
    await expect.poll(() => search(page).get('status')).toBeNull();
    await expect.poll(async () => (await names(page)).length).toBe(6);
    await page.goForward();
    await expect.poll(async () => (await names(page)).length).toBe(3);

    // The sort is part of the view too.
    await page.getByTestId('sort-menu').click();
    await page.getByTestId('sort-filename').click();
    await expect.poll(() => search(page).get('sort')).toBe('filename');
    await expect.poll(() => names(page)).toEqual(['Portrait_2.jpg', 'Portrait_4.jpg', 'Portrait_6.jpg']);
    await page.getByTestId('sort-menu').click();
    await page.getByTestId('sort-direction-desc').click();
    await expect.poll(() => names(page)).toEqual(['Portrait_6.jpg', 'Portrait_4.jpg', 'Portrait_2.jpg']);

    // Nothing matching says so, with a way out.
    await box.fill('nothing-like-this');
    await page.getByTestId('media-no-match').waitFor();
    await page.getByTestId('clear-filters-empty').click();
    await expect.poll(async () => (await cards(page).count())).toBe(12);
    await context.close();
  });
});

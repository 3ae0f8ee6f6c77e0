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
      rows.push({
        name: `Portrait_${n}.jpg`,
        moderation: n % 2 === 0 ? 'approved' : 'pending',
        width: 800,
        height: 1200,
      });
      rows.push({ name: `Landscape_${n}.jpg`, moderation: n % 3 === 0 ? 'approved' : 'rejected' });
    }
    const { slug } = await modelWith(rows);
    const { context, page } = await contextFor(adminCookie);

    // A shared link opens the view it names.
    await page.goto(`${api.url}/m/${slug}/library?q=portr`);
    await expect
      .poll(async () => (await names(page)).sort())
      .toEqual([
        'Portrait_1.jpg',
        'Portrait_2.jpg',
        'Portrait_3.jpg',
        'Portrait_4.jpg',
        'Portrait_5.jpg',
        'Portrait_6.jpg',
      ]);
    expect(await page.getByTestId('library-search').inputValue()).toBe('portr');
    await page.getByTestId('matching-count').filter({ hasText: '6 items' }).waitFor();

    // A status from the sidebar narrows it, with its count, and is a new URL.
    const approved = page.getByTestId('sidebar-status-approved');
    await approved.getByTestId('sidebar-count').filter({ hasText: '3' }).waitFor();
    await approved.click();
    await expect.poll(() => search(page).get('status')).toBe('approved');
    await expect
      .poll(async () => (await names(page)).sort())
      .toEqual(['Portrait_2.jpg', 'Portrait_4.jpg', 'Portrait_6.jpg']);
    await page.getByTestId('filter-chip').and(page.locator('[data-filter="moderation-approved"]')).waitFor();

    // Typing searches after a pause, keeping the status filter.
    const box = page.getByTestId('library-search');
    await box.fill('landsc');
    await expect.poll(() => search(page).get('q')).toBe('landsc');
    expect(search(page).get('status')).toBe('approved');
    await expect.poll(async () => (await names(page)).sort()).toEqual(['Landscape_3.jpg', 'Landscape_6.jpg']);
    // The page never blanks out while a view loads: the box kept the keyboard.
    expect(await box.evaluate((input) => input === document.activeElement)).toBe(true);
    await screenshot(page, 'library-filtered', { fullPage: false });

    // Back: the previous search and filter, in the box and the grid.
    await page.goBack();
    await expect.poll(() => search(page).get('q')).toBe('portr');
    expect(search(page).get('status')).toBe('approved');
    await expect.poll(() => box.inputValue()).toBe('portr');
    await expect
      .poll(async () => (await names(page)).sort())
      .toEqual(['Portrait_2.jpg', 'Portrait_4.jpg', 'Portrait_6.jpg']);
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

    // Every filter in one panel, with the statuses' counts.
    await page.getByTestId('filter-menu').click();
    await page.getByTestId('filter-panel').waitFor();
    await page.getByTestId('filter-moderation-approved').and(page.locator(':checked')).waitFor();
    await screenshot(page, 'library-filter-panel', { fullPage: false });
    await page.keyboard.press('Escape');
    await page.getByTestId('filter-panel').waitFor({ state: 'hidden' });

    // Nothing matching says so, with a way out.
    await box.fill('nothing-like-this');
    await page.getByTestId('media-no-match').waitFor();
    await page.getByTestId('clear-filters-empty').click();
    await expect.poll(async () => await cards(page).count()).toBe(12);
    await context.close();
  });

  it('selects a range with Shift-click and moves it to a category, from the bar and by dropping', async () => {
    const rows = Array.from({ length: 12 }, (_, index) => ({
      name: `shot-${String(index + 1).padStart(2, '0')}.jpg`,
    }));
    const { slug, model } = await modelWith(rows);
    const portfolio = await api.services.categories.create(model, { name: 'Portfolio', color: '#d63384' });
    const editorial = await api.services.categories.create(model, { name: 'Editorial', color: '#198754' });
    const { context, page } = await contextFor(adminCookie);
    await page.goto(`${api.url}/m/${slug}/library?sort=filename&dir=asc`);
    await cards(page).nth(11).waitFor();
    const card = (name: string) => cards(page).filter({ hasText: name });

    // Tick one, Shift-click four further on: five in a row; Ctrl-click takes one back out.
    await card('shot-02.jpg').getByTestId('media-select').click();
    await card('shot-06.jpg').click({ modifiers: ['Shift'] });
    const selectedNames = () =>
      page
        .locator('[data-testid="media-card"][data-selected="true"] [data-testid="media-name"]')
        .allTextContents();
    await expect
      .poll(selectedNames)
      .toEqual(['shot-02.jpg', 'shot-03.jpg', 'shot-04.jpg', 'shot-05.jpg', 'shot-06.jpg']);
    await card('shot-04.jpg').click({ modifiers: ['Control'] });
    await card('shot-04.jpg').click({ modifiers: ['Control'] });
    // The bar says how many an action touches, as the api counts them.
    const count = page.getByTestId('selection-count');
    await expect.poll(() => count.getAttribute('data-count')).toBe('5');
    expect(await count.textContent()).toContain('5 items selected');
    await screenshot(page, 'library-selection', { fullPage: false });

    await page.getByTestId('bulk-move').click();
    await page.getByTestId('bulk-move-menu').getByText('Move 5 items to').waitFor();
    await screenshot(page, 'library-move-menu', { fullPage: false });
    await page.locator(`[data-testid="bulk-move-category"][data-category-id="${portfolio.id}"]`).click();
    await page.getByTestId('toast').filter({ hasText: 'Moved to Portfolio: 5 items' }).waitFor();
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
    const portfolioLink = page.locator(`[data-testid="category-link"][data-category-id="${portfolio.id}"]`);
    await portfolioLink.getByTestId('category-count').filter({ hasText: '5' }).waitFor();
    // The cards show their category's colour.
    await expect.poll(() => card('shot-03.jpg').getByTestId('media-category-dot').count()).toBe(1);

    // A card dragged onto a category moves there.
    const editorialLink = page.locator(`[data-testid="category-link"][data-category-id="${editorial.id}"]`);
    await card('shot-10.jpg').dragTo(editorialLink);
    await page.getByTestId('toast').filter({ hasText: 'Moved to Editorial: 1 item' }).waitFor();
    await editorialLink.getByTestId('category-count').filter({ hasText: '1' }).waitFor();

    // The category as a filter shows just those.
    await portfolioLink.click();
    await expect.poll(() => search(page).get('category')).toBe(String(portfolio.id));
    await expect
      .poll(() => names(page))
      .toEqual(['shot-02.jpg', 'shot-03.jpg', 'shot-04.jpg', 'shot-05.jpg', 'shot-06.jpg']);
    await context.close();
  });

  it('selects everything matching (not only what is loaded), trashes it, and restores it from the trash', async () => {
    const rows: SeedRow[] = Array.from({ length: 250 }, (_, index) => ({
      name: `batch-${String(index + 1).padStart(3, '0')}.jpg`,
      moderation: 'rejected',
    }));
    rows.push({ name: 'keeper.jpg', moderation: 'approved' });
    const { slug } = await modelWith(rows);
    const { context, page } = await contextFor(adminCookie);
    await page.goto(`${api.url}/m/${slug}/library?status=rejected`);
    await cards(page).first().waitFor();
    await page.getByTestId('matching-count').filter({ hasText: '250 items' }).waitFor();
    // What the bulk request names: the filter and the exceptions, never the loaded ids.
    const bulkBodies: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('media.bulk')) bulkBodies.push(request.postData() ?? '');
    });

    await page.getByTestId('select-all').click();
    const count = page.getByTestId('selection-count');
    await expect.poll(() => count.getAttribute('data-count')).toBe('250');
    // Untick one: everything matching except it.
    const spared = cards(page).first();
    const sparedName = await spared.getByTestId('media-name').textContent();
    await spared.click();
    await expect.poll(() => count.getAttribute('data-count')).toBe('249');

    await page.getByTestId('bulk-trash').click();
    const confirm = page.getByTestId('bulk-confirm');
    await confirm
      .getByTestId('bulk-confirm-text')
      .filter({ hasText: '249 items will leave the library' })
      .waitFor();
    await screenshot(page, 'library-trash-confirm', { fullPage: false });
    await confirm.getByTestId('bulk-confirm-button').click();
    await confirm.waitFor({ state: 'detached' });
    expect(bulkBodies).toHaveLength(1);
    const sent = JSON.parse(bulkBodies[0] ?? '{}') as { 0: { json: { selection: Record<string, unknown> } } };
    expect(sent[0].json.selection).toMatchObject({ filter: { moderation: ['rejected'], trash: false } });
    expect(sent[0].json.selection).not.toHaveProperty('ids');
    expect(sent[0].json.selection.except).toHaveLength(1);
    await page.getByTestId('matching-count').filter({ hasText: '1 item' }).waitFor();
    await expect.poll(() => names(page)).toEqual([sparedName]);

    // The trash holds them; select all there and restore.
    await page.getByTestId('sidebar-trash').click();
    await expect.poll(() => search(page).get('trash')).toBe('1');
    await page.getByTestId('matching-count').filter({ hasText: '249 items' }).waitFor();
    await screenshot(page, 'library-trash', { fullPage: false });
    await page.getByTestId('select-all').click();
    await expect.poll(() => count.getAttribute('data-count')).toBe('249');
    await page.getByTestId('bulk-restore').click();
    await page.getByTestId('toast').filter({ hasText: 'Restored: 249 items' }).waitFor();
    await page.getByTestId('trash-empty').waitFor();

    // Back in the library: all 251 (the 250 and the one kept out of the filter).
    await page.getByTestId('sidebar-all').click();
    await page.getByTestId('matching-count').filter({ hasText: '251 items' }).waitFor();
    await page
      .getByTestId('sidebar-status-rejected')
      .getByTestId('sidebar-count')
      .filter({ hasText: '250' })
      .waitFor();
    await context.close();
  });

  it('keeps fewer than 400 cards in the DOM while scrolling through 10,000 items to the last', async () => {
    const rows = Array.from({ length: 10_000 }, (_, index) => ({
      name: `item-${String(index + 1).padStart(5, '0')}.jpg`,
    }));
    const { slug } = await modelWith(rows);
    const { context, page } = await contextFor(adminCookie);
    await page.goto(`${api.url}/m/${slug}/library`);
    await cards(page).first().waitFor();
    await page.getByTestId('matching-count').filter({ hasText: '10,000 items' }).waitFor();
    // Every change to the grid is watched: the most cards ever in the DOM at once.
    await page.evaluate(() => {
      const state = window as unknown as { mostCards: number };
      state.mostCards = 0;
      new MutationObserver(() => {
        state.mostCards = Math.max(
          state.mostCards,
          document.querySelectorAll('[data-testid="media-card"]').length,
        );
      }).observe(document.body, { childList: true, subtree: true });
    });
    const mostCards = () => page.evaluate(() => (window as unknown as { mostCards: number }).mostCards);
    const shown = page.getByTestId('shown-count');

    // Scroll to the foot again and again: pages load ahead, the DOM keeps only the rows near the screen.
    for (let round = 0; round < 400; round += 1) {
      const text = (await shown.textContent()) ?? '';
      if (text.includes('end of the list')) break;
      const before = Number(await page.getByTestId('media-grid').getAttribute('data-total'));
      await page.evaluate(() =>
        window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' }),
      );
      await expect
        .poll(
          async () =>
            Number(await page.getByTestId('media-grid').getAttribute('data-total')) > before ||
            ((await shown.textContent()) ?? '').includes('end of the list'),
        )
        .toBe(true);
      expect(await cards(page).count()).toBeLessThan(400);
      expect(await mostCards()).toBeLessThan(400);
    }
    expect(await shown.textContent()).toContain('10,000 shown · end of the list');
    await page.evaluate(() =>
      window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' }),
    );
    // The last item (the oldest) is on screen.
    const last = cards(page).filter({ hasText: 'item-00001.jpg' });
    await last.waitFor();
    expect(await last.isVisible()).toBe(true);
    expect(await mostCards()).toBeLessThan(400);
    expect(await cards(page).count()).toBeLessThan(400);
    await screenshot(page, 'library-10000-end', { fullPage: false });
    await context.close();
  });

  it('works from the keyboard: / searches, arrows move, Space selects, Delete trashes (with Undo), Esc clears', async () => {
    const rows = Array.from({ length: 12 }, (_, index) => ({
      name: `key-${String(index + 1).padStart(2, '0')}.jpg`,
    }));
    const { slug } = await modelWith(rows);
    const { context, page } = await contextFor(adminCookie);
    await page.goto(`${api.url}/m/${slug}/library?sort=filename&dir=asc`);
    await cards(page).nth(11).waitFor();
    const focusedName = () =>
      page.evaluate(
        () => document.activeElement?.querySelector('[data-testid="media-name"]')?.textContent ?? null,
      );

    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('library-search');
    await page.keyboard.press('Escape');

    await cards(page).first().focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(focusedName).toBe('key-02.jpg');
    const columns = Number(await page.getByTestId('media-grid').getAttribute('data-columns'));
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedName).toBe(`key-${String(2 + columns).padStart(2, '0')}.jpg`);
    await page.keyboard.press('ArrowUp');
    await expect.poll(focusedName).toBe('key-02.jpg');

    // Space ticks the focused card; Shift+arrow extends; Esc clears.
    const selected = () =>
      page
        .locator('[data-testid="media-card"][data-selected="true"] [data-testid="media-name"]')
        .allTextContents();
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(selected).toEqual(['key-02.jpg', 'key-03.jpg']);
    await page.keyboard.press('Escape');
    await expect.poll(selected).toEqual([]);

    // Delete: the picked items go to the trash at once, and the toast offers to undo it.
    await page.keyboard.press('Space');
    await expect.poll(selected).toEqual(['key-03.jpg']);
    await page.keyboard.press('Delete');
    const undo = page.getByTestId('toast').filter({ hasText: '1 item moved to the trash.' });
    await undo.waitFor();
    await expect.poll(async () => (await names(page)).includes('key-03.jpg')).toBe(false);
    await undo.getByTestId('toast-action').click();
    await page.getByTestId('toast').filter({ hasText: 'Restored: 1 item' }).waitFor();
    await expect.poll(async () => (await names(page)).includes('key-03.jpg')).toBe(true);

    // Enter opens the focused card.
    await cards(page).first().focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('media-detail').waitFor();
    await context.close();
  });
});

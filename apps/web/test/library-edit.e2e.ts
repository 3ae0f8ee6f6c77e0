import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createModel,
  modelRow,
  signedInAdmin,
  startApi,
  startWorker,
  trpcClient,
} from '@phoenix4ge/api/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInContexts } from './browser';
import { seedMedia } from './library-seed';

const fixtures = path.resolve(import.meta.dirname, '../../api/test/fixtures/images');

/**
 * Editing one item in the detail panel (alt text, caption, category, tags with autocomplete, focal point) with
 * its saved/saving/conflict state; the category manager; dark mode and a phone-sized screen.
 */
describe('editing in the library, colour modes and small screens', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof signedInAdmin>>;

  const contextFor = signedInContexts(
    () => browser,
    () => api.url,
  );

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
    browser = await launchChromium();
    admin = await signedInAdmin(api);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await api?.stop();
  });

  /** A model with one processed photo (uploaded over HTTP, processed by the worker). */
  async function modelWithPhoto(file: string) {
    const created = await createModel(api);
    const form = new FormData();
    form.append('file', new Blob([readFileSync(path.join(fixtures, file))], { type: 'image/jpeg' }), file);
    const response = await fetch(`${api.url}/api/model-media-library/${created.slug}/upload`, {
      method: 'POST',
      headers: { 'x-p4g-csrf': '1', cookie: admin.cookie },
      body: form,
    });
    const body = (await response.json()) as { files: { id: number }[] };
    const id = body.files[0]?.id;
    if (id === undefined) throw new Error(`upload failed: ${JSON.stringify(body)}`);
    return { slug: created.slug, model: await modelRow(api, created.slug), id };
  }

  it('edits alt text, caption, category, tags and the focal point inline, and resolves a conflict', async () => {
    const { slug, model, id } = await modelWithPhoto('Portrait_1.jpg');
    const portfolio = await api.services.categories.create(model, { name: 'Portfolio', color: '#6f42c1' });
    // Another item carries the tags the autocomplete will offer.
    const [other] = await seedMedia(api.config.database, model.id, [{ name: 'other.jpg' }]).then((ids) =>
      ids.filter((candidate) => candidate !== id),
    );
    if (other === undefined) throw new Error('no seeded item');
    await api.services.library.update(model, { id: other, revision: 0, tags: ['beach', 'backstage'] });
    const client = trpcClient(api.url, { cookie: admin.cookie });

    const { context, page } = await contextFor(admin.cookie);
    await page.goto(`${api.url}/m/${slug}/library`);
    const card = page.locator(`[data-testid="media-card"][data-media-id="${id}"]`);
    await card.and(page.locator('[data-processing-status="ready"]')).waitFor({ timeout: 30_000 });
    await card.click();
    const detail = page.getByTestId('media-detail');
    const state = detail.getByTestId('save-state');
    await detail.getByTestId('detail-preview').waitFor();
    expect(await state.getAttribute('data-state')).toBe('saved');

    // Alt text saves when the field is left.
    await detail.getByTestId('detail-alt-text').fill('A portrait in window light');
    expect(await state.getAttribute('data-state')).toBe('unsaved');
    await detail.getByTestId('detail-caption').focus();
    await expect.poll(() => state.getAttribute('data-state')).toBe('saved');
    // The caption with Ctrl+Enter.
    await detail.getByTestId('detail-caption').fill('Studio, spring session');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => state.getAttribute('data-state')).toBe('saved');
    // Category and tags save at once; the tag box suggests the model's tags.
    await detail.getByTestId('detail-category').selectOption(String(portfolio.id));
    await expect.poll(() => state.getAttribute('data-state')).toBe('saved');
    await detail.getByTestId('detail-tag-input').fill('b');
    const suggestions = detail.getByTestId('detail-tag-input-suggestions');
    await suggestions.getByText('backstage').waitFor();
    await suggestions.getByText('beach').waitFor();
    await detail.getByTestId('detail-tag-input').fill('bea');
    await expect.poll(() => suggestions.getByRole('option').allTextContents()).toEqual(['beach1']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await detail.getByTestId('detail-tag-input').fill('window-light');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => detail.getByTestId('tag-chip').allTextContents())
      .toEqual(['beach', 'window-light']);
    await expect.poll(() => state.getAttribute('data-state')).toBe('saved');

    // The focal point: a click on the preview, a quarter from the left and a third from the top.
    const preview = detail.getByTestId('detail-preview');
    const box = await preview.boundingBox();
    if (!box) throw new Error('no preview box');
    await page.mouse.click(box.x + box.width * 0.25, box.y + box.height / 3);
    await detail.getByTestId('focal-marker').waitFor();
    await expect.poll(() => state.getAttribute('data-state')).toBe('saved');
    expect(await detail.getByTestId('detail-focal-point').textContent()).toMatch(
      /^2[45]% from the left, 3[234]% from the top$/,
    );

    let saved = await client.media.byId.query({ modelSlug: slug, id });
    expect(saved).toMatchObject({
      altText: 'A portrait in window light',
      caption: 'Studio, spring session',
      categoryId: portfolio.id,
    });
    expect(saved.tags.map((tag) => tag.name).sort()).toEqual(['beach', 'window-light']);
    expect(saved.focalPoint?.x).toBeCloseTo(0.25, 1);
    // The select still shows the category once the categories' counts were read again.
    await expect.poll(() => detail.getByTestId('detail-category').inputValue()).toBe(String(portfolio.id));
    await screenshot(page, 'library-detail-editing', { fullPage: false });

    // Someone else saves while this editor has unsaved text: a conflict that says what differs.
    await detail.getByTestId('detail-alt-text').fill('My better alt text');
    saved = await client.media.byId.query({ modelSlug: slug, id });
    await client.media.update.mutate({
      modelSlug: slug,
      id,
      revision: saved.revision,
      caption: 'Their caption',
    });
    await detail.getByTestId('detail-caption').focus();
    const conflict = detail.getByTestId('edit-conflict');
    await conflict.waitFor();
    expect(await state.getAttribute('data-state')).toBe('conflict');
    const rows = conflict.getByTestId('conflict-row');
    expect(await rows.evaluateAll((found) => found.map((row) => row.getAttribute('data-field')))).toEqual([
      'altText',
      'caption',
    ]);
    expect(await conflict.textContent()).toContain('Their caption');
    await screenshot(page, 'library-detail-conflict', { fullPage: false });
    // Re-apply mine: my alt text on top of their caption.
    await conflict.getByTestId('conflict-reapply').click();
    await conflict.waitFor({ state: 'detached' });
    // The keyboard stays in the panel.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('detail-alt-text');
    await expect.poll(() => state.getAttribute('data-state')).toBe('saved');
    saved = await client.media.byId.query({ modelSlug: slug, id });
    expect(saved).toMatchObject({ altText: 'My better alt text', caption: 'Their caption' });
    expect(await detail.getByTestId('detail-caption').inputValue()).toBe('Their caption');

    // A change from elsewhere while nothing is unsaved simply shows.
    await client.media.update.mutate({
      modelSlug: slug,
      id,
      revision: saved.revision,
      altText: 'Changed live',
    });
    await expect.poll(() => detail.getByTestId('detail-alt-text').inputValue()).toBe('Changed live');
    expect(await state.getAttribute('data-state')).toBe('saved');

    // The photo as a ZIP download from the bulk bar.
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    await card.getByTestId('media-select').click();
    await page.getByTestId('bulk-download').click();
    const downloading = page.waitForEvent('download');
    await page.getByTestId('bulk-download-original').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const zipPath = await download.path();
    expect(readFileSync(zipPath).subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(await download.failure()).toBeNull();
    await context.close();
  });

  it('manages categories: create with a colour, rename, reorder, delete (items become uncategorised)', async () => {
    const created = await createModel(api);
    const model = await modelRow(api, created.slug);
    const first = await api.services.categories.create(model, { name: 'Editorial', color: '#198754' });
    await seedMedia(api.config.database, model.id, [
      { name: 'a.jpg', categoryId: first.id },
      { name: 'b.jpg', categoryId: first.id },
    ]);
    const { context, page } = await contextFor(admin.cookie);
    await page.goto(`${api.url}/m/${created.slug}/library`);
    await page.getByTestId('manage-categories').click();
    const manager = page.getByTestId('category-manager');
    await manager.getByTestId('category-row').first().waitFor();
    await manager.getByTestId('new-category-name').fill('Portfolio');
    await manager.getByTestId('new-category-color').evaluate((input: HTMLInputElement) => {
      input.value = '#d63384';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await manager.getByTestId('new-category-submit').click();
    await expect
      .poll(() =>
        manager
          .getByTestId('category-name')
          .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)),
      )
      .toEqual(['Editorial', 'Portfolio']);
    // Rename.
    const names = () =>
      manager
        .getByTestId('category-name')
        .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    await manager.getByTestId('category-name').first().fill('Editorial work');
    await manager.getByTestId('category-name').first().press('Enter');
    await page.getByTestId('category-list').getByText('Editorial work').waitFor();
    // Drag Portfolio above Editorial work.
    await manager.getByTestId('category-row').nth(1).dragTo(manager.getByTestId('category-row').first());
    await expect.poll(names).toEqual(['Portfolio', 'Editorial work']);
    const listed = () => page.getByTestId('category-list').getByTestId('category-link').allTextContents();
    await expect.poll(async () => (await listed())[1]).toContain('Portfolio');
    await screenshot(page, 'library-categories', { fullPage: false });
    // Delete: the dialog says the items stay, uncategorised.
    await manager.getByTestId('category-row').nth(1).getByTestId('category-delete').click();
    const confirm = page.getByTestId('category-delete-dialog');
    expect(await confirm.textContent()).toContain(
      'Its 2 items become uncategorised; none of them is deleted.',
    );
    await confirm.getByTestId('confirm-button').click();
    await expect.poll(names).toEqual(['Portfolio']);
    await page.keyboard.press('Escape');
    await manager.waitFor({ state: 'detached' });
    await page
      .locator('[data-testid="category-link"][data-category-id="none"]')
      .getByTestId('category-count')
      .filter({ hasText: '2' })
      .waitFor();
    const orders = await api.services.categories.list(model);
    expect(orders.map((category) => category.name)).toEqual(['Portfolio']);
    await context.close();
  });

  it('follows a dark colour mode, remembers the choice, and fits a 390 px screen', async () => {
    const created = await createModel(api);
    const model = await modelRow(api, created.slug);
    await api.services.categories.create(model, { name: 'Portfolio', color: '#d63384' });
    await seedMedia(
      api.config.database,
      model.id,
      Array.from({ length: 8 }, (_, index) => ({
        name: `phone-${index + 1}.jpg`,
        moderation: 'flagged' as const,
      })),
    );

    // The system's preference is followed until a choice is made.
    const dark = await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: 'dark' });
    const [name, value] = admin.cookie.split('=') as [string, string];
    await dark.addCookies([{ name, value, url: api.url }]);
    const page = await dark.newPage();
    await page.goto(`${api.url}/m/${created.slug}/library`);
    await page.getByTestId('media-card').first().waitFor();
    expect(await page.locator('html').getAttribute('data-bs-theme')).toBe('dark');
    await screenshot(page, 'library-dark', { fullPage: false });
    // Light, by choice: remembered across a reload.
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('theme-light').click();
    expect(await page.locator('html').getAttribute('data-bs-theme')).toBe('light');
    await page.reload();
    await page.getByTestId('media-card').first().waitFor();
    expect(await page.locator('html').getAttribute('data-bs-theme')).toBe('light');
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('theme-dark').click();
    expect(await page.locator('html').getAttribute('data-bs-theme')).toBe('dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe('rgb(248, 249, 250)');
    await dark.close();

    // A phone: the library and the moderation queue fit 390 px without sideways scrolling.
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    await phone.addCookies([{ name, value, url: api.url }]);
    const small = await phone.newPage();
    await small.goto(`${api.url}/m/${created.slug}/library`);
    await small.getByTestId('media-card').first().waitFor();
    const overflow = () => small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(Number(await small.getByTestId('media-grid').getAttribute('data-columns'))).toBe(1);
    await small.getByTestId('thumb-size-s').click();
    await expect
      .poll(async () => Number(await small.getByTestId('media-grid').getAttribute('data-columns')))
      .toBe(2);
    await screenshot(small, 'library-390', { fullPage: false });
    // The categories open in a side panel.
    await small.getByTestId('library-browse').click();
    await small.getByTestId('library-browse-panel').getByText('Portfolio').waitFor();
    await screenshot(small, 'library-390-categories', { fullPage: false });
    await small.getByTestId('library-browse-panel').getByTestId('sidebar-status-flagged').click();
    await small.getByTestId('library-browse-panel').waitFor({ state: 'detached' });
    await expect.poll(() => new URL(small.url()).searchParams.get('status')).toBe('flagged');

    await small.goto(`${api.url}/m/${created.slug}/moderation`);
    const approve = small.getByTestId('decide-approve');
    await approve.waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    // The decision buttons are on the first screen, above the list and the shortcut help.
    const buttons = await approve.boundingBox();
    expect(buttons).not.toBeNull();
    expect((buttons?.y ?? 0) + (buttons?.height ?? 0)).toBeLessThanOrEqual(844);
    expect(await small.getByTestId('shortcut-legend').isVisible()).toBe(false);
    await screenshot(small, 'moderation-390', { fullPage: false });
    await phone.close();
  });

  it('runs a bulk action over more than 1,000 items as a job with live progress, and empties the trash', async () => {
    const created = await createModel(api);
    const model = await modelRow(api, created.slug);
    await seedMedia(
      api.config.database,
      model.id,
      Array.from({ length: 1_100 }, (_, index) => ({
        name: `bulk-${index + 1}.jpg`,
        moderation: 'rejected' as const,
      })),
    );
    const { context, page } = await contextFor(admin.cookie);
    await page.goto(`${api.url}/m/${created.slug}/library`);
    await page.getByTestId('matching-count').filter({ hasText: '1,100 items' }).waitFor();
    await page.getByTestId('select-all').click();
    await expect.poll(() => page.getByTestId('selection-count').getAttribute('data-count')).toBe('1100');
    await page.getByTestId('bulk-approve').click();
    await page
      .getByTestId('toast')
      .filter({ hasText: 'Approved: 1,100 items — running in the background' })
      .waitFor();
    // The job's progress arrives live, to the end.
    const job = page.getByTestId('bulk-job');
    await job.waitFor();
    await job.and(page.locator('[data-finished="true"]')).waitFor({ timeout: 30_000 });
    expect(await job.getByTestId('bulk-job-progress').textContent()).toBe('1,100 of 1,100');
    await page
      .getByTestId('sidebar-status-approved')
      .getByTestId('sidebar-count')
      .filter({ hasText: '1,100' })
      .waitFor();

    // Everything into the trash (it asks first), then the trash emptied for good.
    await page.getByTestId('select-all').click();
    await page.getByTestId('bulk-trash').click();
    await page
      .getByTestId('bulk-confirm-text')
      .filter({ hasText: '1,100 items will leave the library' })
      .waitFor();
    await page.getByTestId('bulk-confirm-button').click();
    await page.getByTestId('media-empty').waitFor({ timeout: 30_000 });
    await page.getByTestId('sidebar-trash').click();
    await page.getByTestId('matching-count').filter({ hasText: '1,100 items' }).waitFor();
    await page.getByTestId('empty-trash').click();
    await page.getByTestId('bulk-confirm-text').filter({ hasText: '1,100 items in the trash' }).waitFor();
    await screenshot(page, 'library-empty-trash', { fullPage: false });
    await page.getByTestId('bulk-confirm-button').click();
    await page.getByTestId('trash-empty').waitFor({ timeout: 30_000 });
    await screenshot(page, 'library-trash-emptied', { fullPage: false });
    await context.close();
  });
});

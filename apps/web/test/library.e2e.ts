import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createModel, signedInMember, startApi, startWorker } from '@phoenix4ge/api/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withBrokenPixelsAndRightCrc } from '../../api/test/support/png-chunks';
import { expectFocusTrapped, hasFocusWithin, launchChromium, screenshot, signedInContexts } from './browser';

const fixtures = path.resolve(import.meta.dirname, '../../api/test/fixtures/images');

/** Passes the upload's checks (every chunk CRC is right) but its pixel data cannot be inflated: fails in processing. */
const brokenPng = 'broken-pixels.png';

const card = (page: Page, name: string) => page.getByTestId('media-card').filter({ hasText: name });

/**
 * The library grid and detail panel in Chromium against the real api and worker: an upload appears without a
 * reload and is processed live (ThumbHash placeholder first, then the thumbnail); the detail panel shows
 * variants, EXIF, palette and near-duplicates; a file that fails processing says why and can be retried.
 */
describe('library grid and detail panel in the browser', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  let browser: Browser;
  let slug: string;
  let editorCookie: string;
  let viewerCookie: string;

  const contextFor = signedInContexts(
    () => browser,
    () => api.url,
  );

  beforeAll(async () => {
    api = await startApi();
    browser = await launchChromium();
    slug = (await createModel(api)).slug;
    editorCookie = (await signedInMember(api, slug, 'editor')).cookie;
    viewerCookie = (await signedInMember(api, slug, 'viewer')).cookie;
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await api?.stop();
  });

  it('shows an upload live: placeholder first, then the thumbnail, and its details', async () => {
    const { context, page } = await contextFor(editorCookie);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Thumbnails wait until the placeholder has been seen.
    let releaseThumbs: () => void = () => {};
    const thumbsReleased = new Promise<void>((resolve) => (releaseThumbs = resolve));
    await page.route(
      (url) => url.pathname.endsWith('.webp'),
      async (route) => {
        await thumbsReleased;
        await route.continue();
      },
    );

    await page.goto(`${api.url}/m/${slug}/library`);
    await page.getByTestId('media-empty').waitFor();
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 10_000 });

    // No worker yet: the card comes from the upload and waits, without a preview.
    await page.getByTestId('upload-input').setInputFiles(path.join(fixtures, 'DSCN0010.jpg'));
    const photo = card(page, 'DSCN0010.jpg');
    await photo.waitFor({ timeout: 20_000 });
    expect(await photo.getAttribute('data-processing-status')).toBe('uploaded');
    expect(await photo.getByTestId('media-placeholder').count()).toBe(0);

    // The worker processes it; the change arrives over the subscription (no reload, no polling while live).
    worker = await startWorker();
    const placeholder = photo.getByTestId('media-placeholder');
    await placeholder.waitFor({ timeout: 30_000 });
    expect(await placeholder.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const thumb = photo.getByTestId('media-thumb');
    await thumb.waitFor({ state: 'attached' });
    expect(await thumb.getAttribute('data-loaded')).toBeNull();
    await photo.and(page.locator('[data-processing-status="ready"]')).waitFor({ timeout: 30_000 });
    await screenshot(page, 'library-placeholder');
    releaseThumbs();
    const loaded = photo.locator('[data-testid="media-thumb"][data-loaded="true"]');
    await loaded.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('live-indicator').getAttribute('data-state')).toBe('live');
    // The thumbnail fades in: its opacity reaches 1.
    await expect.poll(() => loaded.evaluate((image) => getComputedStyle(image).opacity)).toBe('1');
    await screenshot(page, 'library-grid');

    // Enter on the focused card opens the panel.
    await photo.focus();
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('media-detail');
    await detail.waitFor();
    const variants = detail.getByTestId('detail-variants');
    await variants.waitFor();
    expect(await variants.locator('tbody tr').count()).toBe(10);
    const combos = await variants
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => `${row.getAttribute('data-preset')}/${row.getAttribute('data-format')}`),
      );
    for (const preset of ['thumb', 'sm', 'md', 'lg', 'xl']) {
      expect(combos).toContain(`${preset}/webp`);
      expect(combos).toContain(`${preset}/jpeg`);
    }
    const metadata = detail.getByTestId('detail-metadata');
    expect(await metadata.getByTestId('detail-camera').textContent()).toContain('NIKON');
    const gps = metadata.getByTestId('detail-gps');
    expect(await gps.getAttribute('href')).toMatch(
      /^https:\/\/www\.openstreetmap\.org\/\?mlat=-?\d+\.\d+&mlon=-?\d+\.\d+/,
    );
    expect(await metadata.getByTestId('palette-swatch').count()).toBeGreaterThan(0);
    expect(await detail.getByTestId('detail-original-link').getAttribute('href')).toBeTruthy();
    await detail.getByTestId('detail-similar').getByText('None found').waitFor();
    await detail.getByTestId('detail-preview').waitFor();
    await page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('[data-testid="detail-preview"]');
      return image?.complete && image.naturalWidth > 0;
    });
    await screenshot(page, 'library-detail');
    // A dialog named by its title, that keeps the keyboard inside while it is open.
    await page.getByRole('dialog', { name: 'DSCN0010.jpg' }).waitFor();
    await expectFocusTrapped(page, detail);

    // Escape closes it, and focus is back on the card that opened it.
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    await expect.poll(() => hasFocusWithin(photo)).toBe(true);
    // So is a click on the backdrop (beside the dialog).
    await page.keyboard.press('Enter');
    await detail.getByTestId('detail-variants').waitFor();
    await page.mouse.click(10, 450);
    await detail.waitFor({ state: 'detached' });
    await expect.poll(() => hasFocusWithin(photo)).toBe(true);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows why processing failed, retries it, and moves through items with the arrow keys', async () => {
    const { context, page } = await contextFor(editorCookie);
    await page.goto(`${api.url}/m/${slug}/library`);
    await card(page, 'DSCN0010.jpg').waitFor();
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 10_000 });

    // Accepted at upload, fails in processing.
    await page.getByTestId('upload-input').setInputFiles({
      name: brokenPng,
      mimeType: 'image/png',
      buffer: withBrokenPixelsAndRightCrc(readFileSync(path.join(fixtures, 'tbbn3p08.png'))),
    });
    const broken = card(page, brokenPng);
    await broken.and(page.locator('[data-processing-status="failed"]')).waitFor({ timeout: 30_000 });
    const reason = await broken.getByTestId('media-processing-error').textContent();
    expect(reason?.trim().length).toBeGreaterThan(0);
    const retry = broken.getByTestId('retry-button');
    await retry.waitFor();
    await screenshot(page, 'library-failed');

    // Retry: queued again, then failed again (the file is still broken). The card's states are recorded as
    // they change, since the worker may fail it again quickly.
    const brokenId = await broken.getAttribute('data-media-id');
    await page.evaluate((id) => {
      const seen: string[] = [];
      (window as unknown as { seenStatuses: string[] }).seenStatuses = seen;
      new MutationObserver(() => {
        const status = document
          .querySelector(`[data-testid="media-card"][data-media-id="${id}"]`)
          ?.getAttribute('data-processing-status');
        if (status && seen.at(-1) !== status) seen.push(status);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    }, brokenId);
    await retry.click();
    await page.waitForFunction(
      () => {
        const seen = (window as unknown as { seenStatuses: string[] }).seenStatuses;
        return seen.some((status) => status !== 'failed') && seen.at(-1) === 'failed';
      },
      undefined,
      { timeout: 30_000 },
    );

    // The panel of the failed item says why; → goes to the older photo, ← back.
    await broken.click();
    const detail = page.getByTestId('media-detail');
    await detail.getByTestId('detail-processing-error').waitFor();
    expect(await detail.getByTestId('detail-processing-error').textContent()).toContain(reason?.trim() ?? '');
    expect(await detail.getAttribute('data-media-id')).toBe(brokenId);
    await page.keyboard.press('ArrowRight');
    await detail.getByTestId('detail-camera').waitFor();
    expect(await detail.getAttribute('data-media-id')).toBe(
      await card(page, 'DSCN0010.jpg').getAttribute('data-media-id'),
    );
    await page.keyboard.press('ArrowLeft');
    await detail.getByTestId('detail-processing-error').waitFor();
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    // Closing returns focus to the card of the item last shown.
    await expect.poll(() => hasFocusWithin(broken)).toBe(true);
    await page.keyboard.press('Enter');
    await detail.getByTestId('detail-processing-error').waitFor();
    await page.keyboard.press('ArrowRight');
    await detail.getByTestId('detail-camera').waitFor();
    await detail.getByRole('button', { name: 'Close' }).click();
    await detail.waitFor({ state: 'detached' });
    await expect.poll(() => hasFocusWithin(card(page, 'DSCN0010.jpg'))).toBe(true);
    await context.close();
  });

  it('offers no retry to a viewer', async () => {
    const { context, page } = await contextFor(viewerCookie);
    await page.goto(`${api.url}/m/${slug}/library`);
    const broken = card(page, brokenPng);
    await broken.getByTestId('media-processing-error').waitFor();
    expect(await broken.getByTestId('retry-button').count()).toBe(0);
    await context.close();
  });
});

import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createModel, signedInMember, startApi, startWorker } from '@phoenix4ge/api/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';

const shots = path.resolve(import.meta.dirname, '../../../.cache/e2e');
const fixtures = path.resolve(import.meta.dirname, '../../api/test/fixtures/images');

interface DropFile {
  /** The fixture to read. */
  fixture: string;
  /** The name the browser gives it (a renamed file), else the fixture's. */
  name?: string;
  type: string;
}

async function screenshot(page: Page, name: string) {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/** A DataTransfer in the page holding Files made from the fixtures' bytes, as a real drag would carry. */
async function dataTransferOf(page: Page, files: DropFile[]) {
  const payload = files.map((file) => ({
    name: file.name ?? file.fixture,
    type: file.type,
    base64: readFileSync(path.join(fixtures, file.fixture)).toString('base64'),
  }));
  return page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }
    return transfer;
  }, payload);
}

/** Drags files onto the drop zone: dragenter, dragover (the zone lights up), drop. */
async function dropFiles(page: Page, files: DropFile[]) {
  const dataTransfer = await dataTransferOf(page, files);
  const zone = page.getByTestId('upload-dropzone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await page.locator('[data-testid="upload-dropzone"][data-dragging="true"]').waitFor();
  await zone.dispatchEvent('drop', { dataTransfer });
  await dataTransfer.dispose();
}

const row = (page: Page, name: string) => page.locator(`[data-testid="upload-row"][data-name="${name}"]`);

/**
 * Uploads in Chromium against the real api and worker: an editor drags files in and watches them upload and
 * get processed; rejected files say why; duplicates point at the existing item; a viewer only looks.
 */
describe('upload panel and library grid in the browser', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let browser: Browser;
  let slug: string;
  let editorCookie: string;
  let viewerCookie: string;

  let lastPage: Page | undefined;
  const contextFor = async (cookie: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const separator = cookie.indexOf('=');
    await context.addCookies([
      { name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: api.url },
    ]);
    lastPage = await context.newPage();
    return { context, page: lastPage };
  };
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail' && lastPage && !lastPage.isClosed()) {
      await screenshot(lastPage, `failed-${test.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
    }
  });

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
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

  it('uploads three dragged files with progress, and the grid shows them until they are ready', async () => {
    const { context, page } = await contextFor(editorCookie);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${api.url}/m/${slug}/library`);
    await page.getByTestId('media-empty').waitFor();
    expect(await page.getByTestId('media-empty').textContent()).toContain('No media yet — drop files here');
    expect(await page.getByTestId('media-card').count()).toBe(0);

    const files = [
      { fixture: 'Canon_40D.jpg', type: 'image/jpeg' },
      { fixture: 'basn3p08.png', type: 'image/png' },
      { fixture: '4.webp', type: 'image/webp' },
    ];
    // Upload bandwidth throttled (about 2 s for these files) so progress is seen part-way.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 96 * 1024,
    });
    await dropFiles(page, files);
    expect(await page.getByTestId('upload-row').count()).toBe(3);
    await page.waitForFunction(() => {
      const bar = document.querySelector('[data-testid="upload-overall-progress"]');
      const percent = Number(bar?.getAttribute('aria-valuenow'));
      return percent > 0 && percent < 100;
    });
    expect(await row(page, '4.webp').getAttribute('data-status')).toBe('uploading');
    await screenshot(page, 'upload-progress');

    // Every row reaches 100 % and "created"; so does the overall bar.
    for (const file of files) {
      await row(page, file.fixture).and(page.locator('[data-status="created"]')).waitFor({ timeout: 20_000 });
      const progress = row(page, file.fixture).getByTestId('upload-progress');
      expect(await progress.getAttribute('aria-valuenow')).toBe('100');
    }
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const overall = page.getByTestId('upload-overall-progress');
    await page.locator('[data-testid="upload-overall-progress"][aria-valuenow="100"]').waitFor();
    expect(await overall.getAttribute('data-percent')).toBe('100');
    await page.getByTestId('upload-announcer').filter({ hasText: 'Uploads finished: 3 added' }).waitFor();

    // Three new cards at once, then processed by the worker (the grid polls until they are final).
    const cards = page.getByTestId('media-card');
    await cards.nth(2).waitFor();
    expect(await cards.count()).toBe(3);
    const names = await page.getByTestId('media-name').allTextContents();
    expect(names.sort()).toEqual(files.map((file) => file.fixture).sort());
    await page.waitForFunction(
      () => {
        const all = [...document.querySelectorAll('[data-testid="media-card"]')];
        return (
          all.length === 3 && all.every((card) => card.getAttribute('data-processing-status') === 'ready')
        );
      },
      undefined,
      { timeout: 30_000 },
    );
    // Dimensions arrive with processing.
    const canon = page.locator('[data-testid="media-card"]').filter({ hasText: 'Canon_40D.jpg' });
    expect(await canon.textContent()).toMatch(/JPEG · 7\.8 KB · 100×68/);

    // The created row links to its card.
    await row(page, 'basn3p08.png').getByTestId('upload-row-show').click();
    await page.locator('[data-testid="media-card"][data-highlighted="true"]').waitFor();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(700); // Bootstrap's progress bars ease to their width.
    await screenshot(page, 'upload');

    // A reload shows the same library from the server.
    await page.reload();
    await cards.nth(2).waitFor();
    expect(await cards.count()).toBe(3);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('says why a file is rejected and points a duplicate at the existing item', async () => {
    const { context, page } = await contextFor(editorCookie);
    await page.goto(`${api.url}/m/${slug}/library`);
    await page.getByTestId('media-card').nth(2).waitFor();

    await page.getByTestId('upload-alt-text').fill('Studio test shot');
    await dropFiles(page, [
      { fixture: 'pdf.pdf', name: 'not-a-photo.jpg', type: 'image/jpeg' },
      { fixture: 'Canon_40D.jpg', type: 'image/jpeg' },
    ]);

    const rejected = row(page, 'not-a-photo.jpg').and(page.locator('[data-status="rejected"]'));
    await rejected.waitFor({ timeout: 20_000 });
    const reason = rejected.getByTestId('upload-row-reason');
    expect(await reason.getAttribute('data-code')).toBe('UNSUPPORTED_TYPE');
    expect(await reason.textContent()).toContain('Not an accepted file type');
    expect(await reason.textContent()).toContain('application/pdf');

    const duplicate = row(page, 'Canon_40D.jpg').and(page.locator('[data-status="duplicate"]'));
    await duplicate.waitFor({ timeout: 20_000 });
    expect(await duplicate.textContent()).toContain('Already in the library');
    const existingId = await duplicate.getAttribute('data-media-id');
    await duplicate.getByTestId('upload-row-show').click();
    const highlighted = page.locator('[data-testid="media-card"][data-highlighted="true"]');
    await highlighted.waitFor();
    expect(await highlighted.getAttribute('data-media-id')).toBe(existingId);

    // Neither added a card.
    expect(await page.getByTestId('media-card').count()).toBe(3);
    await page
      .getByTestId('upload-announcer')
      .filter({ hasText: '1 already in the library, 1 rejected' })
      .waitFor();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(700);
    await screenshot(page, 'upload-outcomes');

    // "Clear finished" empties the list.
    await page.getByTestId('upload-clear-finished').click();
    expect(await page.getByTestId('upload-row').count()).toBe(0);
    await context.close();
  });

  it('opens the picker from the keyboard, retries a failed upload and takes a pasted image', async () => {
    const { context, page } = await contextFor(editorCookie);
    await page.goto(`${api.url}/m/${slug}/library`);
    await page.getByTestId('media-card').nth(2).waitFor();

    // The network fails once: the row says so and offers a retry.
    const uploadUrl = `**/api/model-media-library/${slug}/upload`;
    await page.route(uploadUrl, (route) => route.abort('failed'));
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('u');
    await (await chooser).setFiles(path.join(fixtures, 'concert.jpg'));
    const failed = row(page, 'concert.jpg').and(page.locator('[data-status="failed"]'));
    await failed.waitFor({ timeout: 20_000 });
    expect(await failed.getByTestId('upload-row-reason').getAttribute('data-code')).toBe('NETWORK_ERROR');
    await page.unroute(uploadUrl);
    await failed.getByTestId('upload-row-retry').click();
    await row(page, 'concert.jpg').and(page.locator('[data-status="created"]')).waitFor({ timeout: 20_000 });

    // The drop zone is a keyboard target too.
    const zoneChooser = page.waitForEvent('filechooser');
    await page.getByTestId('upload-dropzone').focus();
    await page.keyboard.press('Enter');
    await (await zoneChooser).setFiles(path.join(fixtures, 'Crash_test.gif'));
    await row(page, 'Crash_test.gif')
      .and(page.locator('[data-status="created"]'))
      .waitFor({ timeout: 20_000 });

    // A screenshot pasted from the clipboard gets a dated name.
    const clipboard = await dataTransferOf(page, [
      { fixture: 'tbbn3p08.png', name: 'image.png', type: 'image/png' },
    ]);
    await page.evaluate((clipboardData) => {
      document.body.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }),
      );
    }, clipboard);
    const pasted = page.locator('[data-testid="upload-row"][data-name^="Pasted image "]');
    await pasted.and(page.locator('[data-status="created"]')).waitFor({ timeout: 20_000 });

    await page.locator('[data-testid="media-card"]').nth(5).waitFor();
    expect(await page.getByTestId('media-card').count()).toBe(6);
    await context.close();
  });

  it('cancels a running upload and asks before the page is left while one runs', async () => {
    const { context, page } = await contextFor(editorCookie);
    await page.goto(`${api.url}/m/${slug}/library`);
    await page.getByTestId('media-card').nth(5).waitFor();

    // Requests are held in flight until released.
    let release: () => void = () => undefined;
    let held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const uploadUrl = `**/api/model-media-library/${slug}/upload`;
    await page.route(uploadUrl, async (route) => {
      await held;
      await route.continue().catch(() => undefined);
    });
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('upload-choose-files').click();
    await (await chooser).setFiles(path.join(fixtures, 'DSCN0010.jpg'));
    const uploading = row(page, 'DSCN0010.jpg').and(page.locator('[data-status="uploading"]'));
    await uploading.waitFor();
    await uploading.getByTestId('upload-row-cancel').click();
    const cancelled = row(page, 'DSCN0010.jpg').and(page.locator('[data-status="cancelled"]'));
    await cancelled.waitFor();

    // Uploading again: leaving the page now asks first.
    release();
    held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await cancelled.getByTestId('upload-row-retry').click();
    await uploading.waitFor();
    const dialog = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const asked = await dialog;
    expect(asked.type()).toBe('beforeunload');
    await asked.dismiss();
    expect(page.isClosed()).toBe(false);

    release();
    await row(page, 'DSCN0010.jpg').and(page.locator('[data-status="created"]')).waitFor({ timeout: 20_000 });
    await page.unroute(uploadUrl);
    await page.locator('[data-testid="media-card"]').nth(6).waitFor();
    await context.close();
  });

  it('shows a viewer the library without the upload panel', async () => {
    const { context, page } = await contextFor(viewerCookie);
    await page.goto(`${api.url}/m/${slug}/library`);
    await page.getByTestId('media-card').nth(6).waitFor();
    await page.getByTestId('library-read-only').waitFor();
    expect(await page.getByTestId('upload-dropzone').count()).toBe(0);
    expect(await page.getByTestId('upload-input').count()).toBe(0);
    // The shortcut does nothing for a viewer.
    let choosers = 0;
    page.on('filechooser', () => {
      choosers += 1;
    });
    await page.keyboard.press('u');
    await page.waitForTimeout(300);
    expect(choosers).toBe(0);
    await screenshot(page, 'library-viewer');
    await context.close();
  });
});

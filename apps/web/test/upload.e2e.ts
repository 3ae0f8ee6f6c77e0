import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { createModel, signedInMember, startApi, startWorker } from '@phoenix4ge/api/testing';
import type { Browser, FileChooser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInContexts, transitionsFinished } from './browser';

const fixtures = path.resolve(import.meta.dirname, '../../api/test/fixtures/images');

interface DropFile {
  /** The fixture to read. */
  fixture: string;
  /** The name the browser gives it (a renamed file), else the fixture's. */
  name?: string;
  type: string;
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
  await dropTransfer(page, await dataTransferOf(page, files));
}

async function dropTransfer(page: Page, dataTransfer: Awaited<ReturnType<typeof dataTransferOf>>) {
  const zone = page.getByTestId('upload-dropzone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await page.locator('[data-testid="upload-dropzone"][data-dragging="true"]').waitFor();
  await zone.dispatchEvent('drop', { dataTransfer });
  await dataTransfer.dispose();
}

/** Presses a key and tells whether a handler of the page took it (prevented its default) by the time it bubbled up. */
async function pressIsTaken(page: Page, key: string): Promise<boolean> {
  await page.evaluate(() => {
    (window as unknown as { keyTaken: Promise<boolean> }).keyTaken = new Promise((resolve) =>
      window.addEventListener('keydown', (event) => resolve(event.defaultPrevented), { once: true }),
    );
  });
  await page.keyboard.press(key);
  return page.evaluate(() => (window as unknown as { keyTaken: Promise<boolean> }).keyTaken);
}

/**
 * File choosers the page opens, in order. Playwright intercepts choosers only once something listens, and
 * switching that on races an immediately following key press; listening from the start avoids the race.
 */
function fileChoosers(page: Page) {
  const opened: FileChooser[] = [];
  const waiting: ((chooser: FileChooser) => void)[] = [];
  page.on('filechooser', (chooser) => {
    const take = waiting.shift();
    if (take) take(chooser);
    else opened.push(chooser);
  });
  return {
    count: () => opened.length,
    next(timeoutMs = 10_000): Promise<FileChooser> {
      const ready = opened.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no file chooser opened')), timeoutMs);
        waiting.push((chooser) => {
          clearTimeout(timer);
          resolve(chooser);
        });
      });
    },
  };
}

/** A valid 8×8 greyscale PNG, different for every `seed` (distinct content, so never a duplicate). */
function distinctPng(seed: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(8, 0);
  header.writeUInt32BE(8, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc(8 * 9);
  for (let y = 0; y < 8; y += 1) {
    for (let x = 0; x < 8; x += 1)
      rows[y * 9 + 1 + x] = (seed * 7 + x * 13 + y * 29 + ((seed >> (x % 8)) & 1) * 97) & 0xff;
  }
  rows.writeUInt16BE(seed, 1); // the seed itself in the first two pixels
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
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

  const contextFor = signedInContexts(
    () => browser,
    () => api.url,
  );

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
    await transitionsFinished(page); // Bootstrap's progress bars ease to their width.
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
    await transitionsFinished(page);
    await screenshot(page, 'upload-outcomes');

    // "Clear finished" empties the list.
    await page.getByTestId('upload-clear-finished').click();
    expect(await page.getByTestId('upload-row').count()).toBe(0);
    await context.close();
  });

  it('opens the picker from the keyboard, retries a failed upload and takes a pasted image', async () => {
    const { context, page } = await contextFor(editorCookie);
    const choosers = fileChoosers(page);
    await page.goto(`${api.url}/m/${slug}/library`);
    await page.getByTestId('media-card').nth(2).waitFor();

    // The network fails once: the row says so and offers a retry.
    const uploadUrl = `**/api/model-media-library/${slug}/upload`;
    await page.route(uploadUrl, (route) => route.abort('failed'));
    expect(await pressIsTaken(page, 'u')).toBe(true);
    await (await choosers.next()).setFiles(path.join(fixtures, 'concert.jpg'));
    const failed = row(page, 'concert.jpg').and(page.locator('[data-status="failed"]'));
    await failed.waitFor({ timeout: 20_000 });
    expect(await failed.getByTestId('upload-row-reason').getAttribute('data-code')).toBe('NETWORK_ERROR');
    await page.unroute(uploadUrl);
    await failed.getByTestId('upload-row-retry').click();
    await row(page, 'concert.jpg').and(page.locator('[data-status="created"]')).waitFor({ timeout: 20_000 });

    // The drop zone is a keyboard target too.
    await page.getByTestId('upload-dropzone').focus();
    await page.keyboard.press('Enter');
    await (await choosers.next()).setFiles(path.join(fixtures, 'Crash_test.gif'));
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
    const choosers = fileChoosers(page);
    await page.goto(`${api.url}/m/${slug}/library`);
    await page.getByTestId('media-card').nth(5).waitFor();

    // Requests are held in flight until released.
    let release: () => void = () => undefined;
    let held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const uploadUrl = `**/api/model-media-library/${slug}/upload`;
    let requests = 0;
    await page.route(uploadUrl, async (route) => {
      requests += 1;
      const cancelledOne = requests === 1;
      await held;
      // The page aborted the first one while it was held: it must not reach the api when released (it would, in
      // full, if the abort had not reached the route yet, and the retry would then be a duplicate).
      if (cancelledOne) await route.abort().catch(() => undefined);
      else await route.continue().catch(() => undefined);
    });
    await page.getByTestId('upload-choose-files').click();
    await (await choosers.next()).setFiles(path.join(fixtures, 'DSCN0010.jpg'));
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

  it('loads older pages as the grid scrolls, finds an older duplicate, and uploads a picked folder', async () => {
    const bigSlug = (await createModel(api)).slug;
    const member = await signedInMember(api, bigSlug, 'editor');
    // 65 items, one page and a bit: uploaded over plain HTTP in one request, oldest first.
    const form = new FormData();
    for (let seed = 1; seed <= 65; seed += 1) {
      form.append(
        'file',
        new Blob([new Uint8Array(distinctPng(seed))], { type: 'image/png' }),
        `seed-${seed}.png`,
      );
    }
    const response = await fetch(`${api.url}/api/model-media-library/${bigSlug}/upload`, {
      method: 'POST',
      headers: { 'x-p4g-csrf': '1', cookie: member.cookie },
      body: form,
    });
    const body = (await response.json()) as { files: { status: string }[] };
    expect(body.files.filter((file) => file.status === 'created')).toHaveLength(65);

    const { context, page } = await contextFor(member.cookie);
    await page.goto(`${api.url}/m/${bigSlug}/library`);
    const cards = page.getByTestId('media-card');
    // The first page: 60 loaded, of which the grid (virtualised) renders only the rows near the screen.
    await page.getByTestId('shown-count').filter({ hasText: '60 shown' }).waitFor();
    expect(await cards.count()).toBeLessThan(60);
    expect(await page.getByTestId('media-name').first().textContent()).toBe('seed-65.png');

    // Scrolling to the foot of the grid loads the rest by itself.
    await page.getByTestId('shown-count').scrollIntoViewIfNeeded();
    await cards.filter({ hasText: 'seed-1.png' }).waitFor();
    await page.getByTestId('shown-count').filter({ hasText: '65 shown · end of the list' }).waitFor();

    // A duplicate of an item on a page not loaded yet: "Show existing" loads pages until it is there.
    await page.reload();
    await page.getByTestId('shown-count').filter({ hasText: '60 shown' }).waitFor();
    const transfer = await page.evaluateHandle((base64) => {
      const data = new DataTransfer();
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      data.items.add(new File([bytes], 'again.png', { type: 'image/png' }));
      return data;
    }, distinctPng(1).toString('base64'));
    const zone = page.getByTestId('upload-dropzone');
    await zone.scrollIntoViewIfNeeded();
    await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
    await zone.dispatchEvent('drop', { dataTransfer: transfer });
    const duplicate = row(page, 'again.png').and(page.locator('[data-status="duplicate"]'));
    await duplicate.waitFor({ timeout: 20_000 });
    await duplicate.getByTestId('upload-row-show').click();
    const highlighted = page.locator('[data-testid="media-card"][data-highlighted="true"]');
    await highlighted.waitFor();
    expect(await highlighted.getByTestId('media-name').textContent()).toBe('seed-1.png');

    // A picked folder: nested files keep their path; system clutter is left out.
    // Chromium reads picked files when it sends them, so the folder stays until the uploads are done.
    const folder = mkdtempSync(path.join(tmpdir(), 'p4g-folder-'));
    try {
      mkdirSync(path.join(folder, 'shoot', 'day-2'), { recursive: true });
      copyFileSync(path.join(fixtures, 'Landscape_1.jpg'), path.join(folder, 'shoot', 'Landscape_1.jpg'));
      copyFileSync(
        path.join(fixtures, 'Portrait_1.jpg'),
        path.join(folder, 'shoot', 'day-2', 'Portrait_1.jpg'),
      );
      writeFileSync(path.join(folder, 'shoot', '.DS_Store'), 'clutter');
      writeFileSync(path.join(folder, 'shoot', 'day-2', 'Thumbs.db'), 'clutter');
      await page.getByTestId('upload-folder-input').setInputFiles(path.join(folder, 'shoot'));
      await page
        .getByTestId('upload-notice')
        .filter({ hasText: 'Added 2 files (2 system files skipped)' })
        .waitFor();
      for (const name of ['Landscape_1.jpg', 'Portrait_1.jpg']) {
        await row(page, name).and(page.locator('[data-status="created"]')).waitFor({ timeout: 20_000 });
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    expect(await row(page, 'Portrait_1.jpg').textContent()).toContain('shoot/day-2/Portrait_1.jpg');
    await context.close();
  });

  it('shows the near-duplicates the worker announces on the upload row and in the detail panel', async () => {
    const nearSlug = (await createModel(api)).slug;
    const member = await signedInMember(api, nearSlug, 'editor');
    const original = readFileSync(path.join(fixtures, 'Landscape_1.jpg'));
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(original)], { type: 'image/jpeg' }), 'Landscape_1.jpg');
    const first = await fetch(`${api.url}/api/model-media-library/${nearSlug}/upload`, {
      method: 'POST',
      headers: { cookie: member.cookie, 'x-p4g-csrf': '1' },
      body: form,
    });
    expect(first.status).toBe(201);
    const originalId = String(((await first.json()) as { files: { id: number }[] }).files[0]?.id);

    const { context, page } = await contextFor(member.cookie);
    await page.goto(`${api.url}/m/${nearSlug}/library`);
    await page
      .locator(`[data-testid="media-card"][data-media-id="${originalId}"][data-processing-status="ready"]`)
      .waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor();

    // A smaller copy, re-encoded by the browser itself, dropped like any file: the answer names no
    // near-duplicate (the api decodes no pixels); the worker finds it and the row says so when it is announced.
    const copy = await page.evaluateHandle(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
      const canvas = new OffscreenCanvas(900, Math.round((900 * bitmap.height) / bitmap.width));
      canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.6 });
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], 'Landscape_1-copy.jpg', { type: 'image/jpeg' }));
      return transfer;
    }, original.toString('base64'));
    await dropTransfer(page, copy);
    const created = row(page, 'Landscape_1-copy.jpg').and(page.locator('[data-status="created"]'));
    await created.waitFor({ timeout: 20_000 });
    const copyId = await created.getAttribute('data-media-id');
    const hint = created.getByTestId('upload-row-near-duplicates');
    await hint.waitFor({ timeout: 60_000 });
    expect(await hint.textContent()).toContain('Looks like Landscape_1.jpg already in the library');
    await page
      .getByTestId('upload-announcer')
      .filter({ hasText: 'Landscape_1-copy.jpg looks like 1 item(s) already in the library' })
      .waitFor();
    // Its link shows the look-alike in the grid.
    await hint.getByRole('link', { name: 'Landscape_1.jpg' }).click();
    const highlighted = page.locator('[data-testid="media-card"][data-highlighted="true"]');
    await highlighted.waitFor();
    expect(await highlighted.getAttribute('data-media-id')).toBe(originalId);

    // The copy's detail panel lists the original, linked.
    const copyCard = page.locator(`[data-testid="media-card"][data-media-id="${copyId}"]`);
    await copyCard.focus();
    await page.keyboard.press('Enter');
    const similar = page.getByTestId('media-detail').getByTestId('detail-similar');
    await similar.locator(`[data-testid="similar-item"][data-media-id="${originalId}"]`).waitFor();
    await context.close();
  });

  it('shows a viewer the library without the upload panel', async () => {
    const { context, page } = await contextFor(viewerCookie);
    const choosers = fileChoosers(page);
    await page.goto(`${api.url}/m/${slug}/library`);
    await page.getByTestId('media-card').nth(6).waitFor();
    await page.getByTestId('library-read-only').waitFor();
    expect(await page.getByTestId('upload-dropzone').count()).toBe(0);
    expect(await page.getByTestId('upload-input').count()).toBe(0);
    // The shortcut does nothing for a viewer: no handler takes the key (the editor's prevents its default), and
    // there is no file input a chooser could open from.
    expect(await pressIsTaken(page, 'u')).toBe(false);
    expect(await page.locator('input[type="file"]').count()).toBe(0);
    expect(choosers.count()).toBe(0);
    await screenshot(page, 'library-viewer');
    await context.close();
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createModel, signedInAdmin, startApi, startWorker, trpcClient } from '@phoenix4ge/api/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInContexts } from './browser';

const fixtures = path.resolve(import.meta.dirname, '../../api/test/fixtures/images');

/** A picture's natural width ÷ height, once it has loaded. */
const naturalAspect = (image: Locator) =>
  image.evaluate(async (element: HTMLImageElement) => {
    await element.decode().catch(() => undefined);
    return element.naturalHeight > 0 ? element.naturalWidth / element.naturalHeight : 0;
  });

/**
 * The photo editor on a real api, worker and Chromium: crop to a preset, rotate, brighten, save, see the new
 * version arrive live, revert to the original from the history; a conflicting save; a phone screen and dark mode.
 */
describe('the photo editor', () => {
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
    return { slug: created.slug, id };
  }

  async function openLibrary(page: Page, slug: string, id: number) {
    await page.goto(`${api.url}/m/${slug}/library`);
    const card = page.locator(`[data-testid="media-card"][data-media-id="${id}"]`);
    await card.and(page.locator('[data-processing-status="ready"]')).waitFor({ timeout: 30_000 });
    const thumb = card.getByTestId('media-thumb');
    await thumb.and(page.locator('[data-loaded="true"]')).waitFor();
    return { card, thumb };
  }

  /** The crop canvas is drawn and the box is on it. */
  async function cropReady(editor: Locator) {
    await editor.locator('[data-testid="crop-stage"][data-frame-width]').waitFor();
    await expect
      .poll(async () => (await editor.getByTestId('crop-box').boundingBox())?.width ?? 0)
      .toBeGreaterThan(10);
  }

  it('crops to 4:5, rotates, brightens and saves; the new version shows live; reverts to the original', async () => {
    // Stored 1200×1800 with EXIF orientation 6: upright it is 1800×1200 (3:2 landscape).
    const { slug, id } = await modelWithPhoto('Landscape_6.jpg');
    const { context, page } = await contextFor(admin.cookie);
    const { card, thumb } = await openLibrary(page, slug, id);
    const originalThumb = await thumb.getAttribute('src');

    // E on the focused card opens the editor.
    await card.focus();
    await page.keyboard.press('e');
    const editor = page.getByTestId('photo-editor');
    await editor.waitFor();
    await cropReady(editor);
    const stage = editor.getByTestId('crop-stage');
    expect(
      Number(await stage.getAttribute('data-frame-width')) /
        Number(await stage.getAttribute('data-frame-height')),
    ).toBeCloseTo(1.5, 2);
    expect(await editor.getByTestId('editor-shortcuts').textContent()).toContain('Rotate right');

    // The 4:5 preset: the largest 4:5 box, shown on screen at that aspect.
    await editor.getByTestId('aspect-4x5').click();
    expect(await editor.getByTestId('aspect-4x5').getAttribute('aria-pressed')).toBe('true');
    await expect
      .poll(async () => {
        const box = await editor.getByTestId('crop-box').boundingBox();
        return box ? box.width / box.height : 0;
      })
      .toBeCloseTo(0.8, 1);

    // Rotate right: the frame turns (portrait now) and the crop turns with it (5:4).
    await editor.getByTestId('rotate-right').click();
    const frameAspect = async () =>
      Number(await stage.getAttribute('data-frame-width')) /
      Number(await stage.getAttribute('data-frame-height'));
    await expect.poll(frameAspect).toBeCloseTo(2 / 3, 2);
    await expect
      .poll(async () => {
        const box = await editor.getByTestId('crop-box').boundingBox();
        return box ? box.width / box.height : 0;
      })
      .toBeCloseTo(1.25, 1);
    await screenshot(page, 'photo-editor-crop', { fullPage: false });

    // Brightness +30 in Adjust; the server's preview shows the whole edit (5:4, brighter).
    await page.keyboard.press('2');
    await editor.getByTestId('edit-brightness').fill('30');
    await expect.poll(() => editor.getByTestId('edit-brightness-value').textContent()).toBe('+30%');
    const preview = editor.getByTestId('edit-preview');
    await expect
      .poll(async () => (await preview.getAttribute('data-preview-for')) ?? '')
      .toContain('"brightness":1.3');
    expect(await naturalAspect(preview)).toBeCloseTo(1.25, 1);
    await screenshot(page, 'photo-editor-adjust', { fullPage: false });

    // Undo and redo from the keyboard.
    await editor.getByTestId('edit-preview-stage').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => editor.getByTestId('edit-brightness-value').textContent()).toBe('0%');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => editor.getByTestId('edit-brightness-value').textContent()).toBe('+30%');

    // Before/after shows the current version.
    await page.keyboard.press('b');
    await editor.getByTestId('edit-before').waitFor();
    await page.keyboard.press('b');
    await editor.getByTestId('edit-preview').waitFor();

    // Save: version 1 renders, the editor closes when it is switched in, and the card's thumbnail changes live.
    await editor.getByTestId('edit-save').click();
    await editor.waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByTestId('toast').filter({ hasText: 'version 1 saved' }).waitFor();
    await expect.poll(() => thumb.getAttribute('src'), { timeout: 30_000 }).not.toBe(originalThumb);
    const editedThumb = await thumb.getAttribute('src');

    // The large preview of the new version is 5:4 (4:5 turned a quarter).
    await card.click();
    const detail = page.getByTestId('media-detail');
    const large = detail.getByTestId('detail-preview');
    await large.waitFor();
    await expect.poll(() => naturalAspect(large)).toBeCloseTo(1.25, 1);

    // History from the detail panel: the original and version 1 (current), then revert to the original.
    await detail.getByTestId('detail-edit-photo').click();
    await editor.waitFor();
    await page.keyboard.press('3');
    const versions = editor.getByTestId('edit-version');
    await expect
      .poll(() => versions.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-version'))))
      .toEqual(['1', '0']);
    const current = editor.locator('[data-testid="edit-version"][data-current="true"]');
    // (The history cached at the save is shown until it is read again.)
    await expect.poll(() => current.getAttribute('data-version')).toBe('1');
    expect(await current.getByTestId('edit-version-summary').textContent()).toMatch(
      /Rotated 90° right · Cropped to \d+×\d+ · Brightness \+30%/,
    );
    await screenshot(page, 'photo-editor-history', { fullPage: false });
    await editor
      .locator('[data-testid="edit-version"][data-version="0"]')
      .getByTestId('edit-version-revert')
      .click();
    await page.getByTestId('edit-version-revert-dialog').getByTestId('confirm-button').click();
    await page
      .getByTestId('toast')
      .filter({ hasText: 'reverted to the original' })
      .waitFor({ timeout: 60_000 });
    // The editor stays on the history, now with version 2 (a copy of the original) current.
    await expect
      .poll(() =>
        editor.locator('[data-testid="edit-version"][data-current="true"]').getAttribute('data-version'),
      )
      .toBe('2');
    expect(
      await editor
        .locator('[data-testid="edit-version"][data-version="2"]')
        .getByTestId('edit-version-summary')
        .textContent(),
    ).toBe('Reverted to the original');
    await editor.getByTestId('edit-cancel').click();
    await editor.waitFor({ state: 'detached' });
    await expect.poll(() => naturalAspect(large), { timeout: 30_000 }).toBeCloseTo(1.5, 1);
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    await expect.poll(() => thumb.getAttribute('src'), { timeout: 30_000 }).not.toBe(editedThumb);
    await context.close();
  });

  it('says when someone else saved first, and reloads their version', async () => {
    const { slug, id } = await modelWithPhoto('Landscape_1.jpg');
    const client = trpcClient(api.url, { cookie: admin.cookie });
    const edits = client.edits;
    const { context, page } = await contextFor(admin.cookie);
    const { card } = await openLibrary(page, slug, id);
    await card.hover();
    await card.getByTestId('media-edit').click();
    const editor = page.getByTestId('photo-editor');
    await cropReady(editor);
    await page.keyboard.press('2');
    await editor.getByTestId('edit-grayscale').check();

    // Meanwhile another editor saves version 1, and it is switched in.
    await edits.apply.mutate({
      modelSlug: slug,
      mediaId: id,
      baseVersion: 0,
      operations: [{ type: 'flop' }],
    });
    await expect
      .poll(async () => (await edits.history.query({ modelSlug: slug, mediaId: id })).currentVersion, {
        timeout: 30_000,
      })
      .toBe(1);
    await editor.getByTestId('edit-save').click();
    const conflict = editor.getByTestId('edit-conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Someone saved another version');
    await screenshot(page, 'photo-editor-conflict', { fullPage: false });
    await conflict.getByTestId('edit-conflict-reload').click();
    await conflict.waitFor({ state: 'detached' });
    // The editor now shows version 1 (their mirror), and my black and white is gone.
    await expect
      .poll(() => editor.locator('[data-opened-version]').getAttribute('data-opened-version'))
      .toBe('1');
    expect(await editor.getByTestId('edit-grayscale').isChecked()).toBe(false);
    await page.keyboard.press('1');
    expect(await editor.getByTestId('flip-horizontal').getAttribute('aria-pressed')).toBe('true');
    // Escape with no changes closes at once; with changes it asks.
    await page.keyboard.press('r');
    await page.keyboard.press('Escape');
    await page.getByTestId('edit-discard-dialog').waitFor();
    await page.getByTestId('edit-discard').click();
    await editor.waitFor({ state: 'detached' });
    await context.close();
  });

  it('fits a 390 px phone screen and follows dark mode', async () => {
    const { slug, id } = await modelWithPhoto('Portrait_1.jpg');
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
      colorScheme: 'dark',
    });
    const [name, value] = admin.cookie.split('=') as [string, string];
    await phone.addCookies([{ name, value, url: api.url }]);
    const page = await phone.newPage();
    const { card } = await openLibrary(page, slug, id);
    await card.getByTestId('media-edit').click();
    const editor = page.getByTestId('photo-editor');
    await cropReady(editor);
    expect(await page.locator('html').getAttribute('data-bs-theme')).toBe('dark');
    const overflow = () =>
      editor.evaluate((root) => {
        const body = root.querySelector('.modal-body');
        return body ? body.scrollWidth - body.clientWidth : 1;
      });
    expect(await overflow()).toBeLessThanOrEqual(0);
    // The photo comes first, the controls below it, Save in reach.
    const stageBox = await editor.getByTestId('photo-editor-stage').boundingBox();
    const saveBox = await editor.getByTestId('edit-save').boundingBox();
    expect(stageBox?.width ?? 0).toBeGreaterThan(300);
    expect((saveBox?.y ?? 1000) + (saveBox?.height ?? 0)).toBeLessThanOrEqual(844);
    await screenshot(page, 'photo-editor-390-dark', { fullPage: false });
    await editor.getByTestId('editor-tab-adjust').click();
    await editor.getByTestId('edit-preview').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'photo-editor-390-dark-adjust', { fullPage: false });
    await phone.close();
  });
});

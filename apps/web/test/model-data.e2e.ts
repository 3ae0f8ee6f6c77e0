import {
  createModel,
  isolatedPrefix,
  isolatedStorage,
  signedInAdmin,
  startApi,
  startWorker,
} from '@phoenix4ge/api/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInContexts } from './browser';

/**
 * The model settings' Personal data card in Chromium against the real api and worker: an export appears ready with
 * its download link once the worker wrote it (live, no reload) and the link downloads the ZIP; erasing asks for the
 * slug, then the model is gone and the admin is back on the models list.
 */
describe('personal data of a model in the browser', () => {
  const env = { ...isolatedPrefix(), ...isolatedStorage() };
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let browser: Browser;
  let adminCookie: string;
  const contextFor = signedInContexts(
    () => browser,
    () => api.url,
  );

  beforeAll(async () => {
    api = await startApi(env);
    worker = await startWorker(env);
    browser = await launchChromium();
    adminCookie = (await signedInAdmin(api)).cookie;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await api?.stop();
  });

  it('exports with a live link, then erases behind the typed slug', async () => {
    const model = await createModel(api);
    const { context, page } = await contextFor(adminCookie);
    await page.goto(`${api.url}/m/${model.slug}/settings`);
    const card = page.getByTestId('model-data-card');
    await card.getByTestId('model-export').click();
    const link = card.getByTestId('model-export-link');
    await link.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => card.getByTestId('model-exports').locator('.badge').first().textContent())
      .toBe('ready');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/\/api\/exports\/[A-Za-z0-9_-]{43}$/);
    const download = await page.request.get(href);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('application/zip');
    await screenshot(page, 'model-data-export');

    await card.getByTestId('model-erase').click();
    const dialog = page.getByTestId('model-erase-dialog');
    const confirm = dialog.getByTestId('model-erase-confirm');
    await expect.poll(() => confirm.isDisabled()).toBe(true);
    await dialog.getByTestId('model-erase-slug').fill('not-the-slug');
    await expect.poll(() => confirm.isDisabled()).toBe(true);
    await dialog.getByTestId('model-erase-slug').fill(model.slug);
    await confirm.click();
    await page.waitForURL(/\/models$/, { timeout: 60_000 });
    await expect.poll(async () => api.services.models.bySlug(model.slug)).toBeUndefined();
    await context.close();
  });
});

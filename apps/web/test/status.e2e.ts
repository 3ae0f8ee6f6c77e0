import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createUser, signIn, startApi, startWorker } from '@phoenix4ge/api/testing';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';

describe('status page in Chromium, served by the running api', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let browser: Browser;
  /** A browser context signed in as an admin: the app needs a user, and `system.ping` a signed-in one. */
  let context: BrowserContext;

  beforeAll(async () => {
    api = await startApi();
    if (!existsSync(path.join(api.config.webDistPath, 'index.html'))) {
      throw new Error(
        `The SPA is not built at ${api.config.webDistPath}; run \`pnpm build\` (pnpm test does).`,
      );
    }
    worker = await startWorker();
    browser = await launchChromium();
    const admin = await createUser(api, { isAdmin: true });
    const cookie = await signIn(api.url, admin.email, admin.password);
    const separator = cookie.indexOf('=');
    context = await browser.newContext();
    await context.addCookies([
      { name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: api.url },
    ]);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await worker?.stop();
    await api?.stop();
  });

  it('shows database, Redis and worker green, and a worker answers a ping', async () => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${api.url}/status`);
    for (const part of ['database', 'redis', 'worker']) {
      await page
        .locator(`[data-testid="status-${part}"][data-status="healthy"]`)
        .waitFor({ timeout: 20_000 });
    }
    await page.locator('[data-testid="overall-status"][data-status="ok"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="service-worker"]').textContent()).toContain(worker.workerId);

    await page.getByTestId('ping-button').click();
    const result = page.getByTestId('ping-result');
    await result.filter({ hasText: worker.workerId }).waitFor({ timeout: 15_000 });

    const shots = path.resolve(import.meta.dirname, '../../../.cache/e2e');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'status.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('serves a client-side route on reload and shows the not-found page for unknown ones', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${api.url}/status`);
    expect(response?.status()).toBe(200);
    await page.locator('[data-testid="status-database"]').waitFor();
    await page.goto(`${api.url}/no/such/page`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/not found/i);
  });
});

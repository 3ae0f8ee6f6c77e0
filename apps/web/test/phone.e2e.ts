import { createModel, signedInAdmin, startApi } from '@phoenix4ge/api/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from './browser';

/** Every signed-in page at 390 px wide: nothing wider than the screen (tables scroll inside themselves). */
describe('every page on a phone', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let browser: Browser;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('fits 390 px on every page', async () => {
    const { cookie } = await signedInAdmin(api);
    const { slug } = await createModel(api);
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const [name, value] = cookie.split('=') as [string, string];
    await phone.addCookies([{ name, value, url: api.url }]);
    const page = await phone.newPage();
    const paths = [
      '/',
      `/m/${slug}/library`,
      `/m/${slug}/library?trash=1`,
      `/m/${slug}/moderation`,
      `/m/${slug}/members`,
      `/m/${slug}/settings`,
      '/moderation',
      '/models',
      '/users',
      '/api-keys',
      '/audit',
      '/security',
      '/status',
      '/account/password',
    ];
    const wide: string[] = [];
    for (const path of paths) {
      await page.goto(`${api.url}${path}`);
      await page.locator('main h1, main h2').first().waitFor();
      // Loaded: no "Loading…" spinner left on the page (its tables and lists are in).
      await page.waitForFunction(() =>
        [...document.querySelectorAll('main [role="status"]')].every(
          (status) => !/Loading/.test(status.textContent ?? ''),
        ),
      );
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) {
        wide.push(`${path} (+${overflow}px)`);
        await screenshot(page, `phone-overflow-${path.replace(/\W+/g, '-')}`, { fullPage: false });
      }
    }
    expect(wide).toEqual([]);
    await phone.close();
  });
});

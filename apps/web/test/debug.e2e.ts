import { createModel, modelRow, signedInAdmin, startApi } from '@phoenix4ge/api/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchChromium, signedInContexts } from './browser';
import { seedMedia } from './library-seed';

describe('debug', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  const contextFor = signedInContexts(() => browser, () => api.url);
  beforeAll(async () => { api = await startApi(); browser = await launchChromium(); });
  afterAll(async () => { await browser?.close(); await api?.stop(); });
  it('debug', async () => {
    const { cookie } = await signedInAdmin(api);
    const created = await createModel(api);
    const model = await modelRow(api, created.slug);
    await seedMedia(api.config.database, model.id, [{ name: 'Portrait_1.jpg' }, { name: 'Portrait_2.jpg', moderation: 'approved' }, { name: 'Landscape_1.jpg', moderation: 'approved' }]);
    const { page } = await contextFor(cookie);
    page.on('console', (m) => console.log('console', m.text()));
    page.on('pageerror', (e) => console.log('pageerror', e.message));
    await page.goto(`${api.url}/m/${created.slug}/library?q=portr`);
    await page.getByTestId('media-card').first().waitFor();
    const dump = async (label: string) => console.log(label, page.url(), await page.evaluate(() => {
      const grid = document.querySelector('[data-testid="media-grid"]') as HTMLElement | null;
      return { rows: document.querySelectorAll('[data-row]').length, cards: document.querySelectorAll('[data-testid=media-card]').length, height: grid?.style.height, total: grid?.dataset.total, cols: grid?.dataset.columns, top: grid?.getBoundingClientRect().top, scrollY: window.scrollY };
    }));
    await dump('start');
    await page.getByTestId('sidebar-status-approved').click();
    await page.waitForTimeout(1000);
    await dump('approved');
    await page.getByTestId('library-search').fill('landsc');
    await page.waitForTimeout(1000);
    await dump('landsc');
    await page.goBack();
    await page.waitForTimeout(1000);
    await dump('back');
    console.log('ROWHTML', await page.evaluate(() => document.querySelector('[data-row]')?.outerHTML));
    await page.evaluate(() => window.scrollBy(0, 1));
    await page.waitForTimeout(500);
    await dump('after scroll');
  });
});

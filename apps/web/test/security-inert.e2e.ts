import { randomBytes } from 'node:crypto';
import {
  isolatedPrefix,
  signedInAdmin,
  startApi,
  startWorker,
  trpcClient,
  until,
} from '@phoenix4ge/api/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegWithExifText } from '../../api/test/support/hostile-images';
import { upload } from '../../api/test/support/uploads';
import { launchChromium, screenshot, signedInContexts } from './browser';

/**
 * Script in every place a user or a file can put text: a markup payload per place, each naming its own element
 * id (`inj-<place>`), so a payload that became markup anywhere is found by `querySelector`, and one that ran
 * anywhere fired a dialog.
 */
const payload = (place: string) =>
  `"><img src=x id=inj-${place} onerror=alert('${place}')><script id=inj-s-${place}>alert('${place}')</script>javascript:alert(1)`;
const shortPayload = (place: string) => `<img src=x id=inj-${place} onerror=alert(1)>`;

/**
 * Hostile EXIF (Make, Model, LensModel, Artist, Copyright, ImageDescription, Software, UserComment), a hostile
 * file name, caption, alt text, category and model name: the library grid, the detail panel, the audit log and the
 * public portfolio page show them as text. No dialog fires, no injected node exists, no `javascript:` link.
 */
describe('hostile text stays inert in the SPA and the portfolio page', () => {
  const prefix = isolatedPrefix();
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof signedInAdmin>>;
  let slug: string;
  const fileName = `"><img src=x id=inj-file onerror=alert(1)>.jpg`;
  /** Multipart (WHATWG form data, as browsers send it) escapes `"` in a file name as `%22`; the rest is kept. */
  const storedName = fileName.replaceAll('"', '%22');
  const modelName = shortPayload('modelname');
  const categoryName = shortPayload('category');
  const contextFor = signedInContexts(
    () => browser,
    () => api.url,
  );

  beforeAll(async () => {
    api = await startApi(prefix);
    worker = await startWorker({ ...prefix, MODERATION_PROVIDER: 'manual' });
    browser = await launchChromium();
    admin = await signedInAdmin(api);
    slug = `inert-${randomBytes(3).toString('hex')}`;
    await admin.client.models.create.mutate({ slug, displayName: modelName });
    await admin.client.categories.create.mutate({ modelSlug: slug, name: categoryName });
    const photo = await jpegWithExifText(payload);
    const result = await upload(api.url, slug, [{ name: fileName, data: photo, type: 'image/jpeg' }], {
      headers: { cookie: admin.cookie },
      fields: { category: categoryName, caption: payload('caption'), altText: payload('alt') },
    });
    const outcome = result.body.files?.[0];
    if (outcome?.status !== 'created') throw new Error(`upload failed: ${JSON.stringify(result.body)}`);
    await until(
      () => admin.client.media.byId.query({ modelSlug: slug, id: outcome.id }),
      (media) => media.processingStatus === 'ready',
      90_000,
    );
    await trpcClient(api.url, { cookie: admin.cookie }).moderation.decide.mutate({
      modelSlug: slug,
      ids: [outcome.id],
      decision: 'approve',
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await api?.stop();
  });

  /** Records dialogs from the first navigation on. */
  function watch(page: Page) {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    return dialogs;
  }

  async function expectInert(page: Page, dialogs: string[], where: string) {
    const injected = await page.evaluate(() => ({
      nodes: [...document.querySelectorAll('[id^="inj-"]')].map((node) => node.outerHTML.slice(0, 120)),
      links: [...document.querySelectorAll('a[href], area[href], iframe[src], form[action]')]
        .map(
          (node) =>
            node.getAttribute('href') ?? node.getAttribute('src') ?? node.getAttribute('action') ?? '',
        )
        .filter((url) => /^\s*javascript:/i.test(url)),
    }));
    expect(injected, where).toEqual({ nodes: [], links: [] });
    expect(dialogs, where).toEqual([]);
  }

  it('shows the file name, EXIF and caption as text in the library grid and the detail panel', async () => {
    const { context, page } = await contextFor(admin.cookie);
    const dialogs = watch(page);
    await page.goto(`${api.url}/m/${slug}/library`);
    const card = page.getByTestId('media-card').first();
    await card.waitFor({ timeout: 20_000 });
    expect(await card.textContent()).toContain(storedName);
    await expectInert(page, dialogs, 'library grid');

    await card.click();
    const detail = page.getByTestId('media-detail');
    await detail.waitFor();
    await detail.getByTestId('detail-metadata').waitFor();
    const camera = await detail.getByTestId('detail-camera').textContent();
    expect(camera).toContain(payload('make'));
    const text = (await detail.textContent()) ?? '';
    expect(text).toContain(payload('lens'));
    expect(text).toContain(storedName);
    // The editable fields hold the caption and alt text as values, not markup.
    const values = await detail
      .locator('input, textarea')
      .evaluateAll((fields) => fields.map((field) => (field as HTMLInputElement).value));
    expect(values).toContain(payload('caption'));
    await screenshot(page, 'security-inert-detail');
    await expectInert(page, dialogs, 'detail panel');
    await context.close();
  });

  it('shows the hostile names as text in the audit log', async () => {
    const { context, page } = await contextFor(admin.cookie);
    const dialogs = watch(page);
    await page.goto(`${api.url}/audit`);
    await page.getByTestId('audit-row').first().waitFor({ timeout: 20_000 });
    const table = (await page.getByTestId('audit-table').textContent()) ?? '';
    expect(table).toContain(modelName);
    expect(table).toContain(categoryName);
    // Open every row's details that can be opened, so the file names and fields are rendered too.
    for (const toggle of await page.locator('[data-testid="audit-row"] button').all()) {
      await toggle.click().catch(() => undefined);
    }
    await screenshot(page, 'security-inert-audit');
    await expectInert(page, dialogs, 'audit log');
    await context.close();
  });

  it('shows the model name, category and caption as text on the public portfolio page', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    const dialogs = watch(page);
    await page.goto(`${api.url}/portfolio/${slug}`);
    await expect.poll(() => page.getByTestId('portfolio-title').textContent()).toBe(modelName);
    await page.getByTestId('portfolio-item').first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('portfolio-tabs').textContent()).toContain(categoryName);
    await expectInert(page, dialogs, 'portfolio grid');
    await page.getByTestId('portfolio-item').first().click();
    await page.getByTestId('lightbox').waitFor();
    await expect.poll(() => page.getByTestId('lightbox-caption').textContent()).toBe(payload('caption'));
    const alt = await page.locator('[data-testid="lightbox"] img').first().getAttribute('alt');
    expect(alt).toBe(payload('alt'));
    await screenshot(page, 'security-inert-portfolio');
    await expectInert(page, dialogs, 'portfolio lightbox');
    await context.close();
  });
});

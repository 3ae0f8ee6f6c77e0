import { readFileSync } from 'node:fs';
import {
  createModel,
  isolatedPrefix,
  modelRow,
  signedInAdmin,
  startApi,
  startWorker,
  trpcClient,
  until,
} from '@phoenix4ge/api/testing';
import type { PublicEvents } from '@phoenix4ge/shared';
import { portfolioPath } from '@phoenix4ge/shared';
import type { Browser, BrowserContext, Page, Request, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyticsFlushJobs } from '../../api/test/support/analytics-flush';
import { fixture, upload } from '../../api/test/support/uploads';
import { launchChromium, screenshot, signedInContexts } from './browser';

type Api = Awaited<ReturnType<typeof startApi>>;

/** A desktop Chrome: the analytics ignore bots, and Playwright's "HeadlessChrome" is one. */
const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

interface Photo {
  file: string;
  id: number;
  category: 'Portraits' | 'Landscapes';
  caption: string;
}

/**
 * The portfolio page (`/portfolio/:modelSlug`) in Chromium against the real api and worker: six approved photos
 * in two categories, read through the public API alone. Modern formats only, ThumbHash placeholders before the
 * images, category tabs in the URL, the lightbox by mouse and keyboard, the download; and the views and the
 * download it reports are counted after the analytics flush (the last block).
 */
describe('the portfolio page in the browser', () => {
  const prefix = isolatedPrefix();
  let api: Api;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let browser: Browser;
  let flush: ReturnType<typeof analyticsFlushJobs>;
  let client: ReturnType<typeof trpcClient>;
  let slug: string;
  const categoryIds = new Map<string, number>();
  const photos: Photo[] = [];
  /** Newest first, as the "All" tab lists them. */
  const newestFirst = () => photos.map((photo) => photo.id).reverse();
  const idsOf = (category: Photo['category']) =>
    photos.filter((photo) => photo.category === category).map((photo) => photo.id);
  let lastPage: Page | undefined;
  let adminCookie: string;
  const signedIn = signedInContexts(
    () => browser,
    () => api.url,
  );

  async function visitor(
    viewport = { width: 1360, height: 900 },
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, userAgent: USER_AGENT });
    lastPage = await context.newPage();
    return { context, page: lastPage };
  }

  /** The media ids of the grid's tiles, in order. */
  const gridIds = (page: Page) =>
    page
      .getByTestId('portfolio-item')
      .evaluateAll((tiles) => tiles.map((tile) => Number((tile as HTMLElement).dataset.mediaId)));

  beforeAll(async () => {
    api = await startApi(prefix);
    worker = await startWorker({ ...prefix, MODERATION_PROVIDER: 'manual' });
    browser = await launchChromium();
    flush = analyticsFlushJobs(api.config.redis);
    const admin = await signedInAdmin(api);
    adminCookie = admin.cookie;
    client = trpcClient(api.url, { cookie: admin.cookie });
    slug = (await createModel(api)).slug;
    const model = await modelRow(api, slug);
    await api.services.models.update(model, { displayName: 'Ana Example' });
    for (const name of ['Portraits', 'Landscapes'] as const) {
      categoryIds.set(name, (await api.services.categories.create(model, { name })).id);
    }
    // Uploaded one by one, so "newest first" is the order of this list reversed.
    const files = [
      ['Portrait_1.jpg', 'Portraits'],
      ['Landscape_1.jpg', 'Landscapes'],
      ['Portrait_2.jpg', 'Portraits'],
      ['Landscape_2.jpg', 'Landscapes'],
      ['Portrait_3.jpg', 'Portraits'],
      ['Landscape_3.jpg', 'Landscapes'],
    ] as const;
    for (const [file, category] of files) {
      const result = await upload(api.url, slug, [{ name: file, data: fixture(file), type: 'image/jpeg' }], {
        headers: { cookie: admin.cookie },
      });
      const outcome = result.body.files?.[0];
      if (outcome?.status !== 'created')
        throw new Error(`upload of ${file} failed: ${JSON.stringify(result.body)}`);
      photos.push({
        file,
        id: outcome.id,
        category,
        caption: `${category.slice(0, -1)} ${file.slice(-5, -4)}`,
      });
    }
    for (const photo of photos) {
      const ready = await until(
        () => client.media.byId.query({ modelSlug: slug, id: photo.id }),
        (media) => media.processingStatus === 'ready',
        90_000,
      );
      await api.services.library.update(model, {
        id: photo.id,
        revision: ready.revision,
        altText: `${photo.file} alt`,
        caption: photo.caption,
        categoryId: categoryIds.get(photo.category) ?? null,
      });
    }
    await client.media.bulk.mutate({
      modelSlug: slug,
      selection: { ids: photos.map((photo) => photo.id) },
      action: { type: 'moderate', decision: 'approve' },
    });
  }, 180_000);
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail' && lastPage && !lastPage.isClosed()) {
      await screenshot(lastPage, `failed-${test.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await flush?.close();
    await worker?.stop();
    await api?.stop();
  });

  it('loads AVIF or WebP only, with ThumbHash placeholders until the images arrive', async () => {
    const { context, page } = await visitor();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // The images are held until the placeholders have been looked at.
    const held: Route[] = [];
    let release = false;
    await page.route('**/i/**', (route) => (release ? route.continue() : void held.push(route)));
    const images: { url: string; type: string }[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/i/')) {
        images.push({ url: response.url(), type: response.headers()['content-type'] ?? '' });
      }
    });

    await page.goto(`${api.url}${portfolioPath(slug)}`);
    await expect.poll(() => page.getByTestId('portfolio-title').textContent()).toBe('Ana Example');
    await expect.poll(() => gridIds(page)).toEqual(newestFirst());
    expect(await page.getByTestId('portfolio-tab').allTextContents()).toEqual([
      'All',
      'Portraits 3',
      'Landscapes 3',
    ]);

    // Every tile: its colour and blurred preview painted, its box already the photo's shape, no image yet.
    await expect.poll(() => held.length).toBeGreaterThanOrEqual(photos.length);
    const tiles = await page.getByTestId('portfolio-item').evaluateAll((elements) =>
      elements.map((element) => {
        const style = getComputedStyle(element);
        const img = element.querySelector('img');
        return {
          background: style.backgroundImage,
          color: style.backgroundColor,
          ratio: element.getBoundingClientRect().width / element.getBoundingClientRect().height,
          natural: img ? img.width / img.height : 0,
          loaded: (element as HTMLElement).dataset.loaded,
          opacity: img ? getComputedStyle(img).opacity : '',
        };
      }),
    );
    for (const tile of tiles) {
      expect(tile.background).toMatch(/^url\("data:image\/png;base64,/);
      expect(tile.color).not.toBe('rgba(0, 0, 0, 0)');
      expect(tile.ratio).toBeCloseTo(tile.natural, 1);
      expect(tile.loaded).toBeUndefined();
      expect(tile.opacity).toBe('0');
    }
    await screenshot(page, 'portfolio-placeholders', { fullPage: false });

    release = true;
    for (const route of held.splice(0)) await route.continue();
    await page
      .locator('[data-testid="portfolio-item"][data-loaded="true"]')
      .nth(photos.length - 1)
      .waitFor();
    await expect
      .poll(() =>
        page
          .locator('[data-testid="portfolio-item"] img')
          .evaluateAll((imgs) => imgs.map((img) => getComputedStyle(img).opacity)),
      )
      .toEqual(photos.map(() => '1'));
    const sources = await page
      .locator('[data-testid="portfolio-item"] img')
      .evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).currentSrc));
    for (const source of sources) expect(new URL(source).pathname).toMatch(/^\/i\/[\w-]+\/\w+$/);
    expect(images.length).toBeGreaterThanOrEqual(photos.length);
    for (const image of images) expect(image.type, image.url).toMatch(/^image\/(avif|webp)$/);
    // Each <picture> offers a modern format first: the JPEG srcset is only the <img>'s fallback.
    const pictures = await page
      .locator('[data-testid="portfolio-item"] picture')
      .evaluateAll((elements) =>
        elements.map((picture) => [...picture.querySelectorAll('source')].map((source) => source.type)),
      );
    for (const types of pictures) expect(types.at(-1)).toBe('image/webp');
    await screenshot(page, 'portfolio-grid');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('follows the cursor as the visitor scrolls, or presses "Load more"', async () => {
    // A phone: one column, about a photo and a half a screen.
    const { context, page } = await visitor({ width: 400, height: 700 });
    // Two items a page, so the grid has to follow the cursor.
    const galleryRequests: URLSearchParams[] = [];
    await page.route('**/api/public/*/gallery*', (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('limit', '2');
      galleryRequests.push(url.searchParams);
      return route.continue({ url: url.toString() });
    });
    await page.goto(`${api.url}${portfolioPath(slug)}`);
    const more = page.getByTestId('portfolio-more');
    // The end of the first page is within a screen of the bottom: the second is read without asking.
    await expect.poll(() => gridIds(page)).toEqual(newestFirst().slice(0, 4));
    // The end of the second is further: the visitor asks for more.
    expect(await more.isVisible()).toBe(true);
    expect(await more.isEnabled()).toBe(true);
    // Pressed where it is: a click that scrolled it into view would start the infinite scroll first, and on a slow
    // machine that read ends (the button disabled, then hidden: nothing is left) before the click could land.
    await more.dispatchEvent('click');
    await expect.poll(() => gridIds(page)).toEqual(newestFirst());
    await more.waitFor({ state: 'hidden' });
    expect(galleryRequests.length).toBe(3);
    expect(galleryRequests[0]?.has('cursor')).toBe(false);
    expect(galleryRequests.slice(1).every((search) => search.has('cursor'))).toBe(true);
    await context.close();
  });

  it('switches category: only its photos, the URL names it, Back restores the previous one', async () => {
    const { context, page } = await visitor();
    await page.goto(`${api.url}${portfolioPath(slug)}`);
    await expect.poll(() => gridIds(page)).toEqual(newestFirst());
    const tab = (name: string) => page.getByTestId('portfolio-tab').filter({ hasText: name });
    const portraits = categoryIds.get('Portraits');
    const landscapes = categoryIds.get('Landscapes');

    await tab('Portraits').click();
    await page.waitForURL(`**${portfolioPath(slug)}?category=${portraits}`);
    await expect.poll(() => gridIds(page)).toEqual(idsOf('Portraits').reverse());
    expect(await tab('Portraits').getAttribute('aria-current')).toBe('page');
    expect(await tab('All').getAttribute('aria-current')).toBeNull();

    // By keyboard: the tabs are links.
    await tab('Landscapes').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**?category=${landscapes}`);
    await expect.poll(() => gridIds(page)).toEqual(idsOf('Landscapes').reverse());

    await page.goBack();
    await page.waitForURL(`**?category=${portraits}`);
    await expect.poll(() => gridIds(page)).toEqual(idsOf('Portraits').reverse());
    expect(await tab('Portraits').getAttribute('aria-current')).toBe('page');
    await page.goBack();
    await page.waitForURL(`**${portfolioPath(slug)}`);
    await expect.poll(() => gridIds(page)).toEqual(newestFirst());

    // The URL alone opens the category.
    await page.goto(`${api.url}${portfolioPath(slug)}?category=${landscapes}`);
    await expect.poll(() => gridIds(page)).toEqual(idsOf('Landscapes').reverse());
    await context.close();
  });

  it('opens the lightbox by mouse and keyboard: larger picture, caption, ← and →, Escape gives focus back', async () => {
    const { context, page } = await visitor();
    await page.goto(`${api.url}${portfolioPath(slug)}`);
    await expect.poll(() => gridIds(page)).toEqual(newestFirst());
    const [first, second] = newestFirst().map((id) => photos.find((photo) => photo.id === id));
    if (!first || !second) throw new Error('no photos');
    const dialog = page.getByTestId('lightbox');
    const caption = page.getByTestId('lightbox-caption');
    const tile = (id: number) => page.locator(`[data-testid="portfolio-item"][data-media-id="${id}"]`);

    // Keyboard: Tab past the three category tabs to the first photo, which shows it has focus; Enter.
    for (let press = 0; press < 4; press += 1) await page.keyboard.press('Tab');
    expect(await tile(first.id).evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await tile(first.id).evaluate((element) => getComputedStyle(element).outlineStyle)).toBe('solid');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    expect(await caption.textContent()).toBe(first.caption);
    expect(await page.getByTestId('lightbox-position').textContent()).toBe(`1 / ${photos.length}`);
    const picture = dialog.locator('picture');
    expect(await picture.locator('img').getAttribute('alt')).toBe(`${first.file} alt`);
    expect(await picture.locator('img').getAttribute('sizes')).toBe('100vw');
    expect(await picture.locator('source').first().getAttribute('sizes')).toBe('100vw');
    await dialog.locator('.lightbox-frame[data-loaded="true"]').waitFor();
    // The screen-wide picture is a larger file than the grid's.
    const naturalWidth = (img: HTMLImageElement) => img.naturalWidth;
    expect(await picture.locator('img').evaluate(naturalWidth)).toBeGreaterThan(
      await tile(first.id).locator('img').evaluate(naturalWidth),
    );
    expect(await page.getByTestId('lightbox-previous').isDisabled()).toBe(true);
    expect(
      await dialog.evaluate((element) => element.contains(document.activeElement)),
      'focus is inside the lightbox',
    ).toBe(true);
    await screenshot(page, 'portfolio-lightbox', { fullPage: false });

    await page.keyboard.press('ArrowRight');
    await expect.poll(() => caption.textContent()).toBe(second.caption);
    expect(await page.getByTestId('lightbox-position').textContent()).toBe(`2 / ${photos.length}`);
    expect(await page.getByTestId('lightbox-download').getAttribute('href')).toBe(
      `/api/public/${slug}/media/${second.id}/download`,
    );
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => caption.textContent()).toBe(first.caption);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await tile(first.id).evaluate((element) => element === document.activeElement)).toBe(true);

    // Mouse: a click on a photo, the next button, the close button; focus lands on the photo last shown.
    await tile(second.id).click();
    await dialog.waitFor();
    expect(await caption.textContent()).toBe(second.caption);
    await page.getByTestId('lightbox-next').click();
    const third = photos.find((photo) => photo.id === newestFirst()[2]);
    await expect.poll(() => caption.textContent()).toBe(third?.caption);
    await page.getByTestId('lightbox-close').click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await tile(third?.id ?? 0).evaluate((element) => element === document.activeElement)).toBe(true);
    await context.close();
  });

  it('downloads the photo shown as a JPEG named after the original', async () => {
    const { context, page } = await visitor();
    await page.goto(`${api.url}${portfolioPath(slug)}`);
    const photo = photos[0];
    if (!photo) throw new Error('no photos');
    await page.locator(`[data-testid="portfolio-item"][data-media-id="${photo.id}"]`).click();
    await page.getByTestId('lightbox').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('lightbox-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe(photo.file);
    const bytes = readFileSync(await download.path());
    // A whole JPEG: start and end of image markers.
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    await context.close();
  });

  it('shows a clear "not found" for an unknown portfolio', async () => {
    const { context, page } = await visitor();
    const response = await page.goto(`${api.url}${portfolioPath('no-such-model')}`);
    expect(response?.status()).toBe(404);
    await expect.poll(() => page.getByTestId('portfolio-title').textContent()).toBe('Portfolio not found');
    expect(await page.getByTestId('portfolio-status').textContent()).toBe(
      'There is no portfolio at this address.',
    );
    expect(await page.getByTestId('portfolio-item').count()).toBe(0);
    await context.close();
  });

  describe('after the analytics flush', () => {
    /** The photos a visitor saw, from the beacons the page sent. */
    const beaconed = new Set<number>();

    it('reports the photos seen for a second in batched beacons, each once', async () => {
      const { context, page } = await visitor({ width: 1360, height: 2000 });
      const beacons: PublicEvents[] = [];
      page.on('request', (request: Request) => {
        if (request.method() === 'POST' && request.url().endsWith(`/api/public/${slug}/events`)) {
          beacons.push(JSON.parse(request.postData() ?? '{}') as PublicEvents);
        }
      });
      await page.goto(`${api.url}${portfolioPath(slug)}`);
      await expect.poll(() => gridIds(page)).toEqual(newestFirst());
      // Every photo is on this tall screen (two rows of three): all are seen within the next round of beacons.
      await expect
        .poll(() => new Set(beacons.flatMap((beacon) => beacon.events.map((event) => event.mediaId))).size, {
          timeout: 20_000,
        })
        .toBe(photos.length);
      const sent = beacons.flatMap((beacon) => beacon.events);
      expect(sent.every((event) => event.type === 'view')).toBe(true);
      expect(new Set(sent.map((event) => event.mediaId)).size).toBe(sent.length);
      expect(beacons.every((beacon) => beacon.events.length <= 50)).toBe(true);
      for (const event of sent) beaconed.add(event.mediaId);
      expect([...beaconed].sort()).toEqual(photos.map((photo) => photo.id).sort());
      await context.close();
    });

    it('counts each photo viewed once and the download once (api: analytics.media, analytics.overview)', async () => {
      const downloaded = photos[0]?.id ?? 0;
      const totalsOf = async (mediaId: number) =>
        (await client.analytics.media.query({ modelSlug: slug, mediaId })).totals;
      // Beacons may still be on their way when a flush runs: flush and read until they have all landed.
      await expect
        .poll(
          async () => {
            await flush.run();
            return Promise.all(photos.map(async (photo) => (await totalsOf(photo.id)).views));
          },
          { timeout: 30_000 },
        )
        .toEqual(photos.map(() => 1));
      expect((await totalsOf(downloaded)).downloads).toBe(1);
      const overview = await client.analytics.overview.query({ modelSlug: slug });
      const today = new Date().toISOString().slice(0, 10);
      const day = overview.days.find((entry) => entry.day === today);
      expect(day).toMatchObject({ views: photos.length, downloads: 1 });
    });

    it("shows the views and the download on the model's analytics page in the SPA", async () => {
      const { context, page } = await signedIn(adminCookie);
      await page.goto(`${api.url}/m/${slug}/analytics`);
      await expect
        .poll(() => page.getByTestId('analytics-views-total').getAttribute('data-value'))
        .toBe(String(photos.length));
      expect(await page.getByTestId('analytics-downloads-total').getAttribute('data-value')).toBe('1');
      await context.close();
    });
  });
});

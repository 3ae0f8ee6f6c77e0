import {
  createModel,
  signedInAdmin,
  signedInMember,
  startApi,
  startWorker,
  trpcClient,
  until,
} from '@phoenix4ge/api/testing';
import { ModelSettingsSchema } from '@phoenix4ge/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, upload } from '../../api/test/support/uploads';
import { launchChromium, screenshot, signedInContexts } from './browser';

type Api = Awaited<ReturnType<typeof startApi>>;
type Client = ReturnType<typeof trpcClient>;

const item = (page: Page, name: string) => page.getByTestId('queue-item').filter({ hasText: name });
/** One queue item by media id (the all-models queue may hold other test files' copies of the same photo). */
const itemWithId = (page: Page, id: number) =>
  page.locator(`[data-testid="queue-item"][data-media-id="${id}"]`);

/** Waits for the live region to say exactly `text`. */
async function announced(page: Page, text: string) {
  const region = page.getByTestId('moderation-announcer');
  await region.filter({ hasText: text }).waitFor();
  expect(await region.textContent()).toBe(text);
}

/** The model's policy with every image flagged: Porn + Hentai ≥ 0 always holds, and ≥ 1 (reject) never does here. */
async function flagEverything(admin: Client, modelSlug: string) {
  const defaults = ModelSettingsSchema.parse({});
  await admin.models.update.mutate({
    modelSlug,
    settings: { ...defaults, moderation: { ...defaults.moderation, flagAt: 0, rejectAt: 1 } },
  });
}

/** Uploads a fixture photo as `cookie`'s user through the upload route; returns the new media id. */
async function uploadPhoto(api: Api, modelSlug: string, cookie: string, name: string): Promise<number> {
  const { status, body } = await upload(
    api.url,
    modelSlug,
    [{ name, data: fixture(name), type: 'image/jpeg' }],
    { headers: { cookie } },
  );
  const outcome = body.files?.[0];
  if (status !== 201 || outcome?.status !== 'created') {
    throw new Error(`upload of ${name} failed: ${status} ${JSON.stringify(body)}`);
  }
  return outcome.media.id;
}

/** Waits until the worker's provider (the on-device classifier) has flagged the item. */
function flaggedByProvider(client: Client, modelSlug: string, id: number) {
  return until(
    () => client.media.byId.query({ modelSlug, id }),
    (media) => media.moderationStatus === 'flagged',
    60_000,
  );
}

/**
 * The moderation queue in Chromium against the real api and worker (on-device nsfwjs classifier, the `local`
 * provider): a model's policy flags every image, so each upload lands in the queue with real scores; people
 * decide by keyboard and in bulk, and the audit log names them.
 */
describe('moderation queue in the browser', () => {
  let api: Api;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let browser: Browser;
  let slug: string;
  let admin: Awaited<ReturnType<typeof signedInAdmin>>;
  let editor: Awaited<ReturnType<typeof signedInMember>>;
  let editorClient: Client;
  let viewerCookie: string;

  const contextFor = signedInContexts(
    () => browser,
    () => api.url,
  );

  beforeAll(async () => {
    api = await startApi();
    worker = await startWorker();
    browser = await launchChromium();
    admin = await signedInAdmin(api);
    slug = (await createModel(api)).slug;
    await flagEverything(admin.client, slug);
    editor = await signedInMember(api, slug, 'editor');
    editorClient = trpcClient(api.url, { cookie: editor.cookie });
    viewerCookie = (await signedInMember(api, slug, 'viewer')).cookie;
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await api?.stop();
  });

  it('an item flagged by the provider is approved with the keyboard in the moderation queue and the audit log shows who did it', async () => {
    const id = await uploadPhoto(api, slug, editor.cookie, 'DSCN0010.jpg');
    const flagged = await flaggedByProvider(editorClient, slug, id);
    expect(flagged.moderatedAt).toBeNull();

    const { context, page } = await contextFor(editor.cookie);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // The editor finds the queue next to the library.
    await page.goto(`${api.url}/m/${slug}/library`);
    await page.getByTestId('nav-moderation').click();
    await page.waitForURL(`**/m/${slug}/moderation`);
    const photo = item(page, 'DSCN0010.jpg');
    await photo.waitFor();
    expect(await photo.getAttribute('data-status')).toBe('flagged');
    expect(await photo.getAttribute('data-current')).toBe('true');
    expect(await photo.getByTestId('queue-item-score').count()).toBe(2);

    // The preview shows what the classifier said.
    const preview = page.getByTestId('queue-preview');
    expect(await preview.getAttribute('data-media-id')).toBe(String(id));
    expect(await preview.getByTestId('score-row').count()).toBe(5);
    for (const value of await preview.getByTestId('score-row').getByTestId('score-value').allTextContents()) {
      expect(value).toMatch(/^\d{1,3} %$/);
    }
    expect(await preview.getByTestId('score-explicit').getByTestId('score-value').textContent()).toMatch(
      /^\d{1,3} %$/,
    );
    expect(await preview.getByTestId('score-suggestive').getByTestId('score-value').textContent()).toMatch(
      /^\d{1,3} %$/,
    );
    expect(await preview.getByTestId('preview-provider-name').textContent()).toContain('local');
    expect(await preview.getByTestId('preview-classifier').textContent()).toMatch(/MobileNetV2/);
    expect(await preview.getByTestId('preview-reason').textContent()).toMatch(/^Explicit \d+ % ≥ 0 %$/);
    await preview.locator('[data-testid="preview-image"][data-loaded="true"]').waitFor();
    expect(await page.getByTestId('shortcut-legend').locator('kbd').count()).toBeGreaterThanOrEqual(8);
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 10_000 });
    await screenshot(page, 'moderation-queue');

    // A on the keyboard approves it: it leaves the queue, the decision is announced.
    await page.keyboard.press('a');
    await photo.waitFor({ state: 'detached' });
    await announced(page, 'Approved DSCN0010.jpg');
    await page.getByTestId('moderation-empty').waitFor();
    expect(await page.getByTestId('moderation-empty').textContent()).toContain(
      'Nothing waits for a decision',
    );
    await screenshot(page, 'moderation-empty');

    const approved = await editorClient.media.byId.query({ modelSlug: slug, id });
    expect(approved.moderationStatus).toBe('approved');
    expect(approved.moderatedAt).toBeInstanceOf(Date);
    expect(approved.moderationReason).toBe(`Approved by ${editor.user.email}`);
    expect(pageErrors).toEqual([]);
    await context.close();

    // The admin's audit log names the editor.
    const audit = await contextFor(admin.cookie);
    await audit.page.goto(`${api.url}/audit`);
    await audit.page.getByTestId('audit-filter-action').fill('moderation.decide');
    await audit.page.getByTestId('audit-filter-apply').click();
    const row = audit.page
      .locator('[data-testid="audit-row"][data-action="moderation.decide"]')
      .filter({ hasText: `media #${id}` });
    await row.waitFor();
    expect(await row.textContent()).toContain(editor.user.email);
    expect(await row.textContent()).toContain('Approved 1 photo');
    await screenshot(audit.page, 'moderation-audit');
    await audit.context.close();
  });

  it('follows live changes, moves with J and K, keeps a failed decision, and rejects by reason and in bulk', async () => {
    const { context, page } = await contextFor(editor.cookie);
    await page.goto(`${api.url}/m/${slug}/moderation`);
    await page.getByTestId('moderation-empty').waitFor();
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor({ timeout: 10_000 });

    // Uploads reach the open queue without a reload once the provider has flagged them.
    const names = ['DSCN0021.jpg', 'DSCN0027.jpg', 'DSCN0040.jpg'];
    // One at a time, so they are listed in upload order (the first one listed becomes current and stays so).
    const ids: number[] = [];
    for (const name of names) {
      const id = await uploadPhoto(api, slug, editor.cookie, name);
      ids.push(id);
      await flaggedByProvider(editorClient, slug, id);
      await item(page, name).waitFor({ timeout: 20_000 });
    }

    // Someone else's decision takes an item out of the open queue, again without a reload.
    const elsewhere = await uploadPhoto(api, slug, editor.cookie, 'concert.jpg');
    await flaggedByProvider(editorClient, slug, elsewhere);
    await item(page, 'concert.jpg').waitFor({ timeout: 20_000 });
    await admin.client.moderation.decide.mutate({ modelSlug: slug, ids: [elsewhere], decision: 'approve' });
    await item(page, 'concert.jpg').waitFor({ state: 'detached', timeout: 20_000 });
    const [first, second, third] = names.map((name) => item(page, name));
    if (!first || !second || !third) throw new Error('three items expected');
    const current = page.locator('[data-testid="queue-item"][data-current="true"]');
    expect(await current.getAttribute('data-media-id')).toBe(String(ids[0]));

    // J / K and the arrows move the current item; the preview follows.
    await page.keyboard.press('j');
    await second.and(current).waitFor();
    expect(await page.getByTestId('queue-preview').getAttribute('data-media-id')).toBe(String(ids[1]));
    await page.keyboard.press('k');
    await first.and(current).waitFor();
    await page.keyboard.press('ArrowDown');
    await second.and(current).waitFor();
    await page.keyboard.press('ArrowUp');
    await first.and(current).waitFor();

    // Shortcuts stay quiet while typing in the reason field.
    const reason = page.getByTestId('decision-reason');
    await reason.click();
    await page.keyboard.type('jak');
    await first.and(current).waitFor();
    expect(await reason.inputValue()).toBe('jak');
    await page.keyboard.press('Escape');
    await reason.fill('');
    await page.keyboard.press('Escape');

    // A decision the api does not take leaves the item where it was, with the reason why.
    await page.route('**/trpc/moderation.decide**', (route) => route.abort('connectionrefused'));
    await page.keyboard.press('a');
    await page.getByTestId('moderation-error').waitFor();
    expect(await page.getByTestId('moderation-error').textContent()).toContain(
      'Could not approve DSCN0021.jpg',
    );
    expect(await first.getAttribute('data-current')).toBe('true');
    await page.unroute('**/trpc/moderation.decide**');

    // R asks for a reason; Enter in the field rejects with it, and the next item becomes current.
    await page.getByTestId('moderation-error').getByRole('button', { name: 'Dismiss' }).click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await third.and(current).waitFor();
    await page.keyboard.press('r');
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('data-testid') === 'decision-reason',
    );
    expect(await page.getByTestId('decision-hint').getAttribute('data-armed')).toBe('reject');
    await page.keyboard.type('blurry');
    await page.keyboard.press('Enter');
    await third.waitFor({ state: 'detached' });
    await announced(page, 'Rejected DSCN0040.jpg');
    // The last item went: the one before it is current.
    await second.and(current).waitFor();
    const blurry = await editorClient.media.byId.query({ modelSlug: slug, id: ids[2] ?? 0 });
    expect(blurry).toMatchObject({ moderationStatus: 'rejected', moderationReason: 'blurry' });

    // X selects the current item, a checkbox another; the bulk bar rejects both with one reason.
    await page.keyboard.press('x');
    await first.getByTestId('queue-item-select').check();
    const bar = page.getByTestId('bulk-bar');
    await bar.waitFor();
    expect(await bar.getByTestId('bulk-count').textContent()).toBe('2 selected');
    // Both shown are selected: "select all" says so, and clears and selects them again.
    const selectAll = page.getByTestId('queue-select-all');
    expect(await selectAll.isChecked()).toBe(true);
    await selectAll.uncheck();
    await bar.waitFor({ state: 'detached' });
    await selectAll.check();
    expect(await bar.getByTestId('bulk-count').textContent()).toBe('2 selected');
    await bar.getByTestId('bulk-reason').fill('not this model');
    await screenshot(page, 'moderation-bulk');
    await bar.getByTestId('bulk-reject').click();
    await first.waitFor({ state: 'detached' });
    await second.waitFor({ state: 'detached' });
    await announced(page, 'Rejected 2 items');
    await page.getByTestId('moderation-empty').waitFor();
    for (const id of ids.slice(0, 2)) {
      const media = await editorClient.media.byId.query({ modelSlug: slug, id });
      expect(media).toMatchObject({ moderationStatus: 'rejected', moderationReason: 'not this model' });
      expect(media.moderatedAt).toBeInstanceOf(Date);
    }
    await context.close();
  });

  it("shows an admin every model's queue and decides a selection spanning two models", async () => {
    const other = (await createModel(api)).slug;
    await flagEverything(admin.client, other);
    const here = await uploadPhoto(api, slug, admin.cookie, 'Landscape_1.jpg');
    const there = await uploadPhoto(api, other, admin.cookie, 'Canon_40D.jpg');
    await flaggedByProvider(admin.client, slug, here);
    await flaggedByProvider(admin.client, other, there);

    const { context, page } = await contextFor(admin.cookie);
    await page.goto(`${api.url}/`);
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('nav-moderation-all').click();
    await page.waitForURL('**/moderation');
    const mine = itemWithId(page, here);
    const theirs = itemWithId(page, there);
    await mine.waitFor();
    await theirs.waitFor();
    expect(await mine.getByTestId('queue-item-model').textContent()).toBe(`Model ${slug}`);
    expect(await theirs.getByTestId('queue-item-model').textContent()).toBe(`Model ${other}`);

    // Select both (not "select all": other test files' models may have items waiting too), then A approves the
    // selection with one decide call per model.
    const decideCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('moderation.decide')) decideCalls.push(request.postData() ?? '');
    });
    await mine.getByTestId('queue-item-select').check();
    await theirs.getByTestId('queue-item-select').check();
    expect(await page.getByTestId('bulk-count').textContent()).toBe('2 selected');
    await screenshot(page, 'moderation-all-models');
    await page.keyboard.press('a');
    await mine.waitFor({ state: 'detached' });
    await theirs.waitFor({ state: 'detached' });
    await announced(page, 'Approved 2 items');
    // The two calls may share one batched request; both models are named.
    expect(decideCalls.join('\n')).toContain(slug);
    expect(decideCalls.join('\n')).toContain(other);
    for (const [modelSlug, id] of [
      [slug, here],
      [other, there],
    ] as const) {
      const media = await admin.client.media.byId.query({ modelSlug, id });
      expect(media.moderationStatus).toBe('approved');
    }
    await context.close();
  });

  it('offers no moderation to a viewer', async () => {
    const { context, page } = await contextFor(viewerCookie);
    await page.goto(`${api.url}/m/${slug}/library`);
    await page.getByTestId('library-page').waitFor();
    // The navbar knows the model and the viewer's role on it before it is asked about moderation.
    await page.getByTestId('current-model').getByText(`Model ${slug}`).waitFor();
    await page.getByTestId('nav-library').waitFor();
    expect(await page.getByTestId('nav-moderation').count()).toBe(0);
    await page.goto(`${api.url}/m/${slug}/moderation`);
    await page.getByTestId('moderation-forbidden').waitFor();
    expect(await page.getByTestId('queue-list').count()).toBe(0);
    await context.close();
  });
});

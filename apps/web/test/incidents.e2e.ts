import { randomBytes } from 'node:crypto';
import {
  createModel,
  createUser,
  freshDatabase,
  modelRow,
  signIn,
  startApi,
  startWorker,
  trpcClient,
} from '@phoenix4ge/api/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signedInContexts } from './browser';

/**
 * The Security incidents page in Chromium: a burst of rejected files raises an incident about the uploader; the
 * admin sees the navbar badge, opens the incident, locks the user (after a confirm dialog), acknowledges and
 * resolves it with notes, and sees the next incident arrive live.
 */
describe('security incidents in the browser', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let browser: Browser;
  const open = signedInContexts(
    () => browser,
    () => api.url,
  );

  beforeAll(async () => {
    database = await freshDatabase();
    api = await startApi(database.env);
    worker = await startWorker({
      ...database.env,
      SECURITY_RULES_INTERVAL_MS: '300',
      SECURITY_RULE_HOSTILE_UPLOADS: '3/10',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await api?.stop();
    await database?.drop();
  });

  /** Three files that are not images, from one uploader: each a rejected file. */
  async function junkUpload(slug: string, cookie: string) {
    const form = new FormData();
    for (let n = 0; n < 3; n += 1) form.append('file', new Blob([randomBytes(200)]), `junk-${n}.jpg`);
    const uploaded = await fetch(`${api.url}/api/model-media-library/${slug}/upload`, {
      method: 'POST',
      headers: { 'x-p4g-csrf': '1', cookie },
      body: form,
    });
    expect(uploaded.ok).toBe(true);
  }

  it('shows the incident, locks the uploader, acknowledges and resolves it', async () => {
    const admin = await createUser(api, { isAdmin: true });
    const adminCookie = await signIn(api.url, admin.email, admin.password);
    const { slug } = await createModel(api);
    const uploader = await createUser(api);
    await api.services.members.add(await modelRow(api, slug), { email: uploader.email, role: 'editor' });
    const uploaderCookie = await signIn(api.url, uploader.email, uploader.password);

    await junkUpload(slug, uploaderCookie);

    const { context, page } = await open(adminCookie);
    await page.goto(`${api.url}/`);
    // The badge appears once the rule has fired (the navbar refetches the counts every 15 s, so reload).
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByTestId('nav-admin').waitFor();
          return page.getByTestId('nav-incidents-badge').count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);
    expect(await page.getByTestId('nav-incidents-badge').textContent()).toContain('1');
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('nav-incidents').click();

    const row = page.locator('[data-testid="incident-row"][data-rule="hostile_uploads"]');
    await row.click();
    const detail = page.getByTestId('incident-detail');
    await detail.waitFor();
    await detail.getByText(uploader.email).waitFor();
    expect(await detail.getByTestId('incident-events').locator('tbody tr').count()).toBe(3);
    await screenshot(page, 'incident-detail');

    await detail.getByTestId('incident-lock-user').click();
    const question = page.getByTestId('incident-lock-user-dialog');
    await question.getByTestId('confirm-button').click();
    await page
      .getByTestId('toast')
      .filter({ hasText: `Locked ${uploader.email}` })
      .waitFor();
    await detail.getByTestId('incident-unlock-user').waitFor();
    await detail.getByTestId('incident-responses').getByText('Locked the user').waitFor();
    expect(await trpcClient(api.url, { cookie: uploaderCookie }).auth.me.query()).toBeNull();

    await detail.getByTestId('incident-acknowledge').click();
    await page.locator('#incident-ack-note').fill('on it');
    await page.getByTestId('incident-acknowledge-dialog').getByTestId('confirm-button').click();
    await page.locator('[data-testid="incident-detail"][data-state="acknowledged"]').waitFor();
    await detail.getByText('on it').waitFor();
    await page.getByTestId('nav-incidents-badge').waitFor({ state: 'detached' });

    await detail.getByTestId('incident-resolve').click();
    await page.locator('#incident-resolve-note').fill('account cleaned up');
    await page.getByTestId('incident-resolve-dialog').getByTestId('confirm-button').click();
    await page.locator('[data-testid="incident-detail"][data-state="resolved"]').waitFor();
    await page.getByTestId('incidents-tab-resolved').click();
    await page.locator('[data-testid="incident-row"][data-state="resolved"]').waitFor();
    await screenshot(page, 'incident-resolved');

    // Live: another uploader's burst shows up in the open list without a reload.
    await page.getByTestId('incidents-tab-open').click();
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor();
    const second = await createUser(api);
    await api.services.members.add(await modelRow(api, slug), { email: second.email, role: 'editor' });
    await junkUpload(slug, await signIn(api.url, second.email, second.password));
    await page
      .locator('[data-testid="incident-row"][data-state="open"]')
      .filter({ hasText: `user #${second.id} ` })
      .waitFor({ timeout: 30_000 })
      .catch(async (error: Error) => {
        // Says which link failed (seen once in CI, not reproduced): the rule in the worker, or the live refresh.
        const open = await api.services.incidents.list({ state: 'open', limit: 50 });
        const rows = await page.getByTestId('incident-row').allTextContents();
        const live = await page.getByTestId('live-indicator').getAttribute('data-state');
        throw new Error(
          `${error.message}\nopen in the database: ${JSON.stringify(open.items.map((item) => item.summary))}` +
            `\nrows shown: ${JSON.stringify(rows)}\nlive indicator: ${live}`,
        );
      });
    await context.close();
  });
});

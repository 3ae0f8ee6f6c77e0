import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { freshDatabase, signIn, startApi, startWorker, trpcClient } from '@phoenix4ge/api/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectFocusTrapped, hasFocusWithin, launchChromium } from './browser';

const shots = path.resolve(import.meta.dirname, '../../../.cache/e2e');

const admin = { email: 'owner@example.test', name: 'Olga Owner', password: 'a long admin passphrase' };
const editor = { email: 'eddie@example.test', password: 'editor passphrase 42' };

async function screenshot(page: Page, name: string) {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function signInThroughForm(page: Page, email: string, password: string) {
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-password').press('Enter');
}

/** Admin pages sit in the navbar's Admin menu. */
async function openAdminPage(page: Page, testId: string) {
  await page.getByTestId('nav-admin').click();
  await page.getByTestId(testId).click();
}

async function logOut(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.getByTestId('login-page').waitFor();
}

/**
 * Accounts in Chromium against a real api on an empty database of its own (first-run setup needs one):
 * setup, sign-in, models, members, and what an editor can and cannot see.
 */
describe('accounts and access in the browser', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let browser: Browser;

  /** The page of the running test, screenshotted (to .cache/e2e/failed-*.png) when the test fails. */
  let lastPage: Page | undefined;
  const newPage = async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    lastPage = await context.newPage();
    return { context, page: lastPage };
  };
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail' && lastPage && !lastPage.isClosed()) {
      await screenshot(lastPage, `failed-${test.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
    }
  });

  beforeAll(async () => {
    database = await freshDatabase();
    api = await startApi(database.env);
    worker = await startWorker(database.env);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await api?.stop();
    await database?.drop();
  });

  it('sets up the first admin, creates a model and an editor who sees only that model', async () => {
    const { context, page } = await newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // Any URL leads to first-run setup while no user exists.
    await page.goto(`${api.url}/users`);
    await page.waitForURL('**/setup');
    await screenshot(page, 'setup');
    // The policy is enforced in the form, with the shared schema.
    await page.getByTestId('setup-email').fill(admin.email);
    await page.getByTestId('setup-display-name').fill(admin.name);
    await page.getByTestId('setup-password').fill('short');
    await page.getByTestId('setup-confirm').fill('short');
    await page.getByTestId('setup-submit').click();
    await page.getByText('Use at least 12 characters').waitFor();
    await page.getByTestId('setup-password').fill(admin.password);
    await page.getByTestId('setup-confirm').fill(admin.password);
    await page.getByTestId('setup-submit').click();

    // Signed in, with no model yet.
    await page.getByTestId('home-empty').waitFor();
    expect(await page.getByTestId('user-name').textContent()).toBe(admin.name);
    await screenshot(page, 'home-empty');

    // Setup is gone once a user exists; signing out and in again works.
    await logOut(page);
    await page.goto(`${api.url}/setup`);
    await page.getByTestId('login-page').waitFor();
    await signInThroughForm(page, admin.email, 'not the password');
    await page.getByTestId('login-error').filter({ hasText: 'Email or password is incorrect' }).waitFor();
    await signInThroughForm(page, admin.email, admin.password);
    await page.getByTestId('home-empty').waitFor();

    // Two models: the slug is suggested from the name and checked as it is typed.
    await openAdminPage(page, 'nav-models');
    await page.getByTestId('model-display-name').fill('Anna Nowak');
    expect(await page.getByTestId('model-slug').inputValue()).toBe('anna-nowak');
    await page.getByTestId('model-slug').fill('Anna Nowak');
    await page.getByText('Use lowercase letters, digits and single hyphens').waitFor();
    await page.getByTestId('model-slug').fill('anna-nowak');
    await page.getByTestId('model-create-submit').click();
    // Creating a model opens its members page, empty.
    await page.waitForURL('**/m/anna-nowak/members');
    await page.getByTestId('members-empty').waitFor();

    await openAdminPage(page, 'nav-models');
    await page.getByTestId('model-display-name').fill('Other Model');
    await page.getByTestId('model-create-submit').click();
    await page.waitForURL('**/m/other-model/members');
    await openAdminPage(page, 'nav-models');
    await page.locator('[data-testid="model-row"]').nth(1).waitFor();
    await screenshot(page, 'models');

    // Add an editor to anna-nowak, creating their account with a password.
    await page.getByTestId('model-switcher').click();
    await page.locator('[data-testid="model-switcher-item"][data-slug="anna-nowak"]').click();
    await page.waitForURL('**/m/anna-nowak/library');
    await page.getByTestId('nav-members').click();
    await page.getByTestId('member-email').fill(editor.email);
    await page.getByTestId('member-add-submit').click();
    // An unknown email without a password: the api says so and the form offers to create the account.
    await page.getByTestId('form-error').filter({ hasText: 'give a password to create one' }).waitFor();
    expect(await page.getByTestId('member-create-user').isChecked()).toBe(true);
    await page.getByTestId('member-display-name').fill('Eddie Editor');
    await page.getByTestId('member-password').fill(editor.password);
    await page.getByTestId('member-add-submit').click();
    const row = page.locator(`[data-testid="member-row"][data-email="${editor.email}"]`);
    await row.waitFor();
    expect(await row.getByTestId('member-role-select').inputValue()).toBe('editor');
    await page.getByTestId('toast').filter({ hasText: 'Created an account' }).waitFor();
    await screenshot(page, 'members-admin');

    // The editor signs in and sees only their model.
    await logOut(page);
    await signInThroughForm(page, editor.email, editor.password);
    await page.waitForURL('**/m/anna-nowak/library');
    expect(await page.getByTestId('user-name').textContent()).toBe('Eddie Editor');
    await page.getByTestId('model-switcher').click();
    const items = page.getByTestId('model-switcher-item');
    await items.first().waitFor();
    expect(await items.count()).toBe(1);
    expect(await items.first().getAttribute('data-slug')).toBe('anna-nowak');
    await page.keyboard.press('Escape');
    for (const adminLink of [
      'nav-admin',
      'nav-models',
      'nav-users',
      'nav-api-keys',
      'nav-audit',
      'nav-security',
    ]) {
      expect(await page.getByTestId(adminLink).count()).toBe(0);
    }
    await page.getByTestId('nav-status').waitFor();

    // Editors see the members read-only.
    await page.getByTestId('nav-members').click();
    await row.waitFor();
    await page.getByTestId('members-read-only').waitFor();
    expect(await page.getByTestId('add-member-form').count()).toBe(0);
    expect(await page.getByTestId('member-remove').count()).toBe(0);
    expect(await row.getByTestId('member-role').getAttribute('data-role')).toBe('editor');
    await screenshot(page, 'members-editor');

    // Another model's URL: no access; a model that does not exist: not found; admin pages: refused.
    await page.goto(`${api.url}/m/other-model/members`);
    await page.locator('[data-testid="model-unavailable"][data-code="FORBIDDEN"]').waitFor();
    await screenshot(page, 'model-forbidden');
    await page.goto(`${api.url}/m/no-such-model/library`);
    await page.locator('[data-testid="model-unavailable"][data-code="NOT_FOUND"]').waitFor();
    await page.goto(`${api.url}/users`);
    await page.getByTestId('admin-only').waitFor();

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('sends an ended session to sign-in and back to the same page', async () => {
    const { context, page } = await newPage();
    await page.goto(`${api.url}/api-keys`);
    // Not signed in: the login page remembers where the user wanted to go.
    await page.waitForURL(/\/login\?next=%2Fapi-keys$/);
    await signInThroughForm(page, admin.email, admin.password);
    await page.waitForURL('**/api-keys');
    await page.getByTestId('api-keys-empty').waitFor();

    // Create a key: shown once.
    await page.getByTestId('api-key-name').fill('Portfolio sync');
    await page.getByTestId('api-key-model').selectOption('anna-nowak');
    await page.getByTestId('api-key-expires').fill('30');
    await page.getByTestId('api-key-create-submit').click();
    const key = await page.getByTestId('new-api-key-value').inputValue();
    expect(key).toMatch(/^p4g_[A-Za-z0-9]{8}_/);
    const keyRow = page.locator('[data-testid="api-key-row"][data-name="Portfolio sync"]');
    await keyRow.waitFor();
    await screenshot(page, 'api-keys');
    // The key works until it is revoked (after a confirmation).
    await expect(
      trpcClient(api.url, { apiKey: key }).members.list.query({ modelSlug: 'anna-nowak' }),
    ).resolves.toHaveLength(1);
    await page.getByText('I have stored it').click();
    await expect(page.getByTestId('new-api-key').count()).resolves.toBe(0);
    await keyRow.getByTestId('api-key-revoke').click();
    await page.getByTestId('confirm-button').click();
    await page.locator('[data-testid="api-key-row"][data-state="revoked"]').waitFor();
    await expect(
      trpcClient(api.url, { apiKey: key }).members.list.query({ modelSlug: 'anna-nowak' }),
    ).rejects.toThrow();

    // The session ends elsewhere (signing out everywhere from another client).
    const otherSession = await signIn(api.url, admin.email, admin.password);
    await trpcClient(api.url, { cookie: otherSession }).auth.logoutEverywhere.mutate();

    // The next request gets UNAUTHORIZED: to the login page with the reason, and back after signing in.
    await openAdminPage(page, 'nav-audit');
    await page.waitForURL(/\/login\?next=%2Faudit$/);
    await page.getByTestId('login-notice').filter({ hasText: 'session has ended' }).waitFor();
    await signInThroughForm(page, admin.email, admin.password);
    await page.waitForURL('**/audit');
    await page.locator('[data-testid="audit-row"][data-action="apiKeys.create"]').waitFor();
    await page.locator('[data-testid="audit-row"][data-action="members.add"]').waitFor();
    await screenshot(page, 'audit');
    // Readable: the actor's email, a sentence and labelled fields, never raw JSON nor "user #".
    const added = page.locator('[data-testid="audit-row"][data-action="members.add"]').first();
    expect(await added.getByTestId('audit-actor').textContent()).toBe(admin.email);
    expect(await added.getByTestId('log-details-summary').textContent()).toBe(
      `Added ${editor.email} as editor (new account)`,
    );
    const auditText = (await page.getByTestId('audit-table').textContent()) ?? '';
    expect(auditText).not.toContain('{"');
    expect(auditText).not.toMatch(/user #/);

    // Filter by action prefix.
    await page.getByTestId('audit-filter-action').fill('models.');
    await page.getByTestId('audit-filter-apply').click();
    await page.locator('[data-testid="audit-row"][data-action="members.add"]').waitFor({ state: 'detached' });
    // The filtered list shows a spinner (no rows) while it loads.
    await page.locator('[data-testid="audit-row"][data-action^="models."]').first().waitFor();
    const actions = await page
      .getByTestId('audit-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((action) => action?.startsWith('models.'))).toBe(true);

    // The failed sign-in from the first test is a security event.
    await openAdminPage(page, 'nav-security');
    await page.locator('[data-testid="security-row"][data-type="login_failed"]').first().waitFor();
    await screenshot(page, 'security');
    // Signing out everywhere records only the user: the account still shows as their email.
    const ended = page.locator('[data-testid="security-row"][data-type="sessions_revoked"]').first();
    expect(await ended.getByTestId('security-account').textContent()).toBe(admin.email);
    expect(await ended.getByTestId('log-details-fields').textContent()).toContain('Reason');
    const securityText = (await page.getByTestId('security-table').textContent()) ?? '';
    expect(securityText).not.toContain('{"');
    expect(securityText).not.toMatch(/user #/);
    await context.close();
  });

  it('saves model settings, archives a model and lists the users', async () => {
    const { context, page } = await newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${api.url}/login?next=%2Fm%2Fanna-nowak%2Fsettings`);
    await signInThroughForm(page, admin.email, admin.password);
    await page.getByTestId('model-settings-form').waitFor();

    // The shared schema refuses a flag threshold above the reject threshold.
    await page.getByTestId('moderation-flag-at').fill('0.9');
    await page.getByTestId('settings-save').click();
    await page.getByText('The flag threshold must not be above the reject threshold').waitFor();
    await page.getByTestId('moderation-flag-at').fill('0.6');
    await page.getByTestId('watermark-enabled').check();
    await page.getByTestId('watermark-text').fill('© Anna Nowak');
    await page.getByTestId('variant-avif').check();
    await page.getByTestId('settings-save').click();
    await page.getByTestId('toast').filter({ hasText: 'Settings saved' }).waitFor();
    await screenshot(page, 'model-settings');

    // Saved: a reload shows the stored values.
    await page.reload();
    await page.getByTestId('model-settings-form').waitFor();
    expect(await page.getByTestId('variant-avif').isChecked()).toBe(true);
    expect(await page.getByTestId('watermark-text').inputValue()).toBe('© Anna Nowak');
    expect(await page.getByTestId('moderation-flag-at-value').textContent()).toBe('60 %');

    // Archiving asks first, then takes the model out of the switcher. The question is a dialog named by its
    // title that starts on its confirm button, keeps the keyboard inside, and gives focus back when it closes.
    await page.goto(`${api.url}/m/other-model/settings`);
    const archive = page.getByTestId('model-archive');
    await archive.click();
    const question = page.getByTestId('model-archive-dialog');
    await question.waitFor();
    await page.getByRole('alertdialog', { name: /^Archive .+\?$/ }).waitFor();
    await expect.poll(() => hasFocusWithin(question.getByTestId('confirm-button'))).toBe(true);
    await screenshot(page, 'confirm-dialog');
    await expectFocusTrapped(page, question);
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    await expect.poll(() => hasFocusWithin(archive)).toBe(true);
    await archive.click();
    await page.getByTestId('confirm-button').click();
    await page.getByTestId('model-unarchive').waitFor();
    await page.getByTestId('model-switcher').click();
    await page.locator('[data-testid="model-switcher-item"][data-slug="anna-nowak"]').waitFor();
    expect(await page.getByTestId('model-switcher-item').count()).toBe(1);
    await page.keyboard.press('Escape');

    await openAdminPage(page, 'nav-users');
    const editorRow = page.locator(`[data-testid="user-row"][data-email="${editor.email}"]`);
    await editorRow.waitFor();
    // The real last sign-in, relative, with the exact moment in its tooltip.
    const adminLastLogin = page
      .locator(`[data-testid="user-row"][data-email="${admin.email}"]`)
      .getByTestId('user-last-login');
    expect(await adminLastLogin.textContent()).toMatch(/ago$|^just now$/);
    expect(await adminLastLogin.getAttribute('title')).toMatch(/\d/);
    await screenshot(page, 'users');
    // Setting someone's password: a dialog that starts on its first field; Cancel closes it.
    await editorRow.getByTestId('user-set-password').click();
    const passwordDialog = page.getByTestId('set-password-dialog');
    await expect.poll(() => hasFocusWithin(passwordDialog.getByTestId('set-password'))).toBe(true);
    await screenshot(page, 'set-password-dialog');
    await passwordDialog.getByRole('button', { name: 'Cancel' }).click();
    await passwordDialog.waitFor({ state: 'detached' });
    await expect.poll(() => hasFocusWithin(editorRow.getByTestId('user-set-password'))).toBe(true);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('changes a password and reports the other sessions it ended', async () => {
    const otherSession = await signIn(api.url, editor.email, editor.password);
    const { context, page } = await newPage();
    await page.goto(`${api.url}/account/password`);
    await signInThroughForm(page, editor.email, editor.password);
    await page.getByTestId('change-password-page').waitFor();
    const newPassword = 'a brand new editor passphrase';
    await page.getByTestId('current-password').fill(editor.password);
    await page.getByTestId('new-password').fill(newPassword);
    await page.getByTestId('confirm-password').fill(newPassword);
    await page.getByTestId('confirm-password').press('Enter');
    // The session made above, and the one the editor left open in the first test.
    await page.getByTestId('password-changed').filter({ hasText: '2 other sessions were ended' }).waitFor();
    await screenshot(page, 'change-password');
    // The other session is gone; this one still works.
    await expect(trpcClient(api.url, { cookie: otherSession }).models.list.query()).rejects.toThrow(
      /session has ended/,
    );
    await page.getByTestId('nav-library').click();
    await page.getByTestId('library-page').waitFor();
    editor.password = newPassword;

    // On a phone the links fold behind the toggler.
    await page.setViewportSize({ width: 390, height: 800 });
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    await page.getByTestId('nav-members').waitFor();
    await screenshot(page, 'phone-menu');
    await page.getByTestId('nav-members').click();
    await page.getByTestId('members-page').waitFor();
    expect(await page.getByTestId('nav-members').isVisible()).toBe(false);

    // Signing out everywhere asks first and says what it did.
    await page.setViewportSize({ width: 1360, height: 900 });
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout-everywhere').click();
    await page.getByTestId('confirm-button').click();
    await page.getByTestId('login-notice').filter({ hasText: 'signed out everywhere' }).waitFor();
    expect(page.url()).toBe(`${api.url}/login`);
    await context.close();
  });

  it('says how long to wait when sign-in is rate limited', async () => {
    const { context, page } = await newPage();
    await page.goto(`${api.url}/login`);
    const error = page.getByTestId('login-error');
    // Five failures lock the account for the window (the api's default limit).
    for (let attempt = 0; attempt < 8; attempt += 1) {
      await Promise.all([
        page.waitForResponse((response) => response.url().includes('/trpc/auth.login')),
        signInThroughForm(page, 'locked@example.test', `wrong password ${attempt}`),
      ]);
      await error.waitFor();
      if ((await error.textContent())?.includes('Too many attempts')) break;
    }
    expect(await error.textContent()).toMatch(/Too many attempts, try again in \d+ minutes?/);
    await screenshot(page, 'login-rate-limited');
    await context.close();
  });
});

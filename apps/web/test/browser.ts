import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterEach, expect } from 'vitest';

const shots = path.resolve(import.meta.dirname, '../../../.cache/e2e');

/** Debian's Chromium, headless, with the flags this sandbox needs (no background network, no GPU). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A full-page screenshot in .cache/e2e, to look at; `fullPage: false` for the screen only (a virtualised grid
 * renders only the rows near the screen, so the rest of a long page would be blank).
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: options.fullPage ?? true });
}

/**
 * Opens browser contexts signed in with a session cookie (`p4g_session=…`). Call it in a `describe`: when a test
 * fails, the last page it opened is saved as `.cache/e2e/failed-<test>.png`.
 */
export function signedInContexts(getBrowser: () => Browser, getApiUrl: () => string) {
  let lastPage: Page | undefined;
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail' && lastPage && !lastPage.isClosed()) {
      await screenshot(lastPage, `failed-${test.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
    }
  });
  return async (cookie: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await getBrowser().newContext({ viewport: { width: 1360, height: 900 } });
    const separator = cookie.indexOf('=');
    await context.addCookies([
      { name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: getApiUrl() },
    ]);
    lastPage = await context.newPage();
    return { context, page: lastPage };
  };
}

/** Waits until no CSS transition is running (Bootstrap's progress bars easing to their width, a fade). */
export async function transitionsFinished(page: Page) {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((animation) => !(animation instanceof CSSTransition) || animation.playState === 'finished'),
  );
}

/** Whether focus is on `element` or inside it. */
export function hasFocusWithin(element: Locator): Promise<boolean> {
  return element.evaluate((root) => root.contains(document.activeElement));
}

/**
 * Presses Tab, then Shift+Tab, more times than the open dialog has focusable elements, and checks after every
 * press that focus is still inside it (and that it did move: Tab goes round the dialog, it does not stick).
 */
export async function expectFocusTrapped(page: Page, dialog: Locator) {
  const focusable = await dialog.evaluate(
    (root) =>
      root.querySelectorAll(
        'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]',
      ).length,
  );
  expect(focusable).toBeGreaterThan(0);
  for (const key of ['Tab', 'Shift+Tab']) {
    const visited = new Set<string>();
    for (let press = 0; press < focusable + 2; press += 1) {
      await page.keyboard.press(key);
      const focused = await dialog.evaluate((root) => {
        const active = document.activeElement;
        if (!active || !root.contains(active)) return undefined;
        const testId = active.getAttribute('data-testid');
        return `${active.tagName} ${testId ?? active.getAttribute('aria-label') ?? active.textContent?.trim().slice(0, 40)}`;
      });
      expect(focused, `focus left the dialog after ${press + 1} × ${key}`).toBeDefined();
      visited.add(focused ?? '');
    }
    expect(visited.size, `${key} moved through the dialog`).toBeGreaterThan(1);
  }
}

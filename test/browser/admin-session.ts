import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { openBrowser, screenshotOnFailure, signIn, type Browser } from './browser.js';

export interface AdminSession {
  /** The hub the admin is served by (demo data), once started. */
  hub(): Hub;
  /** A new browser profile signed in as `username`, its first page on the admin. */
  open(username?: string, locale?: string): Promise<{ browser: Browser; page: Page }>;
  /** Waits for the SPA's route (hash changes fire no load event). */
  at(page: Page, route: RegExp): Promise<void>;
}

/**
 * The setup every admin browser suite shares: a hub on the demo data for the file; per test, its own browser
 * profiles, a screenshot of each when the test fails, and a failure for any request that left the hub or any
 * uncaught error in the page.
 */
export function adminSession(defaultUser = 'editor'): AdminSession {
  let hub: Hub | undefined;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    hub = await startHub({ template: 'demo' });
  });
  afterAll(async () => {
    await hub?.stop();
  });
  beforeEach(() => {
    browsers.length = 0;
  });
  afterEach(async (context) => {
    const failed = context.task.result?.state === 'fail';
    for (const browser of browsers) await screenshotOnFailure(browser, `${context.task.name}-${browsers.indexOf(browser)}`, failed);
    const foreign = browsers.flatMap((b) => b.foreignRequests);
    const errors = browsers.flatMap((b) => b.pageErrors);
    for (const browser of browsers) await browser.close();
    expect(foreign, 'requests that left the hub').toEqual([]);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  const started = () => {
    if (!hub) throw new Error('the hub is not started yet');
    return hub;
  };
  return {
    hub: started,
    async open(username = defaultUser, locale?: string) {
      const browser = await openBrowser(started().url, { locale });
      browsers.push(browser);
      const page = await browser.newPage();
      await signIn(page, started().url, username);
      return { browser, page };
    },
    async at(page, route) {
      await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(route);
    },
  };
}

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, as it runs in a container: no sandbox, no GPU, nothing reaching out to the internet. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export const artifactsDir = path.resolve(import.meta.dirname, '../.artifacts');

export interface Browser {
  context: BrowserContext;
  /** Requests that tried to leave the hub's origin (all blocked): a test fails when there is any. */
  foreignRequests: string[];
  /** Errors thrown in pages (uncaught exceptions). */
  pageErrors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** A fresh Chromium profile that may talk to the hub only. */
export async function openBrowser(origin: string, options: { locale?: string } = {}): Promise<Browser> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'amity-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 1000 },
    locale: options.locale ?? 'zh-CN',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(15_000);
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url === origin || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    foreignRequests.push(url);
    return route.abort('blockedbyclient');
  });
  const watch = (page: Page) => page.on('pageerror', (error) => pageErrors.push(error.message));
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    foreignRequests,
    pageErrors,
    newPage: async () => context.pages().find((p) => p.url() === 'about:blank') ?? context.newPage(),
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Keeps a screenshot of every open page when a test fails. */
export async function screenshotOnFailure(browser: Browser | undefined, testName: string, failed: boolean): Promise<void> {
  if (!browser || !failed) return;
  mkdirSync(artifactsDir, { recursive: true });
  const safe = testName.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 80);
  let i = 0;
  for (const page of browser.context.pages()) {
    await page.screenshot({ path: path.join(artifactsDir, `${safe}-${i++}.png`), fullPage: true }).catch(() => undefined);
  }
}

/** Signs in through the admin's login page. */
export async function signIn(page: Page, hubUrl: string, username = 'editor', password = 'amity-demo'): Promise<void> {
  await page.goto(`${hubUrl}/admin/`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.locator('.RaSidebar-fixed, [class*="RaSidebar"]').first().waitFor();
}

/**
 * Opens a list row by a cell's exact text. The list settles on its search filter a moment after typing (and may
 * then navigate back to the list), so it clicks until a record page is open and stays open.
 */
export async function openRow(page: Page, text: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const cell = page.locator('td', { hasText: new RegExp(`^${text}$`) }).first();
    if ((await cell.count()) > 0) await cell.click({ timeout: 2000 }).catch(() => undefined);
    await page.waitForTimeout(300);
    if (/\/show$/.test(page.url())) {
      await page.waitForTimeout(700);
      if (/\/show$/.test(page.url())) return;
    }
  }
  throw new Error(`no record page opened for the row "${text}" (at ${page.url()})`);
}

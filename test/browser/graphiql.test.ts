import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { openBrowser, screenshotOnFailure, type Browser } from './browser.js';

/** GraphiQL in Chromium: a stranger gets the hub's sign-in page, signs in there, and then has GraphiQL with the schema. */
describe('GraphiQL in Chromium', { timeout: 90_000 }, () => {
  let hub: Hub;
  let browser: Browser;
  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
    browser = await openBrowser(hub.url, { locale: 'en-GB' });
  });
  afterEach(async (context) => screenshotOnFailure(browser, context.task.name, context.task.result?.state === 'fail'));
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it('a stranger signs in on the sign-in page (a wrong password says so), gets GraphiQL, which reads the schema, and signs out', async () => {
    const page = await browser.newPage();
    await page.goto(`${hub.url}/graphql`);
    await page.locator('form#sign-in').waitFor();
    expect(await page.locator('.graphiql-container').count()).toBe(0);

    await page.locator('input[name="username"]').fill('analyst');
    await page.locator('input[name="password"]').fill('not-the-password');
    await page.locator('button[type="submit"]').click();
    await expect.poll(() => page.locator('#sign-in-message').textContent()).toMatch(/Wrong username or password/);
    expect(page.url()).toBe(`${hub.url}/graphql`);

    await page.locator('input[name="password"]').fill('amity-demo');
    await page.locator('button[type="submit"]').click();
    await page.locator('.graphiql-container').waitFor();
    expect(await page.locator('form#sign-in').count()).toBe(0);
    // the documentation explorer has the schema: introspection ran with the session the page signed in with
    await expect.poll(() => page.locator('.graphiql-doc-explorer').textContent()).toMatch(/Query/);

    // signing out ends the session and brings the sign-in page back
    await page.locator('#sign-out').click();
    await page.locator('form#sign-in').waitFor();
    expect(await page.locator('.graphiql-container').count()).toBe(0);
    const { rows } = await hub.db.query("select count(*)::int as open from session s join app_user u on u.id = s.user_id where u.username = 'analyst' and s.ended_at is null");
    expect(rows[0].open).toBe(0);

    expect(browser.foreignRequests).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });
});

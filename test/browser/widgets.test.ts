import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { CHROMIUM_ARGS } from './browser.js';

/**
 * The widgets in a real Chromium, on pages of other web sites: a tiny host server on other ports
 * embeds every widget with the script and with the iframe form, in both languages, against the demo data; a
 * site the key does not allow gets nothing; a hub that cannot be reached leaves a notice in the widget's box.
 */

type Data = Record<string, any>;

interface Host {
  origin: string;
  pages: Map<string, string>;
  server: Server;
}

/** A computed style of an element (the test's own TypeScript has no DOM types: this runs in the page). */
function style(locator: Locator, property: 'color' | 'backgroundColor'): Promise<string> {
  return locator.evaluate((element, name) => (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(element)[name], property);
}

async function startHost(): Promise<Host> {
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://host').pathname);
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, pages, server };
}

describe('widgets in the pages of other sites', () => {
  let hub: Hub;
  let host: Host;
  let stranger: Host;
  let context: BrowserContext;
  let userDataDir: string;
  let key: string;
  const foreignRequests: string[] = [];
  const expected = { events: [] as Data[], city: {} as Data, figures: {} as Data };

  const page = (html: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Tourism Bureau</title>
    <style>body { font-family: serif; color: rgb(0, 128, 0); } h2 { color: rgb(255, 0, 255); }</style>
    <script src="${hub.url}/widgets/amity-widgets.js" defer></script></head><body><h2 id="own">Our partners</h2>${html}</body></html>`;
  const widgets = (lang: string, extra = '') => `
    <amity-sister-cities id="sister-list-${lang}" key="${key}" lang="${lang}" ${extra}></amity-sister-cities>
    <amity-sister-cities id="sister-map-${lang}" key="${key}" lang="${lang}" view="map" theme="dark" size="large" ${extra}></amity-sister-cities>
    <amity-delegation-stats id="stats-${lang}" key="${key}" lang="${lang}" year="2011" ${extra}></amity-delegation-stats>
    <amity-events id="events-${lang}" key="${key}" lang="${lang}" from="2011-01-01" first="5" ${extra}></amity-events>
    <amity-node-card id="card-${lang}" key="${key}" lang="${lang}" node="${expected.city.id}" size="small" ${extra}></amity-node-card>`;

  /** The text inside an element's shadow root once it has loaded (or given up). */
  const shown = async (target: Page, id: string) => {
    const box = target.locator(`#${id} .box:not([data-state="loading"])`);
    await box.waitFor();
    return { state: await box.getAttribute('data-state'), text: await box.innerText() };
  };

  beforeAll(async () => {
    hub = await startHub({ template: 'demo' });
    host = await startHost();
    stranger = await startHost();
    const made = await hub.query('mutation ($input: WidgetKeyInput!) { createWidgetKey(input: $input) { key } }', {
      input: { name: 'browser test', office: 'Tourism Bureau', allowedOrigins: [host.origin], rateLimitPerMinute: 1000 },
    });
    key = made.createWidgetKey.key;

    const city = await hub.query('{ cities(filter: { q: "Takamatsu" }) { items { id visibility names { zh en } country { names { zh en } } } } }');
    expected.city = city.cities.items[0];
    expect(expected.city.visibility).toBe('PUBLIC');
    // Every delegation of the demo data is INTERNAL; the office publishes the year's named ones for its widgets.
    const named = await hub.query('{ delegations(filter: { generated: false, startDateFrom: "2011-01-01", startDateTo: "2011-12-31" }, perPage: 100) { items { id version } } }');
    expect(named.delegations.items.length).toBeGreaterThan(0);
    for (const delegation of named.delegations.items) {
      await hub.query('mutation ($id: ID!, $version: Int!) { updateDelegation(id: $id, input: { visibility: PUBLIC }, expectedVersion: $version) { id } }', { id: delegation.id, version: delegation.version });
    }
    const events = await fetch(`${hub.url}/widgets/api/UpcomingEvents?key=${key}&variables=${encodeURIComponent(JSON.stringify({ from: '2011-01-01', first: 5 }))}`);
    expected.events = ((await events.json()) as Data).data.events.items;
    expect(expected.events.length).toBeGreaterThan(0);
    const stats = await fetch(`${hub.url}/widgets/api/DelegationStats?key=${key}&variables=${encodeURIComponent(JSON.stringify({ year: 2011 }))}`);
    expected.figures = ((await stats.json()) as Data).data;

    host.pages.set('/zh', page(widgets('zh')));
    host.pages.set('/en', page(widgets('en')));
    host.pages.set('/iframe', page(`<iframe id="frame" title="sister cities" width="500" height="600" src="${hub.url}/embed/sister-cities?key=${key}&lang=en"></iframe>`));
    host.pages.set('/down', page(`<amity-events id="down" key="${key}" lang="en" from="2011-01-01" hub="http://127.0.0.1:9"></amity-events><p id="after">the rest of the page</p>`));
    stranger.pages.set('/zh', page(widgets('zh')));
    stranger.pages.set('/iframe', page(`<iframe id="frame" width="500" height="600" src="${hub.url}/embed/sister-cities?key=${key}&lang=en"></iframe>`));

    userDataDir = mkdtempSync(path.join(tmpdir(), 'amity-widgets-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, timezoneId: 'UTC' });
    context.setDefaultTimeout(15_000);
    // Only the hub and the two host sites (and the dead port the "hub down" test names) may be reached.
    const allowed = [hub.url, host.origin, stranger.origin, 'http://127.0.0.1:9'];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (allowed.some((origin) => url.startsWith(`${origin}/`)) || url.startsWith('data:')) return route.continue();
      foreignRequests.push(url);
      return route.abort('blockedbyclient');
    });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await new Promise((resolve) => host?.server.close(resolve));
    await new Promise((resolve) => stranger?.server.close(resolve));
    await hub?.stop();
    expect(foreignRequests).toEqual([]);
  });

  for (const lang of ['zh', 'en'] as const) {
    it(`shows every widget with the demo data in ${lang === 'zh' ? 'Chinese' : 'English'}`, async () => {
      const target = await context.newPage();
      const errors: string[] = [];
      target.on('pageerror', (error) => errors.push(error.message));
      await target.goto(`${host.origin}/${lang}`);

      const list = await shown(target, `sister-list-${lang}`);
      expect(list.state).toBe('ready');
      expect(list.text).toContain(expected.city.names[lang]);
      expect(list.text).toContain(expected.city.country.names[lang]);
      expect(list.text).toContain(lang === 'zh' ? '友好城市' : 'Sister city');

      const map = await shown(target, `sister-map-${lang}`);
      expect(map.state).toBe('ready');
      expect(await target.locator(`#sister-map-${lang} svg path.land`).count()).toBe(1);
      expect(await target.locator(`#sister-map-${lang} svg circle.dot`).count()).toBeGreaterThan(3);
      // dark theme through the custom properties: a dark box
      const background = await style(target.locator(`#sister-map-${lang} .box`), 'backgroundColor');
      expect(background).toBe('rgb(22, 27, 34)');

      const stats = await shown(target, `stats-${lang}`);
      expect(stats.state).toBe('ready');
      expect(stats.text).toContain('2011');
      expect(expected.figures.annualReport.inboundForeignGuests.personTimes.value).toBeGreaterThan(0);
      expect(stats.text).toContain(String(expected.figures.annualReport.inboundForeignGuests.personTimes.value));
      expect(stats.text).toContain(lang === 'zh' ? '人次' : 'person-times');
      expect(await target.locator(`#stats-${lang} [data-channel]`).count()).toBe(expected.figures.stats.byChannel.filter((g: Data) => g.channel).length);
      expect(await target.locator(`#stats-${lang} [data-month]`).count()).toBe(12);

      const events = await shown(target, `events-${lang}`);
      expect(events.state).toBe('ready');
      for (const event of expected.events) expect(events.text).toContain(event.names[lang] ?? event.names.zh);
      expect(events.text).toContain(lang === 'zh' ? '2011年' : '2011');

      const card = await shown(target, `card-${lang}`);
      expect(card.state).toBe('ready');
      expect(card.text).toContain(expected.city.names[lang]);
      expect(card.text).toContain(expected.city.country.names[lang]);

      // shadow DOM: the host page's styles stay out, and the widgets' stay in
      const inside = await style(target.locator(`#sister-list-${lang} h2`), 'color');
      expect(inside).not.toBe('rgb(255, 0, 255)');
      expect(await style(target.locator('#own'), 'color')).toBe('rgb(255, 0, 255)');
      expect(errors).toEqual([]);
      await target.close();
    });
  }

  it('shows a page from a site the key does not allow nothing but a notice', async () => {
    const target = await context.newPage();
    await target.goto(`${stranger.origin}/zh`);
    for (const id of ['sister-list-zh', 'events-zh', 'card-zh']) {
      const box = await shown(target, id);
      expect(box.state).not.toBe('ready');
      expect(box.text).not.toContain(expected.city.names.zh);
    }
    await target.close();
  });

  it('works as an iframe for pages that cannot run scripts, framed by the key’s origins only', async () => {
    const target = await context.newPage();
    await target.goto(`${host.origin}/iframe`);
    const frame = target.frameLocator('#frame');
    await frame.locator('amity-sister-cities .box[data-state="ready"]').waitFor();
    expect(await frame.locator('amity-sister-cities .box').innerText()).toContain(expected.city.names.en);
    await target.close();

    const framed = await context.newPage();
    const refused = framed.waitForEvent('console', { predicate: (message) => /frame-ancestors/.test(message.text()), timeout: 10_000 }).catch(() => undefined);
    await framed.goto(`${stranger.origin}/iframe`);
    await refused;
    await framed.waitForTimeout(500);
    const child = framed.frames().find((candidate) => candidate !== framed.mainFrame());
    const hasWidget = child ? await child.locator('amity-sister-cities').count().catch(() => 0) : 0;
    expect(hasWidget).toBe(0);
    await framed.close();
  });

  it('shows a small notice in the widget’s own box when the hub cannot be reached', async () => {
    const target = await context.newPage();
    await target.goto(`${host.origin}/down`);
    const box = await shown(target, 'down');
    expect(box.state).toBe('unreachable');
    expect(box.text).toContain('cannot be reached');
    expect(await target.locator('#after').innerText()).toBe('the rest of the page');
    await target.close();
  });
});

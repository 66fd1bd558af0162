import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';

/** What a browser sends when it opens a page. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

/** Every URL the page loads: script sources, stylesheet and icon links. */
function loadedUrls(html: string): string[] {
  return [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
}

describe('GraphiQL, served by the hub, offline', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
  });
  afterAll(async () => hub?.stop());

  const page = (path: string, accept = BROWSER_ACCEPT) => fetch(`${hub.url}${path}`, { headers: { accept } });

  it('is a page at /graphiql and for a browser at /graphql, loading only files of the hub, which all answer', async () => {
    const pages: string[] = [];
    for (const path of ['/graphiql', '/graphql']) {
      const response = await page(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      pages.push(await response.text());
    }
    expect(pages[1]).toBe(pages[0]);
    const html = pages[0];
    expect(html).toContain('<div id="graphiql">');
    // nothing from elsewhere: no absolute URL at all, and no protocol-relative one
    expect(html).not.toMatch(/https?:\/\//);

    // data: URLs (an empty icon) load nothing
    const urls = loadedUrls(html).filter((url) => !url.startsWith('data:'));
    expect(urls.filter((url) => url.endsWith('.js'))).toHaveLength(4);
    expect(urls.filter((url) => url.endsWith('.css')).length).toBeGreaterThanOrEqual(1);
    for (const url of urls) {
      expect(url, url).toMatch(/^\/(?!\/)/);
      const asset = await fetch(`${hub.url}${url}`);
      expect(asset.status, url).toBe(200);
      expect(asset.headers.get('content-type'), url).toMatch(url.endsWith('.css') ? /^text\/css/ : /javascript/);
      const text = await asset.text();
      expect(text.trim(), url).not.toBe('');
      // stylesheets pull in nothing from elsewhere (GraphiQL's fonts are inlined as data: URLs)
      if (url.endsWith('.css')) expect(text, url).not.toMatch(/@import|url\(\s*['"]?(?:https?:)?\/\//);
    }
  });

  it('runs no inline script, under a Content-Security-Policy that allows scripts from the hub only', async () => {
    const response = await page('/graphiql');
    const html = await response.text();
    for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(script[1]).toMatch(/\bsrc="/);
      expect(script[2].trim()).toBe('');
    }
    const policy = response.headers.get('content-security-policy') ?? '';
    const scriptSources = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
    expect(scriptSources).toContain("'self'");
    expect(scriptSources).not.toContain('unsafe-inline');
  });

  it('leaves the API as it was: POST, GET with a query, and JSON for a client that does not ask for HTML', async () => {
    expect(await hub.request(`{ __typename }`)).toMatchObject({ data: { __typename: 'Query' } });

    const get = await fetch(`${hub.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: BROWSER_ACCEPT, 'apollo-require-preflight': 'true' },
    });
    expect(get.headers.get('content-type')).toMatch(/json/);
    expect(await get.json()).toMatchObject({ data: { __typename: 'Query' } });

    const curl = await page('/graphql', '*/*');
    expect(curl.headers.get('content-type')).not.toMatch(/html/);

    expect((await fetch(`${hub.url}/graphiql/assets/no-such-file.js`)).status).toBe(404);
    expect((await fetch(`${hub.url}/graphiql/assets/..%2Fpackage.json`)).status).toBe(404);
  });
});

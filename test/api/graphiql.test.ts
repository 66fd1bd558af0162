import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';

/** What a browser sends when it opens a page. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

/** Every URL the page loads: script sources, stylesheet and icon links. */
function loadedUrls(html: string): string[] {
  return [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
}

describe('GraphiQL, served by the hub, offline, to signed-in browsers', () => {
  let hub: Hub;
  /** A signed-in browser's session cookie. */
  let cookie: string;
  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
    cookie = await signIn('viewer', 'amity-demo');
  });
  afterAll(async () => hub?.stop());

  /** Signs in as the sign-in page does (the `login` mutation, JSON), and returns the session cookie it set. */
  const signIn = async (username: string, password: string) => {
    const response = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { expiresAt } }', variables: { u: username, p: password } }),
    });
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    return response.headers.getSetCookie().find((line) => line.startsWith('amity_session='))!.split(';')[0];
  };
  const page = (path: string, accept = BROWSER_ACCEPT, headers: Record<string, string> = { cookie }) => fetch(`${hub.url}${path}`, { headers: { accept, ...headers } });
  const strangerPage = (path: string) => page(path, BROWSER_ACCEPT, {});

  it('is a page at /graphiql and for a signed-in browser at /graphql, loading only files of the hub, which all answer', async () => {
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
      const asset = await fetch(`${hub.url}${url}`, { headers: { cookie } });
      expect(asset.status, url).toBe(200);
      expect(asset.headers.get('content-type'), url).toMatch(url.endsWith('.css') ? /^text\/css/ : /javascript/);
      const text = await asset.text();
      expect(text.trim(), url).not.toBe('');
      // stylesheets pull in nothing from elsewhere (GraphiQL's fonts are inlined as data: URLs)
      if (url.endsWith('.css')) expect(text, url).not.toMatch(/@import|url\(\s*['"]?(?:https?:)?\/\//);
    }
  });

  it('a stranger’s browser gets a sign-in page, not GraphiQL, at /graphiql and /graphql; no cache keeps either page', async () => {
    for (const path of ['/graphiql', '/graphql']) {
      const response = await strangerPage(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
      const html = await response.text();
      expect(html, path).toMatch(/<form id="sign-in" method="post"/);
      expect(html, path).toMatch(/<input name="password" type="password"/);
      expect(html, path).not.toContain('<div id="graphiql">');
      expect(html, path).not.toMatch(/graphiql\.min\.js|amity-graphiql\.js|react/);
      expect(html, path).not.toMatch(/https?:\/\//);
      // it loads only files of the hub, which answer to a stranger and say nothing of the API
      for (const url of loadedUrls(html).filter((candidate) => !candidate.startsWith('data:'))) {
        expect(url, url).toMatch(/^\/(?!\/)/);
        const asset = await fetch(`${hub.url}${url}`);
        expect(asset.status, url).toBe(200);
        expect(await asset.text(), url).not.toMatch(/partnerships|names \{/);
      }
      expect((await page(path)).headers.get('cache-control'), path).toBe('no-store');
    }
    // a cookie that names no session is a stranger too
    expect(await (await page('/graphiql', BROWSER_ACCEPT, { cookie: 'amity_session=amity_s_not-a-real-session-0123456789' })).text()).toContain('id="sign-in"');
    // GraphiQL's start script, which names fields of the API, is not served to a stranger
    expect((await fetch(`${hub.url}/graphiql/assets/amity-graphiql.js`)).status).toBe(404);
    expect((await fetch(`${hub.url}/graphiql/assets/amity-graphiql.js`, { headers: { cookie } })).status).toBe(200);
  });

  it('after signing in as the sign-in page does, the same browser gets GraphiQL; after signing out, the sign-in page again', async () => {
    const session = await signIn('analyst', 'amity-demo');
    const html = await (await page('/graphiql', BROWSER_ACCEPT, { cookie: session })).text();
    expect(html).toContain('<div id="graphiql">');
    expect(html).not.toContain('id="sign-in"');
    await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: session }, body: JSON.stringify({ query: 'mutation { logout }' }) });
    expect(await (await page('/graphiql', BROWSER_ACCEPT, { cookie: session })).text()).toContain('id="sign-in"');
  });

  it('both pages run no inline script, under a Content-Security-Policy that allows scripts from the hub only', async () => {
    for (const response of [await page('/graphiql'), await strangerPage('/graphiql')]) {
      const html = await response.text();
      for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        expect(script[1]).toMatch(/\bsrc="/);
        expect(script[2].trim()).toBe('');
      }
      expect(html).not.toMatch(/\bon[a-z]+=/i);
      const policy = response.headers.get('content-security-policy') ?? '';
      const scriptSources = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
      expect(scriptSources).toContain("'self'");
      expect(scriptSources).not.toContain('unsafe-inline');
      expect(policy).toContain("form-action 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
    }
  });

  it('leaves the API as it was: POST, GET with a query, and JSON for a client that does not ask for HTML', async () => {
    expect(await hub.request(`{ __typename }`)).toMatchObject({ data: { __typename: 'Query' } });

    const token = await hub.login('analyst');
    const get = await fetch(`${hub.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: BROWSER_ACCEPT, 'apollo-require-preflight': 'true', authorization: `Bearer ${token}` },
    });
    expect(get.headers.get('content-type')).toMatch(/json/);
    expect(await get.json()).toMatchObject({ data: { __typename: 'Query' } });
    // A stranger's GET of anything but a sign-in is refused as JSON, not answered with the page.
    const stranger = await fetch(`${hub.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: BROWSER_ACCEPT, 'apollo-require-preflight': 'true' } });
    expect(stranger.status).toBe(401);

    const curl = await page('/graphql', '*/*');
    expect(curl.headers.get('content-type')).not.toMatch(/html/);

    expect((await fetch(`${hub.url}/graphiql/assets/no-such-file.js`)).status).toBe(404);
    expect((await fetch(`${hub.url}/graphiql/assets/..%2Fpackage.json`)).status).toBe(404);
  });
});

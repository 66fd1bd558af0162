import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';

/**
 * HSTS: a hub served over HTTPS (AMITY_COOKIE_SECURE=true) tells browsers, on every answer, to keep to HTTPS for
 * a year; a hub that is not says nothing of the kind.
 */
const HSTS = 'max-age=31536000; includeSubDomains';
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** One request to each kind of route the hub answers: GraphQL, pages, files, the widget API, errors. */
async function answers(hub: Hub): Promise<Array<[string, Response]>> {
  const token = await hub.login('viewer');
  const json = { 'content-type': 'application/json' };
  const requests: Array<[string, string, RequestInit]> = [
    ['a GraphQL POST, signed in', '/graphql', { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ me { username } }' }) }],
    ['a GraphQL POST, refused (not signed in)', '/graphql', { method: 'POST', headers: json, body: JSON.stringify({ query: '{ me { username } }' }) }],
    ['a sign-in', '/graphql', { method: 'POST', headers: json, body: JSON.stringify({ query: 'mutation { login(username: "viewer", password: "amity-demo") { expiresAt } }' }) }],
    ['GraphQL over GET', `/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${token}` } }],
    ['the GraphiQL sign-in page', '/graphiql', { headers: { accept: BROWSER_ACCEPT } }],
    ['a GraphiQL file', '/graphiql/assets/graphiql.min.css', {}],
    ['the admin', '/admin/', {}],
    ['the widget API without a key', '/widgets/api/sister-cities', {}],
    ['health', '/healthz', {}],
    ['readiness', '/readyz', {}],
    ['a path that is not there', '/no-such-path', {}],
    ['the start page', '/', { redirect: 'manual' }],
  ];
  const out: Array<[string, Response]> = [];
  for (const [what, path, init] of requests) out.push([what, await fetch(`${hub.url}${path}`, init)]);
  return out;
}

describe('Strict-Transport-Security', () => {
  let plain: Hub;
  let https: Hub;
  beforeAll(async () => {
    [plain, https] = await Promise.all([startHub({ template: 'empty' }), startHub({ template: 'empty', env: { AMITY_COOKIE_SECURE: 'true' } })]);
  });
  afterAll(async () => Promise.all([plain?.stop(), https?.stop()]));

  it('is on every answer of a hub served over HTTPS, and its session cookie is Secure', async () => {
    const statuses = new Set<number>();
    for (const [what, response] of await answers(https)) {
      statuses.add(response.status);
      expect(response.headers.get('strict-transport-security'), what).toBe(HSTS);
      if (what === 'a sign-in') expect(response.headers.getSetCookie().join('\n'), what).toMatch(/amity_session=[^\n]*;\s*Secure/i);
    }
    // answers of every kind were looked at: successes, refusals, redirects, not found
    expect([...statuses].some((status) => status >= 200 && status < 300)).toBe(true);
    expect([...statuses].some((status) => status >= 300 && status < 400)).toBe(true);
    expect([...statuses].some((status) => status >= 400)).toBe(true);
  });

  it('is never sent by a hub that is not', async () => {
    for (const [what, response] of await answers(plain)) {
      expect(response.headers.get('strict-transport-security'), what).toBeNull();
      expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
      if (what === 'a sign-in') expect(response.headers.getSetCookie().join('\n'), what).not.toMatch(/;\s*Secure/i);
    }
  });
});

import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';

/**
 * The API's HTTP surface at /graphql: one Express route (server/src/http/graphql-route.ts) for JSON POSTs and
 * GraphQL over GET alike, which must answer alike: the same headers, log line, viewer, gate and error answers.
 */
describe('GraphQL over HTTP', () => {
  let hub: Hub;
  let token: string;
  const QUERY = '{ me { username role } countries(perPage: 1) { total } }';

  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
    token = await hub.login('analyst');
  });
  afterAll(async () => hub?.stop());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${hub.url}/graphql`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  /** The same operation through Express: GraphQL over GET (with the header Apollo's CSRF prevention asks for). */
  const get = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${hub.url}/graphql?query=${encodeURIComponent(query)}`, { headers: { 'apollo-require-preflight': 'true', ...headers } });
  const logged = async (requestId: string) => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return hub.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.requestId === requestId && line.msg === 'request');
  };

  it('a JSON POST and a GET answer the same data with the same headers, and log the same line', async () => {
    const answers = [
      ['post-1', await post(JSON.stringify({ query: QUERY }), { authorization: `Bearer ${token}`, 'x-request-id': 'post-1' })],
      ['get-1', await get(QUERY, { authorization: `Bearer ${token}`, 'x-request-id': 'get-1' })],
    ] as const;
    const bodies = [];
    for (const [id, response] of answers) {
      expect(response.status, id).toBe(200);
      expect(response.headers.get('x-request-id'), id).toBe(id);
      expect(response.headers.get('x-content-type-options'), id).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), id).toBe('no-referrer');
      expect(response.headers.get('cache-control'), id).toBe('no-store');
      expect(response.headers.get('content-type'), id).toMatch(/^application\/(graphql-response\+)?json/);
      const text = await response.text();
      expect(Number(response.headers.get('content-length')), id).toBe(Buffer.byteLength(text));
      bodies.push(JSON.parse(text) as { data: unknown; extensions?: { sqlStatements?: number } });
      const [line] = await logged(id);
      expect(line, id).toMatchObject({ method: response.url.includes('?') ? 'GET' : 'POST', path: '/graphql', status: 200, user: 'analyst' });
      expect(line.sql, id).toBeGreaterThanOrEqual(1);
    }
    const countries = (await hub.db.query<{ count: number }>('select count(*)::int as count from country')).rows[0].count;
    expect(bodies[0].data).toEqual({ me: { username: 'analyst', role: 'ANALYST' }, countries: { total: countries } });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[0].extensions?.sqlStatements).toBeGreaterThan(0);
  });

  it('a charset parameter of UTF-8 takes the same path; another charset is refused, not misread', async () => {
    const utf8 = await post(JSON.stringify({ query: '{ me { username } }' }), { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=UTF-8' });
    expect(((await utf8.json()) as { data: unknown }).data).toEqual({ me: { username: 'analyst' } });
    const latin1 = await post(JSON.stringify({ query: '{ me { username } }' }), { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=latin1' });
    expect(latin1.status).toBe(415);
    expect(((await latin1.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('the session cookie signs a POST in, and signing in and out set and end it', async () => {
    const login = await post(JSON.stringify({ query: 'mutation { login(username: "viewer", password: "amity-demo") { token } }' }));
    const setCookie = login.headers.getSetCookie().find((line) => line.startsWith('amity_session='))!;
    expect(setCookie).toMatch(/^amity_session=amity_s_[^;]+; Path=\/; Expires=[^;]+ GMT; HttpOnly; SameSite=Strict$/);
    const cookie = setCookie.split(';')[0];
    const me = await post(JSON.stringify({ query: '{ me { username } }' }), { cookie });
    expect(((await me.json()) as { data: unknown }).data).toEqual({ me: { username: 'viewer' } });
    const logout = await post(JSON.stringify({ query: 'mutation { logout }' }), { cookie });
    expect(logout.headers.getSetCookie()).toContain('amity_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict');
    const after = await post(JSON.stringify({ query: '{ me { username } }' }), { cookie });
    expect(after.status).toBe(401);
  });

  it('a session cookie that is not URI-encoded text is no credential, not a server error', async () => {
    const response = await post(JSON.stringify({ query: '{ me { username } }' }), { cookie: 'amity_session=%E0%A4%A' });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('an anonymous caller may only sign in: anything else is refused before GraphQL, on either path', async () => {
    for (const response of [await post(JSON.stringify({ query: '{ people { total } }' })), await get('{ people { total } }')]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ errors: [{ message: 'Sign in first', extensions: { code: 'UNAUTHENTICATED' } }], extensions: { sqlStatements: 0 } });
    }
  });

  it('a body that is not a JSON object or array is a malformed request (400); an empty one is an empty request', async () => {
    for (const body of ['{"query": ', '"just a string"', '42', 'null']) {
      const response = await post(body, { authorization: `Bearer ${token}` });
      expect(response.status, body).toBe(400);
      expect(await response.json(), body).toEqual({ errors: [{ message: 'Malformed request', extensions: { code: 'BAD_USER_INPUT' } }] });
    }
    const empty = await post('', { authorization: `Bearer ${token}` });
    expect(empty.status).toBe(400);
    expect(await empty.text()).not.toContain('"data"');
  });

  /** A POST whose body is sent in chunks without a declared length; its answer, or null when the hub closed the connection first. */
  const chunkedPost = (chunks: string[]) =>
    new Promise<{ status: number; body: string } | null>((resolve) => {
      const url = new URL(hub.url);
      const request = http.request({ host: url.hostname, port: url.port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode!, body }));
      });
      request.on('error', () => resolve(null));
      for (const chunk of chunks) request.write(chunk);
      request.end();
    });

  it('a body over the limit sent without its length is refused with 413 once it passes the limit; under it, it is answered', async () => {
    const over = await chunkedPost([`{"query": "{ __typename }", "variables": {"pad": "`, ...Array.from({ length: 15 }, () => 'x'.repeat(10 * 1024)), '"}}']);
    if (over) {
      expect(over.status).toBe(413);
      expect(JSON.parse(over.body)).toEqual({ errors: [{ message: 'Request body too large', extensions: { code: 'BAD_USER_INPUT' } }] });
    }
    const under = await chunkedPost([`{"query": "{ __typename }", "variables": {"pad": "`, ...Array.from({ length: 5 }, () => 'x'.repeat(10 * 1024)), '"}}']);
    expect(under?.status).toBe(200);
    expect(JSON.parse(under!.body).data).toEqual({ __typename: 'Query' });
  });
});

describe('a middleware added to the hub\'s Express app', () => {
  let hub: Hub;
  beforeAll(async () => {
    // test/support/express-probe.mjs adds one to every Express app the hub makes, in front of the hub's own.
    const probe = path.join(path.dirname(fileURLToPath(import.meta.url)), '../support/express-probe.mjs');
    hub = await startHub({ template: 'empty', env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${probe}`.trim() } });
  });
  afterAll(async () => hub?.stop());

  it('applies to every GraphQL request: a JSON POST, signed in or refused, a sign-in, a GET, a bad body; and to the widget API', async () => {
    const token = await hub.login('analyst');
    const json = { 'content-type': 'application/json' };
    const requests: Array<[string, string, RequestInit]> = [
      ['a JSON POST', '/graphql', { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ me { username } }' }) }],
      ['a JSON POST, not signed in', '/graphql', { method: 'POST', headers: json, body: JSON.stringify({ query: '{ people { total } }' }) }],
      ['a sign-in', '/graphql', { method: 'POST', headers: json, body: JSON.stringify({ query: 'mutation { login(username: "viewer", password: "amity-demo") { expiresAt } }' }) }],
      ['a JSON POST with a query string', '/graphql?op=Me', { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ me { username } }' }) }],
      ['a body that is not JSON', '/graphql', { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: '{"query": ' }],
      ['GraphQL over GET', `/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${token}` } }],
      ['the widget API', '/widgets/api/SisterCities', {}],
    ];
    for (const [what, url, init] of requests) {
      const response = await fetch(`${hub.url}${url}`, init);
      await response.arrayBuffer();
      expect(response.headers.get('x-amity-probe'), what).toBe(`${init.method ?? 'GET'} ${url.split('?')[0]}`);
    }
  });
});

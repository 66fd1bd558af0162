import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { create, expectError } from './records.js';

/**
 * Widget API keys and the widgets' persisted operations: key management by ADMIN only; each refusal
 * with its error and nothing leaked; PUBLIC records only, also through the raw SQL of stats and the annual
 * report and the edges of a node card; answers from cache with no SQL, ETags, and a change emptying the cache.
 */

type Data = Record<string, any>;

/** A unique word for this file's records. */
const TAG = 'Qvzxwidget';
const HOST = 'https://tourism.example.org';
const YEAR = 2019;

const NEW_KEY = `mutation ($input: WidgetKeyInput!) { createWidgetKey(input: $input) { key widgetKey { id name office allowedOrigins rateLimitPerMinute prefix expiresAt revokedAt } } }`;

describe('widgets: keys, persisted operations, cache', () => {
  let hub: Hub;
  let key: string;
  let keyId: string;
  const ids: Record<string, string> = {};

  const widget = (operation: string, variables: Record<string, unknown> = {}, options: { key?: string | null; origin?: string | null; headers?: Record<string, string> } = {}) => {
    const params = new URLSearchParams({ variables: JSON.stringify(variables) });
    const useKey = options.key === undefined ? key : options.key;
    if (useKey !== null) params.set('key', useKey);
    const headers: Record<string, string> = { ...options.headers };
    const origin = options.origin === undefined ? HOST : options.origin;
    if (origin !== null) headers.origin = origin;
    return fetch(`${hub.url}/widgets/api/${operation}?${params}`, { headers });
  };
  const json = async (response: Response) => (await response.json()) as { data?: Data; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  const newKey = async (input: Record<string, unknown> = {}) => {
    const data = await hub.query(NEW_KEY, { input: { name: `${TAG} key`, office: 'Tourism Bureau', allowedOrigins: [HOST], ...input } });
    return data.createWidgetKey as { key: string; widgetKey: Data };
  };

  beforeAll(async () => {
    hub = await startHub({ template: 'demo' });
    const made = await newKey({ rateLimitPerMinute: 10_000 });
    key = made.key;
    keyId = made.widgetKey.id;

    ids.publicCity = (await create(hub, 'City', { names: { en: `${TAG} Public Town` }, countryId: (await hub.query('{ countries(filter: {q: "Norway"}) { items { id } } }')).countries.items[0].id, latitude: 58.9, longitude: 9.4, visibility: 'PUBLIC' })).id;
    ids.internalOrg = (await create(hub, 'Organisation', { names: { en: `${TAG} Internal School` }, kind: 'SCHOOL', visibility: 'INTERNAL' })).id;
    ids.restrictedPerson = (await create(hub, 'Person', { names: { en: `${TAG} Restricted Person` }, category: 'FOREIGN_GUEST', visibility: 'RESTRICTED', passportNumber: 'E99999999' })).id;
    ids.publicOrg = (await create(hub, 'Organisation', { names: { en: `${TAG} Public School` }, kind: 'SCHOOL', cityId: ids.publicCity, visibility: 'PUBLIC' })).id;
    ids.hiddenTie = (await create(hub, 'Relationship', { kind: 'LINKED_WITH', fromId: ids.publicOrg, toId: ids.internalOrg, visibility: 'PUBLIC' })).id;
    ids.restrictedTie = (await create(hub, 'Relationship', { kind: 'WORKS_FOR', fromId: ids.restrictedPerson, toId: ids.publicOrg, visibility: 'PUBLIC' })).id;
    ids.publicEvent = (await create(hub, 'Event', { names: { en: `${TAG} Public Festival` }, kind: 'FESTIVAL', startDate: `${YEAR}-06-01`, visibility: 'PUBLIC' })).id;
    ids.internalEvent = (await create(hub, 'Event', { names: { en: `${TAG} Internal Meeting` }, kind: 'CONFERENCE', startDate: `${YEAR}-06-02`, visibility: 'INTERNAL' })).id;
    const delegation = { channel: 'ACADEMIC', direction: 'INBOUND', startDate: `${YEAR}-03-10` };
    ids.publicDelegation = (await create(hub, 'Delegation', { ...delegation, names: { en: `${TAG} Public Visit` }, headcount: 3, visibility: 'PUBLIC' })).id;
    ids.internalDelegation = (await create(hub, 'Delegation', { ...delegation, names: { en: `${TAG} Internal Visit` }, headcount: 40, visibility: 'INTERNAL' })).id;
    ids.restrictedDelegation = (await create(hub, 'Delegation', { ...delegation, channel: 'BUSINESS', names: { en: `${TAG} Restricted Visit` }, headcount: 500, visibility: 'RESTRICTED' })).id;
  });
  afterAll(async () => {
    await hub?.stop();
  });

  describe('keys, managed by ADMIN', () => {
    it('creates a key whose secret is shown once and stored only as a hash, lists and revokes it', async () => {
      const made = await newKey({ name: `${TAG} listed`, allowedOrigins: ['https://edu.example.org', 'http://localhost:8080/'], rateLimitPerMinute: 30 });
      expect(made.key).toMatch(/^amity_wk_/);
      expect(made.widgetKey).toMatchObject({ name: `${TAG} listed`, office: 'Tourism Bureau', allowedOrigins: ['https://edu.example.org', 'http://localhost:8080'], rateLimitPerMinute: 30, revokedAt: null });
      expect(made.key.startsWith(made.widgetKey.prefix)).toBe(true);

      const listed = (await hub.query('{ widgetKeys { id name prefix revokedAt } }')).widgetKeys as Data[];
      expect(listed.map((k) => k.id)).toContain(made.widgetKey.id);
      expect(JSON.stringify(listed)).not.toContain(made.key);
      const { rows } = await hub.db.query('select * from widget_key where id = $1', [made.widgetKey.id]);
      expect(JSON.stringify(rows)).not.toContain(made.key);

      const revoked = await hub.query('mutation ($id: ID!) { revokeWidgetKey(id: $id) { id revokedAt } }', { id: made.widgetKey.id });
      expect(revoked.revokeWidgetKey.revokedAt).toBeTruthy();

      // both changes are in the audit trail, by whom, without the secret or its hash
      const { rows: entries } = await hub.db.query('select action, actor_username, before, after from audit_entry where record_id = $1 order by id', [made.widgetKey.id]);
      expect(entries.map((entry) => entry.action)).toEqual(['CREATE', 'UPDATE']);
      expect(entries.every((entry) => entry.actor_username === 'admin')).toBe(true);
      expect(entries[1].after.revokedAt).toBeTruthy();
      expect(JSON.stringify(entries)).not.toContain(made.key);
      expect(JSON.stringify(entries)).not.toContain(rows[0].key_hash);
    });

    it('refuses bad origins and a past expiry', async () => {
      const response = await hub.request(NEW_KEY, { input: { name: 'x', office: 'y', allowedOrigins: ['https://ok.example.org/path', '*'], expiresAt: '2001-01-01T00:00:00Z' } });
      const error = expectError(response, 'BAD_USER_INPUT');
      expect((error.extensions?.fields as Data[]).map((f) => f.field)).toEqual(['allowedOrigins[0]', 'allowedOrigins[1]', 'expiresAt']);
    });

    it('is for ADMIN only', async () => {
      for (const role of ['editor', 'analyst', 'viewer'] as const) {
        const client = await hub.as(role);
        expectError(await client.request('{ widgetKeys { id } }'), 'FORBIDDEN');
        expectError(await client.request(NEW_KEY, { input: { name: 'x', office: 'y', allowedOrigins: [HOST] } }), 'FORBIDDEN');
        expectError(await client.request('mutation ($id: ID!) { revokeWidgetKey(id: $id) { id } }', { id: keyId }), 'FORBIDDEN');
      }
      const anonymous = await hub.as('anonymous');
      expectError(await anonymous.request('{ widgetKeys { id } }'), 'UNAUTHENTICATED');
    });
  });

  describe('the persisted operations, for a key', () => {
    it('answers each operation with PUBLIC data, the CORS origin and cache headers', async () => {
      const response = await widget('SisterCities');
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(HOST);
      expect(response.headers.get('cache-control')).toBe('public, max-age=60');
      expect(response.headers.get('etag')).toMatch(/^".+"$/);
      const body = await json(response);
      const items = body.data!.partnerships.items as Data[];
      expect(items.length).toBeGreaterThan(0);
      expect(items.map((p) => p.partnerCity.names.en)).toContain('Takamatsu');
      expect(items.every((p) => p.level === 'SISTER_CITY' || p.level === 'FRIENDLY_EXCHANGE')).toBe(true);
      expect(items.some((p) => typeof p.partnerCity.latitude === 'number')).toBe(true);

      const events = await json(await widget('UpcomingEvents', { from: `${YEAR}-01-01` }));
      const names = (events.data!.events.items as Data[]).map((e) => e.names.en);
      expect(names).toContain(`${TAG} Public Festival`);
      expect(names).not.toContain(`${TAG} Internal Meeting`);

      const card = await json(await widget('NodeCard', { id: ids.publicOrg }));
      expect(card.data!.node).toMatchObject({ __typename: 'Organisation', names: { en: `${TAG} Public School` } });
    });

    it('counts only PUBLIC records in the raw SQL of stats and the annual report', async () => {
      const stats = await json(await widget('DelegationStats', { year: YEAR }));
      expect(stats.errors).toBeUndefined();
      const byChannel = stats.data!.stats.byChannel as Data[];
      expect(byChannel).toEqual([{ channel: 'ACADEMIC', count: 1, personTimes: 3 }]);
      expect(stats.data!.stats.byMonth).toEqual([{ month: 3, count: 1, personTimes: 3 }]);
      expect(stats.data!.annualReport.inboundForeignGuests.personTimes.value).toBeLessThan(40);

      // what an analyst sees of the same year: the INTERNAL and RESTRICTED visits too
      const analyst = await (await hub.as('analyst')).query(`{ stats { delegations(groupBy: [CHANNEL], where: { year: [${YEAR}] }) { channel personTimes } } }`);
      expect((analyst.stats.delegations as Data[]).reduce((sum, g) => sum + g.personTimes, 0)).toBe(543);
    });

    it('shows only the public ties of a public record in the node card', async () => {
      const body = JSON.stringify(await json(await widget('NodeCard', { id: ids.publicOrg })));
      expect(body).toContain(`${TAG} Public Town`);
      expect(body).not.toContain(ids.internalOrg);
      expect(body).not.toContain(ids.restrictedPerson);
      expect(body).not.toContain('Internal School');
      expect(body).not.toContain('Restricted Person');
      expect(body).not.toContain('E99999999');
    });
  });

  describe('refusals, each with its error and nothing leaked', () => {
    const refused = async (response: Response, status: number, code: string) => {
      expect(response.status).toBe(status);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = await json(response);
      expect(body.data).toBeUndefined();
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0].extensions?.code).toBe(code);
      expect(JSON.stringify(body)).not.toMatch(/select|widget_key|at .*\.js|Takamatsu/i);
      return body.errors![0].message;
    };

    it('no key and an unknown key: UNAUTHENTICATED', async () => {
      expect(await refused(await widget('SisterCities', {}, { key: null }), 401, 'UNAUTHENTICATED')).toMatch(/key is needed/);
      expect(await refused(await widget('SisterCities', {}, { key: 'amity_wk_nonsense' }), 401, 'UNAUTHENTICATED')).toBe('Unknown widget key');
    });

    it('a revoked key: FORBIDDEN, at once', async () => {
      const made = await newKey();
      expect((await widget('SisterCities', {}, { key: made.key })).status).toBe(200);
      await hub.query('mutation ($id: ID!) { revokeWidgetKey(id: $id) { id } }', { id: made.widgetKey.id });
      const response = await widget('SisterCities', {}, { key: made.key });
      // the key's own site may read the refusal (its widget says the key no longer works)
      expect(response.headers.get('access-control-allow-origin')).toBe(HOST);
      expect(await refused(response, 403, 'FORBIDDEN')).toMatch(/revoked/);
    });

    it('an expired key: FORBIDDEN', async () => {
      const made = await newKey({ expiresAt: new Date(Date.now() + 60_000).toISOString() });
      await hub.db.query(`update widget_key set expires_at = now() - interval '1 minute' where id = $1`, [made.widgetKey.id]);
      expect(await refused(await widget('SisterCities', {}, { key: made.key }), 403, 'FORBIDDEN')).toMatch(/expired/);
    });

    it('a page from an origin the key does not allow: FORBIDDEN, and no CORS header', async () => {
      const response = await widget('SisterCities', {}, { origin: 'https://evil.example.net' });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(await refused(response, 403, 'FORBIDDEN')).toMatch(/not allowed on this web site/);
      const preflight = await fetch(`${hub.url}/widgets/api/SisterCities?key=${key}`, { method: 'OPTIONS', headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'GET' } });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('an operation that is not registered: NOT_FOUND, and no ad-hoc query is run', async () => {
      expect(await refused(await widget('Users'), 404, 'NOT_FOUND')).toMatch(/registered widget operations/);
      const adHoc = await fetch(`${hub.url}/widgets/api/SisterCities?key=${key}&query=${encodeURIComponent('{ users { username } }')}`);
      expect(JSON.stringify(await adHoc.json())).not.toContain('username');
      // and a key is no sign-in for /graphql
      const graphql = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-amity-key': key, authorization: `Bearer ${key}` }, body: JSON.stringify({ query: '{ events { total } }' }) });
      expect(((await graphql.json()) as Data).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('the id of an INTERNAL or RESTRICTED record in the node card: the same NOT_FOUND as no record at all', async () => {
      const messages = [];
      for (const id of [ids.internalOrg, ids.restrictedPerson, ids.internalEvent, ids.hiddenTie, randomUUID()]) {
        messages.push(await refused(await widget('NodeCard', { id }), 404, 'NOT_FOUND'));
      }
      expect(new Set(messages).size).toBe(1);
      expect(messages[0]).not.toContain(ids.internalOrg);
    });

    it('bad variables: BAD_USER_INPUT', async () => {
      await refused(await widget('DelegationStats', { year: 'soon' }), 400, 'BAD_USER_INPUT');
      const response = await fetch(`${hub.url}/widgets/api/SisterCities?key=${key}&variables=%7Bnot-json`);
      await refused(response, 400, 'BAD_USER_INPUT');
    });

    it('a burst over the key’s rate: RATE_LIMITED (429) with Retry-After', async () => {
      const made = await newKey({ rateLimitPerMinute: 5 });
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 8; i += 1) {
        last = await widget('SisterCities', {}, { key: made.key });
        statuses.push(last.status);
        if (last.status === 200) await last.arrayBuffer();
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(last!.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(await refused(last!, 429, 'RATE_LIMITED')).toMatch(/Too many requests/);
      // other keys are not held back
      expect((await widget('SisterCities')).status).toBe(200);
    });
  });

  describe('the cache', () => {
    it('answers a repeat with no SQL statement, and 304 for a matching ETag', async () => {
      const variables = { from: `${YEAR}-01-01`, first: 7 };
      const first = await widget('UpcomingEvents', variables);
      expect(Number(first.headers.get('x-amity-sql-statements'))).toBeGreaterThan(0);
      const firstBody = await first.text();
      const second = await widget('UpcomingEvents', { first: 7, from: `${YEAR}-01-01` });
      expect(second.headers.get('x-amity-sql-statements')).toBe('0');
      expect(await second.text()).toBe(firstBody);
      expect(second.headers.get('etag')).toBe(first.headers.get('etag'));

      const notModified = await widget('UpcomingEvents', variables, { headers: { 'if-none-match': first.headers.get('etag')! } });
      expect(notModified.status).toBe(304);
      expect(notModified.headers.get('x-amity-sql-statements')).toBe('0');
      expect(notModified.headers.get('access-control-allow-origin')).toBe(HOST);
    });

    it('keys an answer by the variables its operation defines: others make no new answer', async () => {
      const variables = { from: `${YEAR}-02-01`, first: 9 };
      expect(Number((await widget('UpcomingEvents', variables)).headers.get('x-amity-sql-statements'))).toBeGreaterThan(0);
      const padded = await widget('UpcomingEvents', { ...variables, unused: 'x'.repeat(100) });
      expect(padded.status).toBe(200);
      expect(padded.headers.get('x-amity-sql-statements')).toBe('0');
    });

    it('answers a GET as it answers a HEAD of the same request, and logs it', async () => {
      const variables = { from: `${YEAR}-03-01`, first: 5 };
      const got = await widget('UpcomingEvents', variables, { headers: { 'x-request-id': 'widget-own-path' } });
      const body = await got.text();
      const params = new URLSearchParams({ variables: JSON.stringify(variables), key });
      const head = await fetch(`${hub.url}/widgets/api/UpcomingEvents?${params}`, { method: 'HEAD', headers: { origin: HOST } });
      expect(got.status).toBe(200);
      expect(head.status).toBe(200);
      for (const name of ['content-type', 'content-length', 'etag', 'cache-control', 'vary', 'access-control-allow-origin', 'access-control-expose-headers', 'x-content-type-options', 'referrer-policy']) {
        expect(got.headers.get(name), name).toBeTruthy();
        expect(head.headers.get(name), name).toBe(got.headers.get(name));
      }
      expect(Number(got.headers.get('content-length'))).toBe(Buffer.byteLength(body));
      expect(got.headers.get('x-request-id')).toBe('widget-own-path');
      expect(head.headers.get('x-request-id')).toBeTruthy();
      // The hub writes its log lines asynchronously: the line comes shortly after the answer.
      const line = () => hub.logs.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry.requestId === 'widget-own-path' && entry.msg === 'request');
      await expect.poll(line).toMatchObject({ method: 'GET', path: '/widgets/api/UpcomingEvents', status: 200 });
      // Errors alike too: a missing key, an unknown operation, a name that is not URI-encoded text.
      expect((await widget('UpcomingEvents', variables, { key: null })).status).toBe((await fetch(`${hub.url}/widgets/api/UpcomingEvents`, { method: 'HEAD' })).status);
      const unknown = await fetch(`${hub.url}/widgets/api/NoSuchOperation?key=${key}`);
      expect(unknown.status).toBe(404);
      expect((await json(unknown)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const malformed = await fetch(`${hub.url}/widgets/api/%E0%A4%A?key=${key}`);
      expect(malformed.status).toBe(400);
    });

    it('is emptied by a change through the API', async () => {
      const variables = { from: `${YEAR}-01-01`, first: 20 };
      const before = await widget('UpcomingEvents', variables);
      const etag = before.headers.get('etag')!;
      const names = ((await json(before)).data!.events.items as Data[]).map((e) => e.names.en);
      expect(names).not.toContain(`${TAG} New Fair`);
      expect((await widget('UpcomingEvents', variables)).headers.get('x-amity-sql-statements')).toBe('0');

      await create(hub, 'Event', { names: { en: `${TAG} New Fair` }, kind: 'FAIR', startDate: `${YEAR}-07-01`, visibility: 'PUBLIC' });

      const after = await widget('UpcomingEvents', variables, { headers: { 'if-none-match': etag } });
      expect(after.status).toBe(200);
      expect(Number(after.headers.get('x-amity-sql-statements'))).toBeGreaterThan(0);
      expect(((await json(after)).data!.events.items as Data[]).map((e) => e.names.en)).toContain(`${TAG} New Fair`);
    });
  });

  describe('the script and the iframe form', () => {
    it('serves the iframe page framable by the key’s origins only', async () => {
      const page = await fetch(`${hub.url}/embed/sister-cities?key=${key}&lang=en&theme=dark`);
      expect(page.status).toBe(200);
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).toContain(`frame-ancestors ${HOST}`);
      expect(csp).toContain("script-src 'self'");
      expect(page.headers.get('x-frame-options')).toBeNull();
      const html = await page.text();
      expect(html).toContain('<amity-sister-cities');
      expect(html).toContain('lang="en"');

      const revoked = await newKey();
      await hub.query('mutation ($id: ID!) { revokeWidgetKey(id: $id) { id } }', { id: revoked.widgetKey.id });
      const refused = await fetch(`${hub.url}/embed/events?key=${revoked.key}`);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect((await fetch(`${hub.url}/embed/nothing?key=${key}`)).status).toBe(404);
      const injected = await (await fetch(`${hub.url}/embed/events?key=${key}&lang=${encodeURIComponent('"><script>alert(1)</script>')}`)).text();
      expect(injected).not.toContain('<script>alert');
    });

    it('serves the script for other sites’ pages', async () => {
      const script = await fetch(`${hub.url}/widgets/amity-widgets.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/javascript/);
      expect(script.headers.get('access-control-allow-origin')).toBe('*');
      expect(script.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(script.headers.get('x-content-type-options')).toBe('nosniff');
      const text = await script.text();
      expect(text).toContain('amity-sister-cities');
      // small enough for other offices' pages to load with theirs: under 60 kB gzip, nothing of react-admin, MUI or React
      expect(gzipSync(Buffer.from(text)).length).toBeLessThan(60 * 1024);
      expect(text).not.toMatch(/react-admin|@mui|__SECRET_INTERNALS|react\.element/i);
    });
  });
});

describe('widgets: the cache is bounded in bytes (AMITY_WIDGET_CACHE_MB)', () => {
  let hub: Hub;
  afterAll(async () => {
    await hub?.stop();
  });

  it('drops the oldest answers once the answers kept pass the bound, far under the 1,000 answers it may keep', async () => {
    hub = await startHub({ template: 'demo', env: { AMITY_WIDGET_CACHE_MB: '1' } });
    const { key } = (await hub.query(NEW_KEY, { input: { name: `${TAG} bounded`, office: 'Tourism Bureau', allowedOrigins: [HOST], rateLimitPerMinute: 10_000 } })).createWidgetKey as { key: string };
    // The same large answer under ever new variables: the level asked once more each time (a public key's holder
    // can ask as many variants as this).
    const sisterCities = (repeats: number) =>
      fetch(`${hub.url}/widgets/api/SisterCities?${new URLSearchParams({ key, variables: JSON.stringify({ levels: [...Array(repeats).fill('SISTER_CITY'), 'FRIENDLY_EXCHANGE'] }) })}`);
    const first = await sisterCities(1);
    const size = (await first.text()).length;
    expect(size).toBeGreaterThan(2_000);
    // At two bytes a character, this many such answers pass one megabyte.
    const past = Math.ceil(2 ** 20 / (2 * size)) + 1;
    expect(past).toBeLessThan(500);
    expect((await sisterCities(1)).headers.get('x-amity-sql-statements')).toBe('0');
    for (let repeats = 2; repeats <= past + 1; repeats += 1) expect((await sisterCities(repeats)).status).toBe(200);
    // The first answer was dropped to make room; the newest are kept.
    expect(Number((await sisterCities(1)).headers.get('x-amity-sql-statements'))).toBeGreaterThan(0);
    expect((await sisterCities(past + 1)).headers.get('x-amity-sql-statements')).toBe('0');
  });
});

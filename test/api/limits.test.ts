import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Client, type GraphQLResponse, type Hub } from '../support/hub.js';
import { create, expectError } from './records.js';

/**
 * Limits before any SQL runs: depth, aliases, cost, tokens, directives and body size — also
 * hidden in fragments — CSRF prevention, no batching, no field suggestions; and hostile text (SQL
 * metacharacters, NUL bytes, 10 kB of Unicode) stored and searched literally, never an INTERNAL error.
 */

type Data = Record<string, any>;

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** `neighbours { … }` n times around `inner`. */
const nested = (n: number, inner: string) => `${'neighbours { '.repeat(n)}${inner}${' }'.repeat(n)}`;
const aliases = (n: number, field: string) => Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ');

interface Attack {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** The error codes a refusal may carry (QUERY_TOO_COMPLEX unless said otherwise). */
  codes?: string[];
}

/** Operations over the default limits: depth 8, aliases 15, cost 100,000, fields 1000, tokens 2000, directives 10. */
const ATTACKS: Attack[] = [
  { name: 'depth 9', query: `{ node(id: "${UNKNOWN}") { ... on Person { ${nested(8, 'id')} } } }` },
  {
    name: 'depth 9 in nested fragments',
    query: `{ node(id: "${UNKNOWN}") { ...F1 } } ${Array.from({ length: 8 }, (_, i) => `fragment F${i + 1} on Node { neighbours { ...F${i + 2} } }`).join(' ')} fragment F9 on Node { id }`,
  },
  {
    name: 'depth 9 in inline fragments',
    query: `{ node(id: "${UNKNOWN}") { ${'... on Node { neighbours { '.repeat(8)} id ${'} } '.repeat(8)} } }`,
  },
  { name: '16 aliases', query: `{ ${aliases(16, 'people(perPage: 1) { total }')} }` },
  { name: '16 aliases in a fragment', query: `{ people(perPage: 1) { items { ...P } } } fragment P on Person { ${aliases(16, 'id')} }` },
  {
    name: '16 aliases in fragments spread in fragments',
    query: `{ ...Q } fragment Q on Query { people(perPage: 1) { items { ...A ...B } } } fragment A on Person { ${aliases(8, 'id')} } fragment B on Person { ${Array.from({ length: 8 }, (_, i) => `b${i}: id`).join(' ')} }`,
  },
  { name: 'cost over 100,000: four pages of 500 people with their neighbours', query: `{ ${aliases(4, 'people(perPage: 500) { items { neighbours { id } } }')} }` },
  {
    name: 'cost over 100,000 through variables',
    query: `query ($n: Int!) { people(perPage: $n) { items { neighbours(first: $n) { id } } } }`,
    variables: { n: 500 },
  },
  {
    name: 'cost over 100,000 in fragments',
    query: `{ ...Q } fragment Q on Query { people(perPage: 500) { items { ...N } } } fragment N on Person { neighbours(first: 200) { ...C } } fragment C on Node { id }`,
  },
  {
    name: 'cost of lists without an explicit size (neighbours of neighbours of 500 people, each list its default)',
    query: `{ people(perPage: 500) { items { ${nested(4, 'id')} } } }`,
  },
  {
    name: 'the audit’s query: a city’s neighbours six deep',
    query: `{ cities(perPage: 1) { items { ${nested(6, 'id')} } } }`,
  },
  {
    name: 'the audit’s document: 26 levels of doubling fragments',
    query: `{ ...F0 } ${Array.from({ length: 26 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ')} fragment F26 on Query { __typename }`,
  },
  { name: '11 directives', query: `{ people(perPage: 1) { ${Array.from({ length: 11 }, () => 'total @include(if: true)').join(' ')} } }` },
  {
    name: '11 directives in a fragment',
    query: `{ people(perPage: 1) { ...T } } fragment T on PersonPage { ${Array.from({ length: 11 }, () => 'total @skip(if: false)').join(' ')} }`,
  },
  { name: '2100 tokens', query: `{ people(perPage: 1) { ${'total '.repeat(2100)} } }`, codes: ['QUERY_TOO_COMPLEX', 'BAD_USER_INPUT'] },
  {
    name: 'introspection 30 levels deep',
    query: `{ __type(name: "Person") { ${'ofType { '.repeat(30)} name ${'} '.repeat(30)} } }`,
  },
];

/** Attacks a stranger might try; it may ask for `login` only, so anything else is refused before it is measured. */
const ANONYMOUS_ATTACKS: Attack[] = [
  { name: '16 aliases of __typename', query: `{ ${aliases(16, '__typename')} }` },
  { name: '11 directives on __typename', query: `{ ${Array.from({ length: 11 }, () => '__typename @include(if: true)').join(' ')} }` },
  { name: '2100 tokens of __typename', query: `{ ${'__typename '.repeat(2100)} }`, codes: ['QUERY_TOO_COMPLEX', 'BAD_USER_INPUT'] },
  {
    name: '16 aliased sign-ins',
    query: `mutation { ${Array.from({ length: 16 }, (_, i) => `a${i}: login(username: "admin", password: "guess-${i}") { token }`).join(' ')} }`,
  },
];

/** Text a hostile caller types. */
const META = `O'Brien"; DROP TABLE node; -- 100%_sure \\ back\\slash ' OR '1'='1`;
const NUL = 'before\u0000after';
const UNICODE = (() => {
  const piece = '南昌三中學校🇳🇴😀👨‍👩‍👧Ærø Åse 조선말 ﷺ ';
  let text = '';
  while (Buffer.byteLength(text) < 10_240) text += piece;
  return `Uni ${text}`.trim();
})();

/** Nothing a client sees may show SQL, stack traces or table names. */
function expectMasked(response: unknown) {
  const text = JSON.stringify(response);
  expect(text).not.toMatch(/\bselect\b.+\bfrom\b|node_modules|\.js:\d+|\bat [A-Za-z.]+ \(|violates|relation "|syntax error at/i);
}

function expectRefused(response: GraphQLResponse<Data>, codes: string[]) {
  expect(response.errors, `accepted: ${JSON.stringify(response).slice(0, 200)}`).toBeDefined();
  expect(codes, response.errors![0].message).toContain(response.errors![0].extensions?.code);
  expect(response.data ?? null).toBeNull();
  expect(response.extensions?.sqlStatements, 'SQL ran for a refused operation').toBe(0);
}

describe('limits and hostile input', () => {
  let hub: Hub;
  let analyst: Client;
  let anonymous: Client;

  const post = (body: string, headers: Record<string, string>, path = '/graphql') => fetch(`${hub.url}${path}`, { method: 'POST', body, headers });

  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
    analyst = await hub.as('analyst');
    anonymous = await hub.as('anonymous');
  });

  afterAll(async () => {
    await hub?.stop();
  });

  describe('query limits, checked before any SQL', () => {
    it.each(ATTACKS.map((attack) => [attack.name, attack] as const))('%s: refused for a signed-in caller', async (_name, attack) => {
      const response = await analyst.request(attack.query, attack.variables);
      expectRefused(response, attack.codes ?? ['QUERY_TOO_COMPLEX']);
      expect(response.errors![0].message).not.toMatch(/Did you mean/);
    });

    it.each([...ATTACKS, ...ANONYMOUS_ATTACKS].map((attack) => [attack.name, attack] as const))('%s: refused for an anonymous caller, without telling the limits', async (_name, attack) => {
      const before = await hub.db.query('select count(*)::int as count from audit_entry');
      const response = await anonymous.request(attack.query, attack.variables);
      expectRefused(response, [...(attack.codes ?? ['QUERY_TOO_COMPLEX']), 'UNAUTHENTICATED']);
      for (const error of response.errors!) expect(error.message, 'the message gives a number away').not.toMatch(/\d/);
      // no sign-in was tried
      const after = await hub.db.query('select count(*)::int as count from audit_entry');
      expect(after.rows[0].count).toBe(before.rows[0].count);
    });

    it('operations at the limits pass', async () => {
      const person = (await create(hub, 'Person', { names: { en: 'Limit Probe' }, category: 'STAFF' })).id;
      const within: Array<[string, string, Record<string, unknown>?]> = [
        ['depth 8', `query ($id: ID!) { node(id: $id) { ... on Person { ${'neighbours(first: 3) { '.repeat(7)} id ${'} '.repeat(7)} } } }`, { id: person }],
        ['depth 8 in fragments', `query ($id: ID!) { node(id: $id) { ...F1 } } ${Array.from({ length: 7 }, (_, i) => `fragment F${i + 1} on Node { neighbours(first: 3) { ...F${i + 2} } }`).join(' ')} fragment F8 on Node { id }`, { id: person }],
        ['15 aliases', `{ ${aliases(15, 'people(perPage: 1) { total }')} }`],
        ['cost 99,501', '{ people(perPage: 500) { items { neighbours(first: 198) { id } } } }'],
        ['10 directives', `{ people(perPage: 1) { ${Array.from({ length: 10 }, () => 'total @include(if: true)').join(' ')} } }`],
        ['1900 tokens', 'query ($n: Int) { people(perPage: $n, filter: { ids: [' + Array.from({ length: 1880 }, () => `"${UNKNOWN}"`).join(' ') + '] }) { total } }'],
        ['a standard introspection of types and fields', '{ __schema { types { name kind fields { name type { name kind ofType { name kind ofType { name kind ofType { name } } } } } } } }'],
      ];
      for (const [name, query, variables] of within) {
        const response = await analyst.request(query, variables);
        expect(response.errors, `${name}: ${JSON.stringify(response.errors)}`).toBeUndefined();
        expect(response.data, name).toBeTruthy();
      }
    });

    it('perPage and first are bounded', async () => {
      expectError(await analyst.request('{ people(perPage: 501) { total } }'), 'BAD_USER_INPUT');
      expectError(await analyst.request('{ people(perPage: 0) { total } }'), 'BAD_USER_INPUT');
      expectError(await analyst.request('{ people(page: -1) { total } }'), 'BAD_USER_INPUT');
      expectError(await analyst.request('{ search(q: "a", first: 1000000) { type } }'), 'BAD_USER_INPUT');
      expectError(await hub.request('{ auditEntries(perPage: 100000) { total } }'), 'BAD_USER_INPUT');
    });
  });

  describe('requests', () => {
    it('one request runs at most three reads at once, whatever it asks: fifteen pages do not take the pool from everyone else', async () => {
      // Fifteen aliases, each a page and its total: thirty statements that could all run at once on the pool's ten
      // connections (the default) and keep every other caller waiting for one.
      const answer = (await analyst.request(`{ ${aliases(15, 'people(perPage: 5) { total items { id } }')} }`)) as GraphQLResponse<Data> & {
        extensions?: { sqlStatements?: number; readsAtOnce?: number };
      };
      expect(answer.errors).toBeUndefined();
      expect(Object.keys(answer.data!)).toHaveLength(15);
      expect(answer.extensions?.sqlStatements).toBeGreaterThanOrEqual(15);
      expect(answer.extensions?.readsAtOnce).toBe(3);
      // One list alone reads as before, its page and total side by side.
      const one = (await analyst.request(`{ people(perPage: 5) { total items { id } } }`)) as { extensions?: { readsAtOnce?: number } };
      expect(one.extensions?.readsAtOnce).toBeGreaterThanOrEqual(1);
      expect(one.extensions?.readsAtOnce).toBeLessThanOrEqual(2);
    });

    it('a body over 100 kB is refused with 413, signed in or not', async () => {
      const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(150 * 1024) } });
      const signedIn = { authorization: `Bearer ${await hub.login('analyst')}` };
      for (const headers of [{} as Record<string, string>, signedIn]) {
        const response = await post(body, { 'content-type': 'application/json', ...headers });
        expect(response.status).toBe(413);
        const answer = (await response.json()) as GraphQLResponse;
        expect(answer.data ?? null).toBeNull();
      }
      // just under the limit is fine
      const under = await post(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(90 * 1024) } }), { 'content-type': 'application/json', ...signedIn });
      expect(under.status).toBe(200);
    });

    it('every refusal of the caller’s own query answers a 4xx with its code, on POST and GET alike', async () => {
      const token = await hub.login('analyst');
      const deep = `{ cities(perPage: 1) { items { ${nested(9, 'id')} } } }`;
      const cases: Array<[string, Record<string, unknown>, string | undefined, number, string]> = [
        ['too complex', { query: deep }, token, 400, 'QUERY_TOO_COMPLEX'],
        ['a stranger asking for more than login', { query: '{ cities { total } }' }, undefined, 401, 'UNAUTHENTICATED'],
        ['a NUL character', { query: 'query ($q: String) { cities(filter: { q: $q }) { total } }', variables: { q: 'a\u0000b' } }, token, 400, 'BAD_USER_INPUT'],
        ['a subscription', { query: 'subscription { __typename }' }, token, 400, 'BAD_USER_INPUT'],
        ['a syntax error', { query: '{ cities { ' }, token, 400, 'BAD_USER_INPUT'],
        ['an unknown field', { query: '{ nothingHere }' }, token, 400, 'BAD_USER_INPUT'],
      ];
      for (const [name, body, bearer, status, code] of cases) {
        const headers: Record<string, string> = { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) };
        const answers = [await post(JSON.stringify(body), headers)];
        if (!String(body.query).startsWith('subscription')) {
          const search = new URLSearchParams({ query: String(body.query), ...(body.variables ? { variables: JSON.stringify(body.variables) } : {}) });
          answers.push(await fetch(`${hub.url}/graphql?${search}`, { headers: { ...headers, 'apollo-require-preflight': 'true' } }));
        }
        for (const response of answers) {
          expect(response.status, name).toBe(status);
          const answer = (await response.json()) as GraphQLResponse;
          expect(answer.errors?.[0]?.extensions?.code, name).toBe(code);
        }
      }
    });

    it('a body in another charset than UTF-8 is refused with 415 before it is read', async () => {
      const token = await hub.login('analyst');
      const body = JSON.stringify({ query: '{ cities(perPage: 1) { total } }' });
      for (const charset of ['utf-7', 'UTF-16', 'iso-8859-1', 'utf-32le', 'utf8']) {
        const response = await post(body, { 'content-type': `application/json; charset=${charset}`, authorization: `Bearer ${token}` });
        expect(response.status, charset).toBe(415);
        const answer = (await response.json()) as GraphQLResponse;
        expect(answer.errors?.[0]?.message, charset).toContain(`Unsupported charset "${charset.toLowerCase()}"`);
      }
      for (const charset of ['utf-8', 'UTF-8', '"utf-8"']) {
        const response = await post(body, { 'content-type': `application/json; charset=${charset}`, authorization: `Bearer ${token}` });
        expect(response.status, charset).toBe(200);
      }
    });

    it('a cross-site form post (text/plain, form-encoded, multipart) is refused, even with the session cookie, and changes nothing', async () => {
      const login = await post(JSON.stringify({ query: 'mutation { login(username: "editor", password: "amity-demo") { token } }' }), { 'content-type': 'application/json' });
      const cookie = login.headers.getSetCookie().find((line) => line.startsWith('amity_session='))!.split(';')[0];
      const mutation = 'mutation { createOrganisation(input: { names: { en: "Made cross-site" }, kind: CLUB }) { id } }';
      const attempts: Array<[string, string]> = [
        ['text/plain', JSON.stringify({ query: mutation })],
        ['text/plain;charset=UTF-8', JSON.stringify({ query: mutation })],
        ['application/x-www-form-urlencoded', `query=${encodeURIComponent(mutation)}`],
        ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${mutation}\r\n--x--\r\n`],
      ];
      for (const [type, body] of attempts) {
        const response = await post(body, { 'content-type': type, cookie, origin: 'https://evil.example' });
        const text = await response.text();
        expect(response.status, `${type}: ${text}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${type}: a refusal is the client's fault, not a server error: ${text}`).toBeLessThan(500);
        expect(text).not.toContain('"data":{');
      }
      // a GET carrying the cookie, without a header only a same-site script can set, is refused too
      const get = await fetch(`${hub.url}/graphql?query=${encodeURIComponent('{ me { username } }')}`, { headers: { cookie } });
      expect(get.status).toBeGreaterThanOrEqual(400);
      expect(await get.text()).not.toContain('editor');
      // a mutation never runs over GET
      const getMutation = await fetch(`${hub.url}/graphql?query=${encodeURIComponent(mutation)}`, { headers: { cookie, 'apollo-require-preflight': 'true' } });
      expect(getMutation.status).toBeGreaterThanOrEqual(400);
      const { rows } = await hub.db.query("select count(*)::int as count from node where name_en = 'Made cross-site'");
      expect(rows[0].count).toBe(0);
      // the same cookie with JSON (what the admin sends) works
      const json = await post(JSON.stringify({ query: '{ me { username } }' }), { 'content-type': 'application/json', cookie });
      expect(((await json.json()) as GraphQLResponse<Data>).data?.me).toEqual({ username: 'editor' });
    });

    it('a batched request is refused, and none of its operations runs', async () => {
      const token = await hub.login('editor');
      const batch = [
        { query: '{ me { username } }' },
        { query: 'mutation { createOrganisation(input: { names: { en: "Made in a batch" }, kind: CLUB }) { id } }' },
      ];
      const response = await post(JSON.stringify(batch), { 'content-type': 'application/json', authorization: `Bearer ${token}` });
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(text).not.toContain('"data"');
      const { rows } = await hub.db.query("select count(*)::int as count from node where name_en = 'Made in a batch'");
      expect(rows[0].count).toBe(0);

      const before = await hub.db.query("select count(*)::int as count from audit_entry where action = 'SIGN_IN_FAILED'");
      const logins = Array.from({ length: 5 }, (_, i) => ({ query: `mutation { login(username: "admin", password: "batch-${i}") { token } }` }));
      const anonymousBatch = await post(JSON.stringify(logins), { 'content-type': 'application/json' });
      expect(anonymousBatch.status).toBe(400);
      const after = await hub.db.query("select count(*)::int as count from audit_entry where action = 'SIGN_IN_FAILED'");
      expect(after.rows[0].count).toBe(before.rows[0].count);
    });

    it('malformed requests are the client’s fault: 400, never 500', async () => {
      const token = await hub.login('analyst');
      const bodies = ['{"query": ', 'null', '"just a string"', '{"query": 42}', '{"query": "{ me { username } }", "variables": "not an object"}', '{"query": "{ me { username } }", "extensions": []}'];
      for (const body of bodies) {
        const response = await post(body, { 'content-type': 'application/json', authorization: `Bearer ${token}` });
        const text = await response.text();
        expect(response.status, `${body}: ${text}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${body}: ${text}`).toBeLessThan(500);
        expectMasked(text);
      }
    });
  });

  describe('no field suggestions, no schema details in errors', () => {
    it('a misspelt field, argument, input field or enum value gives no "Did you mean"', async () => {
      const attempts: Array<[string, Record<string, unknown>?]> = [
        ['{ peple { total } }'],
        ['{ people { totl } }'],
        ['{ people(perPag: 2) { total } }'],
        ['{ people(filter: { visibilty: [PUBLIC] }) { total } }'],
        ['{ people(filter: { visibility: [RESTRICTD] }) { total } }'],
        ['query ($f: PersonFilter) { people(filter: $f) { total } }', { f: { visibility: ['RESTRICTD'] } }],
        ['query ($f: PersonFilter) { people(filter: $f) { total } }', { f: { visibilty: ['PUBLIC'] } }],
        ['query ($s: [PersonSort!]) { people(sort: $s) { total } }', { s: [{ field: 'names_enn' }] }],
      ];
      for (const [query, variables] of attempts) {
        for (const client of [analyst, anonymous]) {
          const response = await client.request(query, variables);
          expect(response.errors?.length, query).toBeGreaterThan(0);
          expect(JSON.stringify(response), query).not.toMatch(/Did you mean/i);
        }
        expect((await analyst.request(query, variables)).errors![0].extensions?.code, query).toBe('BAD_USER_INPUT');
      }
    });

    it('an operation type the API does not have is bad input, not an internal error', async () => {
      for (const client of [analyst, anonymous]) {
        const response = await client.request('subscription { __typename }');
        expect(response.errors?.length).toBeGreaterThan(0);
        expect(['BAD_USER_INPUT', 'UNAUTHENTICATED']).toContain(response.errors![0].extensions?.code);
      }
    });
  });

  describe('hostile text: stored and searched literally, never an internal error', () => {
    const ORGANISATION = 'query ($id: ID!) { organisation(id: $id) { names { en zh local } aliases notes } }';
    const organisations = async (q: string) => (await analyst.query<Data>('query ($q: String) { organisations(filter: { q: $q }, perPage: 100) { items { id } } }', { q })).organisations.items.map((item: Data) => item.id);

    it.each([
      ['SQL metacharacters', META],
      ['10 kB of CJK and emoji', UNICODE],
    ])('%s in names, aliases and notes: stored, read back and found by q', async (_name, text) => {
      const editor = await hub.as('editor');
      const made = await editor.request<Data>('mutation ($input: OrganisationInput!) { createOrganisation(input: $input) { id } }', {
        input: { names: { en: text, zh: text, local: text, localLang: 'en' }, aliases: [text], notes: text, kind: 'CLUB' },
      });
      expect(made.errors, JSON.stringify(made.errors)).toBeUndefined();
      const id = made.data!.createOrganisation.id;
      const read = (await analyst.query(ORGANISATION, { id })).organisation;
      expect(read).toEqual({ names: { en: text, zh: text, local: text }, aliases: [text], notes: text });
      expect(await organisations(text)).toContain(id);
      const hits = await analyst.request<Data>('query ($q: String!) { search(q: $q, first: 100) { node { id } } }', { q: text.slice(0, 200) });
      expect(hits.errors, JSON.stringify(hits.errors)).toBeUndefined();
      expect(hits.data!.search.map((hit: Data) => hit.node.id)).toContain(id);
    });

    it('LIKE wildcards and backslashes in q match only themselves', async () => {
      const control = (await create(hub, 'Organisation', { names: { en: 'Plain Wildcard Control' }, kind: 'CLUB' })).id;
      const literal = (await create(hub, 'Organisation', { names: { en: 'Literal 100%_sure \\ slash' }, kind: 'CLUB' })).id;
      for (const q of ['%', '_', '%_', '\\', '100%_sure \\']) {
        const found = await organisations(q);
        expect(found, q).toContain(literal);
        expect(found, q).not.toContain(control);
      }
      expect(await organisations('100%_surf')).not.toContain(literal);
    });

    it('NUL bytes: BAD_USER_INPUT naming the field (or stored literally), nothing half-written', async () => {
      const editor = await hub.as('editor');
      for (const input of [
        { names: { en: NUL }, kind: 'CLUB' },
        { names: { en: 'Nul In Notes' }, notes: NUL, kind: 'CLUB' },
        { names: { en: 'Nul In Aliases' }, aliases: [NUL], kind: 'CLUB' },
      ]) {
        const response = await editor.request<Data>('mutation ($input: OrganisationInput!) { createOrganisation(input: $input) { id names { en } notes aliases } }', { input });
        expectMasked(response);
        if (response.errors) {
          const error = expectError(response, 'BAD_USER_INPUT');
          expect(error.extensions?.fields, error.message).toBeInstanceOf(Array);
          const { rows } = await hub.db.query("select count(*)::int as count from node where name_en in ('Nul In Notes', 'Nul In Aliases') or name_en like 'before%'");
          expect(rows[0].count).toBe(0);
        } else {
          const made = response.data!.createOrganisation;
          expect([made.names.en, made.notes, ...made.aliases]).toContain(NUL);
        }
      }
    });

    it('every text filter of every list, and search, takes hostile text without an internal error', async () => {
      const schema = (await analyst.query(`{ __schema { queryType { fields { name args { name type { name kind ofType { name } } } } } } }`)).__schema.queryType.fields as Data[];
      const typeOf = (arg: Data) => arg.type.name ?? arg.type.ofType?.name;
      const inputs = new Map<string, Data[]>();
      const lists = schema.filter((field) => field.args.some((arg: Data) => arg.name === 'filter'));
      expect(lists.length).toBeGreaterThan(10);
      for (const list of lists) {
        const filterType = typeOf(list.args.find((arg: Data) => arg.name === 'filter'));
        if (!inputs.has(filterType)) {
          const type = (await analyst.query('query ($t: String!) { __type(name: $t) { inputFields { name type { name kind ofType { name kind ofType { name } } } } } }', { t: filterType })).__type;
          inputs.set(filterType, type.inputFields);
        }
        const textFields = inputs
          .get(filterType)!
          .filter((field: Data) => [field.type.name, field.type.ofType?.name, field.type.ofType?.ofType?.name].includes('String'))
          .map((field: Data) => ({ name: field.name as string, list: field.type.kind === 'LIST' || field.type.ofType?.kind === 'LIST' }));
        const client = list.name === 'auditEntries' ? await hub.as('admin') : analyst;
        const selection = '{ total }';
        for (const field of textFields) {
          for (const text of [META, NUL, UNICODE]) {
            const response = await client.request(`query ($f: ${filterType}) { result: ${list.name}(filter: $f) ${selection} }`, { f: { [field.name]: field.list ? [text] : text } });
            expectMasked(response);
            if (response.errors) expect(response.errors[0].extensions?.code, `${list.name}.${field.name} with ${JSON.stringify(text.slice(0, 20))}`).toBe('BAD_USER_INPUT');
            if (text !== NUL) expect(response.errors, `${list.name}.${field.name}: ${JSON.stringify(response.errors)}`).toBeUndefined();
          }
        }
      }
      for (const text of [META, NUL, UNICODE]) {
        const response = await analyst.request('query ($q: String!) { search(q: $q) { type } }', { q: text });
        expectMasked(response);
        if (response.errors) expect(response.errors[0].extensions?.code, JSON.stringify(response.errors)).toBe('BAD_USER_INPUT');
        if (text !== NUL) expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      }
    });

    it('hostile ids are simply not found', async () => {
      for (const id of [META, NUL, "' or 1=1 --", '1; select pg_sleep(10)', UNKNOWN.toUpperCase(), `${UNKNOWN}'`]) {
        const response = await analyst.request('query ($id: ID!) { node(id: $id) { id } person(id: $id) { id } }', { id });
        expectMasked(response);
        if (id === NUL && response.errors) {
          expectError(response, 'BAD_USER_INPUT');
          continue;
        }
        expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
        expect(response.data).toEqual({ node: null, person: null });
      }
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Client, type GraphQLResponse, type Hub, type RoleName } from '../support/hub.js';
import { create, expectError } from './records.js';

/**
 * Who may do what: every role against a representative operation of each kind,
 * visibility through every path to the data, and personal data through every path — plus a test generated
 * from the schema that fails when a new personal-data field is added without protection.
 */

type Who = RoleName | 'anonymous';
type Data = Record<string, any>;

const ROLES: Who[] = ['anonymous', 'viewer', 'analyst', 'editor', 'admin'];
const EVERY_ROLE: RoleName[] = ['viewer', 'analyst', 'editor', 'admin'];
const WRITERS: RoleName[] = ['editor', 'admin'];
const ADMIN: RoleName[] = ['admin'];

/** A unique word for this file's records, so that search and `q` find only them. */
const TAG = 'Qvzxaccess';

const PERSONAL = ['passportNumber', 'dateOfBirth', 'phone', 'email'] as const;
const GUEST_DATA = { passportNumber: 'E12345678', dateOfBirth: '1980-05-06', phone: '+47 912 34 567', email: 'guest.qvzx@example.org' };
const SECRET_DATA = { passportNumber: 'S87654321', dateOfBirth: '1971-11-12', phone: '+86 791 8888 0000', email: 'secret.qvzx@example.org' };
const PERSONAL_VALUES = [...Object.values(GUEST_DATA), ...Object.values(SECRET_DATA)];
const PD = PERSONAL.join(' ');

/** Every object in a response, however deep. */
function objectsIn(value: unknown, found: Data[] = []): Data[] {
  if (Array.isArray(value)) for (const item of value) objectsIn(item, found);
  else if (value && typeof value === 'object') {
    found.push(value as Data);
    for (const child of Object.values(value)) objectsIn(child, found);
  }
  return found;
}

describe('access: roles, visibility and personal data', () => {
  let hub: Hub;
  const clients = {} as Record<Who, Client>;
  const ids: Record<string, string> = {};
  const userIds: Record<string, string> = {};

  const as = (who: Who) => clients[who];

  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
    for (const who of ROLES) clients[who] = await hub.as(who);

    const person = async (key: string, en: string, visibility: string, extra: Record<string, unknown> = {}) => {
      ids[key] = (await create(hub, 'Person', { names: { en: `${TAG} ${en}` }, category: 'FOREIGN_GUEST', visibility, ...extra })).id;
    };
    await person('pub', 'Public Person', 'PUBLIC');
    await person('guest', 'Internal Guest', 'INTERNAL', GUEST_DATA);
    await person('secret', 'Restricted Person', 'RESTRICTED', SECRET_DATA);
    ids.org = (await create(hub, 'Organisation', { names: { en: `${TAG} School` }, kind: 'SCHOOL', visibility: 'INTERNAL' })).id;
    const delegation = { channel: 'ACADEMIC', direction: 'INBOUND', headcount: 2, startDate: '2011-05-01', hostOrganisationId: ids.org };
    // a visible delegation whose leader (and one member) is RESTRICTED
    ids.delegation = (
      await create(hub, 'Delegation', { ...delegation, names: { en: `${TAG} Delegation` }, visibility: 'INTERNAL', leaderId: ids.secret, memberIds: [ids.guest, ids.secret] })
    ).id;
    ids.hiddenDelegation = (await create(hub, 'Delegation', { ...delegation, names: { en: `${TAG} Hidden Delegation` }, visibility: 'RESTRICTED', memberIds: [ids.guest] })).id;
    // a visible tie to a visible node, a visible tie to a RESTRICTED node, a RESTRICTED tie between visible nodes
    ids.worksFor = (await create(hub, 'Relationship', { kind: 'WORKS_FOR', fromId: ids.guest, toId: ids.org, visibility: 'INTERNAL' })).id;
    ids.secretWorksFor = (await create(hub, 'Relationship', { kind: 'WORKS_FOR', fromId: ids.secret, toId: ids.org, visibility: 'INTERNAL' })).id;
    ids.hiddenTie = (await create(hub, 'Relationship', { kind: 'LINKED_WITH', fromId: ids.guest, toId: ids.pub, visibility: 'RESTRICTED' })).id;

    const users = await hub.query<{ users: Array<{ id: string; username: string }> }>('{ users { id username } }');
    for (const user of users.users) userIds[user.username] = user.id;
  });

  afterAll(async () => {
    await hub?.stop();
  });

  describe('every role against each kind of operation', () => {
    interface Attempt {
      response: GraphQLResponse<Data>;
      /** After a refusal: nothing was changed (checked straight in the database). */
      unchanged?: () => Promise<void>;
    }
    interface Operation {
      name: string;
      /** Roles allowed; everyone else is refused (anonymous UNAUTHENTICATED, a signed-in role FORBIDDEN). */
      allowed: RoleName[];
      run(client: Client, who: Who, n: number): Promise<Attempt>;
    }

    let serial = 0;
    /** A fresh organisation for one attempt to change or delete, and the check that it is untouched. */
    const freshOrganisation = async (n: number) => {
      const org = await create<{ id: string; version: number }>(hub, 'Organisation', { names: { en: `${TAG} Matrix ${n}` }, kind: 'CLUB', notes: 'original' });
      const unchanged = async () => {
        const { rows } = await hub.db.query('select notes, version from organisation where id = $1', [org.id]);
        expect(rows, 'the record must still exist, unchanged').toEqual([{ notes: 'original', version: 1 }]);
      };
      return { ...org, unchanged };
    };
    const simple = (query: string, variables?: () => Record<string, unknown>) => async (client: Client) => ({ response: await client.request<Data>(query, variables?.()) });

    const operations: Operation[] = [
      { name: 'list (people)', allowed: EVERY_ROLE, run: simple(`{ people(filter: { q: "${TAG}" }) { total items { id } } }`) },
      { name: 'one (person)', allowed: EVERY_ROLE, run: simple('query ($id: ID!) { person(id: $id) { id } }', () => ({ id: ids.guest })) },
      { name: 'node', allowed: EVERY_ROLE, run: simple('query ($id: ID!) { node(id: $id) { id } }', () => ({ id: ids.guest })) },
      { name: 'search', allowed: EVERY_ROLE, run: simple(`{ search(q: "${TAG}") { type } }`) },
      { name: 'paths', allowed: EVERY_ROLE, run: simple('query ($a: ID!, $b: ID!) { paths(from: $a, to: $b) { length } }', () => ({ a: ids.guest, b: ids.org })) },
      { name: 'neighbourhood', allowed: EVERY_ROLE, run: simple('query ($id: ID!) { neighbourhood(id: $id) { nodes { id } } }', () => ({ id: ids.org })) },
      { name: 'stats', allowed: EVERY_ROLE, run: simple('{ stats { delegations { count } } }') },
      { name: 'history', allowed: EVERY_ROLE, run: simple('query ($id: ID!) { person(id: $id) { history { action } } }', () => ({ id: ids.guest })) },
      { name: 'me', allowed: EVERY_ROLE, run: simple('{ me { username role } }') },
      { name: 'introspection (__schema)', allowed: EVERY_ROLE, run: simple('{ __schema { queryType { name } } }') },
      { name: 'introspection (__type)', allowed: EVERY_ROLE, run: simple('{ __type(name: "Person") { name } }') },
      {
        name: 'create (createOrganisation)',
        allowed: WRITERS,
        async run(client, who, n) {
          const name = `${TAG} made by ${who} ${n}`;
          const response = await client.request<Data>('mutation ($input: OrganisationInput!) { createOrganisation(input: $input) { id } }', { input: { names: { en: name }, kind: 'CLUB' } });
          const unchanged = async () => {
            const { rows } = await hub.db.query('select count(*)::int as count from node where name_en = $1', [name]);
            expect(rows[0].count).toBe(0);
          };
          return { response, unchanged };
        },
      },
      {
        name: 'update (updateOrganisation)',
        allowed: WRITERS,
        async run(client, _who, n) {
          const org = await freshOrganisation(n);
          const response = await client.request<Data>('mutation ($id: ID!, $v: Int!) { updateOrganisation(id: $id, input: { notes: "changed" }, expectedVersion: $v) { id version } }', {
            id: org.id,
            v: org.version,
          });
          return { response, unchanged: org.unchanged };
        },
      },
      {
        name: 'delete (deleteOrganisation)',
        allowed: WRITERS,
        async run(client, _who, n) {
          const org = await freshOrganisation(n);
          const response = await client.request<Data>('mutation ($id: ID!, $v: Int!) { deleteOrganisation(id: $id, expectedVersion: $v) { id } }', { id: org.id, v: org.version });
          return { response, unchanged: org.unchanged };
        },
      },
      { name: 'users', allowed: ADMIN, run: simple('{ users { id username role } }') },
      {
        name: 'createUser',
        allowed: ADMIN,
        async run(client, who, n) {
          const username = `made-by-${who}-${n}`;
          const response = await client.request<Data>('mutation ($input: UserInput!) { createUser(input: $input) { id } }', { input: { username, role: 'ADMIN', password: 'a-long-enough-secret' } });
          const unchanged = async () => {
            const { rows } = await hub.db.query('select username from app_user where username = $1', [username]);
            expect(rows).toEqual([]);
          };
          return { response, unchanged };
        },
      },
      {
        name: 'updateUser (make a VIEWER an ADMIN)',
        allowed: ADMIN,
        async run(client, _who, n) {
          const made = (await hub.query('mutation ($input: UserInput!) { createUser(input: $input) { id version } }', { input: { username: `promoted-${n}`, role: 'VIEWER', password: 'a-long-enough-secret' } }))
            .createUser;
          const response = await client.request<Data>('mutation ($id: ID!, $v: Int!) { updateUser(id: $id, input: { role: ADMIN }, expectedVersion: $v) { id role } }', { id: made.id, v: made.version });
          const unchanged = async () => {
            const { rows } = await hub.db.query('select role::text as role from app_user where id = $1', [made.id]);
            expect(rows).toEqual([{ role: 'VIEWER' }]);
          };
          return { response, unchanged };
        },
      },
      { name: 'auditEntries', allowed: ADMIN, run: simple('{ auditEntries(perPage: 5) { total items { action } } }') },
      {
        name: 'createAccessToken',
        allowed: EVERY_ROLE,
        run: async (client, who, n) => ({ response: await client.request<Data>(`mutation { createAccessToken(name: "matrix ${who} ${n}", expiresAt: null) { accessToken { id prefix } } }`) }),
      },
      { name: 'accessTokens (own)', allowed: EVERY_ROLE, run: simple('{ accessTokens { id } }') },
      {
        name: 'accessTokens (another user’s)',
        allowed: ADMIN,
        run: async (client, who) => ({ response: await client.request<Data>('query ($u: ID!) { accessTokens(userId: $u) { id } }', { u: userIds[who === 'analyst' ? 'viewer' : 'analyst'] }) }),
      },
      {
        name: 'revokeAccessToken (another user’s)',
        allowed: ADMIN,
        async run(client, who) {
          const made = await as(who === 'analyst' ? 'viewer' : 'analyst').query('mutation { createAccessToken(name: "to be revoked by others", expiresAt: null) { accessToken { id } } }');
          const id = made.createAccessToken.accessToken.id as string;
          const response = await client.request<Data>('mutation ($id: ID!) { revokeAccessToken(id: $id) { id revokedAt } }', { id });
          const unchanged = async () => {
            const { rows } = await hub.db.query('select revoked_at from access_token where id = $1', [id]);
            expect(rows).toEqual([{ revoked_at: null }]);
          };
          return { response, unchanged };
        },
      },
    ];

    const cases = operations.flatMap((operation) => ROLES.map((who) => [operation.name, who, operation.allowed.includes(who as RoleName) ? 'allowed' : 'refused', operation] as const));

    it.each(cases)('%s as %s: %s', async (_name, who, expected, operation) => {
      serial += 1;
      const { response, unchanged } = await operation.run(as(who), who, serial);
      if (expected === 'allowed') {
        expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
        const [value] = Object.values(response.data ?? {});
        expect(value).not.toBeNull();
        expect(value).not.toBeUndefined();
      } else {
        const error = expectError(response, who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
        expect(error.message).not.toMatch(/Did you mean/);
        for (const value of Object.values(response.data ?? {})) expect(value).toBeNull();
        // nothing of the refused operation happened
        await unchanged?.();
      }
    });

    it('anonymous callers may only sign in, however the request is dressed', async () => {
      const anonymous = as('anonymous');
      const attempts: Array<[string, Record<string, unknown>?]> = [
        ['{ __typename }'],
        ['{ __typename me { username } }'],
        ['{ ... on Query { people { total } } }'],
        ['query { ...F } fragment F on Query { people { total } }'],
        ['query { ...F } fragment F on Query { ... on Query { ...G } } fragment G on Query { users { id } }'],
        ['{ a: __typename b: person(id: "00000000-0000-4000-8000-000000000000") { id } }'],
        ['mutation { login(username: "nobody-here", password: "x") { token } createOrganisation(input: { kind: CLUB, names: { en: "anonymous was here" } }) { id } }'],
        ['query Q { __schema { types { name } } }'],
        ['{ __type(name: "Person") { fields { name } } }'],
      ];
      for (const [query, variables] of attempts) {
        const response = await anonymous.request(query, variables);
        expect(response.errors?.[0]?.extensions?.code, query).toBe('UNAUTHENTICATED');
        expect(response.data ?? null, query).toBeNull();
        expect(JSON.stringify(response), query).not.toMatch(/Did you mean|passportNumber|Person\b/);
      }
      const { rows } = await hub.db.query("select count(*)::int as count from node where name_en = 'anonymous was here'");
      expect(rows[0].count).toBe(0);
    });

    it('anonymous callers learn nothing of the schema: a field that does not exist is answered as one that does', async () => {
      const anonymous = as('anonymous');
      const existing = await anonymous.request('query ($id: ID!) { person(id: $id) { passportNumber } }', { id: ids.guest });
      const missing = await anonymous.request('query ($id: ID!) { person(id: $id) { passportNumbr } }', { id: ids.guest });
      const missingRoot = await anonymous.request('{ persons { total } }');
      expectError(existing, 'UNAUTHENTICATED');
      for (const response of [missing, missingRoot]) {
        // A validation message ("Cannot query field … on type Person") maps the schema for a stranger.
        expect(response.errors?.[0]?.extensions?.code, JSON.stringify(response.errors)).toBe('UNAUTHENTICATED');
        expect(response.errors?.[0]?.message).toBe(existing.errors?.[0]?.message);
      }
    });

    it('an invalid or made-up credential is no credential', async () => {
      for (const authorization of ['Bearer amity_s_not-a-real-session', 'Bearer amity_pat_not-a-real-token', 'Bearer ', 'Basic YWRtaW46YW1pdHktZGVtbw==']) {
        const response = await fetch(`${hub.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ query: '{ me { username } }' }),
        });
        const body = (await response.json()) as GraphQLResponse;
        expect(body.errors?.[0]?.extensions?.code, authorization).toBe('UNAUTHENTICATED');
      }
    });

    it('health checks answer without sign-in; the report downloads do not', async () => {
      expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${hub.url}/readyz`)).status).toBe(200);
      for (const file of ['2011.csv', '2011.xlsx']) {
        const response = await fetch(`${hub.url}/reports/annual/${file}`);
        expect(response.status, file).toBe(401);
      }
    });
  });

  describe('visibility: a VIEWER reads PUBLIC and INTERNAL records only, through every path', () => {
    const mentionsSecret = (data: unknown) => JSON.stringify(data).includes(ids.secret);

    it('lists', async () => {
      const query = 'query ($f: PersonFilter) { people(filter: $f, perPage: 100) { total items { id } } }';
      const viewer = await as('viewer').query(query, { f: { q: TAG } });
      expect(viewer.people.items.map((p: Data) => p.id).sort()).toEqual([ids.pub, ids.guest].sort());
      expect(viewer.people.total).toBe(2);
      expect((await as('viewer').query(query, { f: { q: TAG, visibility: ['RESTRICTED'] } })).people).toEqual({ total: 0, items: [] });
      expect((await as('viewer').query(query, { f: { ids: [ids.secret] } })).people).toEqual({ total: 0, items: [] });
      for (const who of ['analyst', 'editor', 'admin'] as const) {
        const seen = await as(who).query(query, { f: { q: TAG } });
        expect(seen.people.total, who).toBe(3);
      }
      const delegations = await as('viewer').query(`{ delegations(filter: { q: "${TAG}" }) { total items { id } } }`);
      expect(delegations.delegations).toEqual({ total: 1, items: [{ id: ids.delegation }] });
    });

    it('single records and node(id)', async () => {
      const viewer = as('viewer');
      expect((await viewer.query('query ($id: ID!) { person(id: $id) { id } }', { id: ids.secret })).person).toBeNull();
      expect((await viewer.query('query ($id: ID!) { node(id: $id) { id } }', { id: ids.secret })).node).toBeNull();
      expect((await viewer.query('query ($id: ID!) { delegation(id: $id) { id } }', { id: ids.hiddenDelegation })).delegation).toBeNull();
      expect((await viewer.query('query ($id: ID!) { relationship(id: $id) { id } }', { id: ids.hiddenTie })).relationship).toBeNull();
      // the same reads by an analyst find them
      const analyst = as('analyst');
      expect((await analyst.query('query ($id: ID!) { person(id: $id) { id } }', { id: ids.secret })).person).toEqual({ id: ids.secret });
      expect((await analyst.query('query ($id: ID!) { node(id: $id) { id } }', { id: ids.secret })).node).toEqual({ id: ids.secret });
    });

    it('a visible Relationship record whose end is RESTRICTED: listed or read, it never shows that end (nor fails)', async () => {
      const viewer = as('viewer');
      const relationships = await as('viewer').request<Data>('query ($ids: [ID!]) { relationships(filter: { ids: $ids }) { total items { id from { id } to { id } } } }', {
        ids: [ids.worksFor, ids.secretWorksFor, ids.hiddenTie],
      });
      expect(relationships.errors, JSON.stringify(relationships.errors)).toBeUndefined();
      const listed = relationships.data!.relationships.items.map((item: Data) => item.id);
      expect(listed).toContain(ids.worksFor);
      expect(listed).not.toContain(ids.hiddenTie);
      expect(mentionsSecret(relationships.data)).toBe(false);
      // a visible Relationship record whose far end is RESTRICTED must not show that end
      const tie = await viewer.request('query ($id: ID!) { relationship(id: $id) { id from { id } to { id } } }', { id: ids.secretWorksFor });
      expect(tie.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('INTERNAL');
      expect(mentionsSecret(tie)).toBe(false);
    });

    it('a required reference to a RESTRICTED record is null for a VIEWER, not an error that empties the answer', async () => {
      // An exchange's participant must name an organisation, and a partnership its two cities; the records they
      // name may still be RESTRICTED. A VIEWER reads the visible records with those references null.
      const host = (await create(hub, 'Organisation', { names: { en: `${TAG} Exchange Host` }, kind: 'SCHOOL', visibility: 'PUBLIC' })).id;
      const hiddenSchool = (await create(hub, 'Organisation', { names: { en: `${TAG} Hidden School` }, kind: 'SCHOOL', visibility: 'RESTRICTED' })).id;
      const exchange = (
        await create(hub, 'Exchange', {
          names: { en: `${TAG} Exchange` },
          field: 'EDUCATION',
          visibility: 'INTERNAL',
          participants: [{ organisationId: host, role: 'host' }, { organisationId: hiddenSchool, role: 'partner school' }],
        })
      ).id;
      const country = (await as('admin').query<Data>('{ countries(filter: { q: "Norway" }) { items { id } } }')).countries.items[0].id;
      const home = (await create(hub, 'City', { names: { en: `${TAG} Home` }, countryId: country, visibility: 'PUBLIC' })).id;
      const hiddenCity = (await create(hub, 'City', { names: { en: `${TAG} Hidden City` }, countryId: country, visibility: 'RESTRICTED' })).id;
      const partnership = (
        await create(hub, 'Partnership', { names: { en: `${TAG} Partnership` }, homeCityId: home, partnerCityId: hiddenCity, level: 'FRIENDLY_EXCHANGE', visibility: 'INTERNAL' })
      ).id;
      const query = `query ($exchange: ID!, $partnership: ID!) {
        exchange(id: $exchange) { id participants { role organisation { id } } }
        partnership(id: $partnership) { id homeCity { id } partnerCity { id } }
        exchanges(filter: { q: "${TAG}" }) { items { participants { organisation { id } } } }
      }`;
      const viewer = await as('viewer').request<Data>(query, { exchange, partnership });
      expect(viewer.errors, JSON.stringify(viewer.errors)).toBeUndefined();
      const byRole = (participants: Data[]) => [...participants].sort((a, b) => a.role.localeCompare(b.role));
      expect(byRole(viewer.data!.exchange.participants)).toEqual([
        { role: 'host', organisation: { id: host } },
        { role: 'partner school', organisation: null },
      ]);
      expect(viewer.data!.partnership).toEqual({ id: partnership, homeCity: { id: home }, partnerCity: null });
      expect(viewer.data!.exchanges.items).toHaveLength(1);
      expect(viewer.data!.exchanges.items[0].participants).toHaveLength(2);
      expect(viewer.data!.exchanges.items[0].participants).toContainEqual({ organisation: null });
      expect(viewer.data!.exchanges.items[0].participants).toContainEqual({ organisation: { id: host } });
      expect(JSON.stringify(viewer.data)).not.toContain(hiddenSchool);
      expect(JSON.stringify(viewer.data)).not.toContain(hiddenCity);
      const analyst = await as('analyst').query(query, { exchange, partnership });
      expect(byRole(analyst.exchange.participants)[1].organisation).toEqual({ id: hiddenSchool });
      expect(analyst.partnership.partnerCity).toEqual({ id: hiddenCity });
    });

    it('nested fields: a RESTRICTED leader and member, a RESTRICTED delegation of a visible organisation', async () => {
      const query = `query ($id: ID!, $org: ID!) {
        delegation(id: $id) { leader { id } members { id } hostOrganisation { id } }
        organisation(id: $org) { delegations { id } }
      }`;
      const viewer = await as('viewer').request<Data>(query, { id: ids.delegation, org: ids.org });
      expect(viewer.errors, JSON.stringify(viewer.errors)).toBeUndefined();
      expect(viewer.data!.delegation).toEqual({ leader: null, members: [{ id: ids.guest }], hostOrganisation: { id: ids.org } });
      expect(viewer.data!.organisation.delegations).toEqual([{ id: ids.delegation }]);
      const analyst = await as('analyst').query(query, { id: ids.delegation, org: ids.org });
      expect(analyst.delegation.leader).toEqual({ id: ids.secret });
      expect(analyst.delegation.members.map((m: Data) => m.id).sort()).toEqual([ids.guest, ids.secret].sort());
      expect(analyst.organisation.delegations.map((d: Data) => d.id).sort()).toEqual([ids.delegation, ids.hiddenDelegation].sort());
    });

    it('relationships and neighbours: no tie to a RESTRICTED node, no RESTRICTED tie', async () => {
      const query = `query ($id: ID!) { node(id: $id) {
        relationships { kind field from { id } to { id } other { id } relationship { id } }
        neighbours { id }
      } }`;
      for (const id of [ids.org, ids.guest, ids.delegation, ids.pub]) {
        const response = await as('viewer').request<Data>(query, { id });
        expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
        const text = JSON.stringify(response.data);
        for (const hidden of [ids.secret, ids.secretWorksFor, ids.hiddenTie, ids.hiddenDelegation]) expect(text, `${id} shows ${hidden}`).not.toContain(hidden);
      }
      const org = (await as('viewer').query(query, { id: ids.org })).node;
      expect(org.neighbours.map((n: Data) => n.id).sort()).toEqual([ids.guest, ids.delegation].sort());
      // an analyst sees every tie
      const analystOrg = (await as('analyst').query(query, { id: ids.org })).node;
      expect(analystOrg.neighbours.map((n: Data) => n.id).sort()).toEqual([ids.guest, ids.secret, ids.delegation, ids.hiddenDelegation].sort());
      const analystGuest = (await as('analyst').query(query, { id: ids.guest })).node;
      expect(analystGuest.relationships.map((r: Data) => r.relationship?.id)).toContain(ids.hiddenTie);
    });

    it('search', async () => {
      const query = 'query ($q: String!) { search(q: $q, first: 100) { type node { id } } }';
      const viewer = (await as('viewer').query(query, { q: TAG })).search.map((hit: Data) => hit.node.id);
      expect(viewer).toContain(ids.guest);
      expect(viewer).not.toContain(ids.secret);
      expect(viewer).not.toContain(ids.hiddenDelegation);
      expect((await as('viewer').query(query, { q: `${TAG} Restricted` })).search.map((hit: Data) => hit.node.id)).not.toContain(ids.secret);
      const analyst = (await as('analyst').query(query, { q: TAG })).search.map((hit: Data) => hit.node.id);
      expect(analyst).toEqual(expect.arrayContaining([ids.secret, ids.hiddenDelegation]));
    });

    it('paths and neighbourhood', async () => {
      const paths = 'query ($a: ID!, $b: ID!) { paths(from: $a, to: $b, maxHops: 6) { length paths { nodes { id } edges { relationship { id } } } } }';
      // to a RESTRICTED node: as if it did not exist
      const toSecret = await as('viewer').request<Data>(paths, { a: ids.guest, b: ids.secret });
      expect(mentionsSecret(toSecret)).toBe(false);
      if (toSecret.errors) expectError(toSecret, 'NOT_FOUND');
      else expect(toSecret.data!.paths.length).toBeNull();
      // through a RESTRICTED tie only: no path for a viewer, one hop for an analyst
      const hidden = await as('viewer').query(paths, { a: ids.guest, b: ids.pub });
      expect(hidden.paths.length).toBeNull();
      expect(JSON.stringify(hidden)).not.toContain(ids.hiddenTie);
      expect((await as('analyst').query(paths, { a: ids.guest, b: ids.pub })).paths.length).toBe(1);
      // the viewer's path from the guest to the organisation does not pass the RESTRICTED person
      const visible = await as('viewer').query(paths, { a: ids.guest, b: ids.org });
      expect(visible.paths.length).toBe(1);
      expect(mentionsSecret(visible)).toBe(false);

      const neighbourhood = 'query ($id: ID!, $depth: Int!) { neighbourhood(id: $id, depth: $depth) { center { id } nodes { id } edges { from { id } to { id } relationship { id } } } }';
      const around = await as('viewer').query(neighbourhood, { id: ids.org, depth: 3 });
      const text = JSON.stringify(around);
      for (const hiddenId of [ids.secret, ids.hiddenDelegation, ids.secretWorksFor, ids.hiddenTie]) expect(text).not.toContain(hiddenId);
      expect(around.neighbourhood.nodes.map((n: Data) => n.id)).toEqual(expect.arrayContaining([ids.org, ids.guest, ids.delegation]));
      const secretCentre = await as('viewer').request<Data>(neighbourhood, { id: ids.secret, depth: 1 });
      expect(mentionsSecret(secretCentre.data)).toBe(false);
      expectError(secretCentre, 'NOT_FOUND');
      const analystAround = await as('analyst').query(neighbourhood, { id: ids.org, depth: 3 });
      expect(analystAround.neighbourhood.nodes.map((n: Data) => n.id)).toEqual(expect.arrayContaining([ids.secret, ids.hiddenDelegation]));
    });

    it('stats count only what the caller may read', async () => {
      const query = `{ stats { delegations(filter: { q: "${TAG}" }) { count } } }`;
      expect((await as('viewer').query(query)).stats.delegations).toEqual([{ count: 1 }]);
      expect((await as('analyst').query(query)).stats.delegations).toEqual([{ count: 2 }]);
    });

    it('history: readable with a readable record, not without it', async () => {
      const query = 'query ($id: ID!) { node(id: $id) { id history { action actorUsername } } }';
      const guest = await as('viewer').query(query, { id: ids.guest });
      expect(guest.node.history).toEqual([{ action: 'CREATE', actorUsername: 'admin' }]);
      expect((await as('viewer').query(query, { id: ids.secret })).node).toBeNull();
      expect((await as('analyst').query(query, { id: ids.secret })).node.history).toHaveLength(1);
    });
  });

  describe('personal data: null for ANALYST and VIEWER through every path; present, and logged, for EDITOR', () => {
    /** Every path to a person: by id, in a list, as a node, as a delegation's member and leader, through ties, search, paths, neighbourhood. */
    const PATHS: Array<{ name: string; query: string; variables: () => Record<string, unknown> }> = [
      { name: 'person(id)', query: `query ($id: ID!) { person(id: $id) { id ${PD} } }`, variables: () => ({ id: ids.guest }) },
      { name: 'people', query: `query ($ids: [ID!]) { people(filter: { ids: $ids }) { items { id ${PD} } } }`, variables: () => ({ ids: [ids.guest, ids.secret] }) },
      { name: 'node(id)', query: `query ($id: ID!) { node(id: $id) { id ... on Person { ${PD} } } }`, variables: () => ({ id: ids.guest }) },
      {
        name: 'delegation members and leader',
        query: `query ($id: ID!) { delegation(id: $id) { leader { id ${PD} } members { id ${PD} } } }`,
        variables: () => ({ id: ids.delegation }),
      },
      {
        name: 'relationships.other and from',
        query: `query ($id: ID!) { organisation(id: $id) { relationships { from { id ... on Person { ${PD} } } other { id ... on Person { ${PD} } } } } }`,
        variables: () => ({ id: ids.org }),
      },
      { name: 'neighbours', query: `query ($id: ID!) { organisation(id: $id) { neighbours { id ... on Person { ${PD} } } } }`, variables: () => ({ id: ids.org }) },
      {
        name: 'a Relationship record’s ends',
        query: `query ($id: ID!) { relationship(id: $id) { from { id ... on Person { ${PD} } } } }`,
        variables: () => ({ id: ids.worksFor }),
      },
      { name: 'search', query: `query ($q: String!) { search(q: $q, first: 100) { node { id ... on Person { ${PD} } } } }`, variables: () => ({ q: TAG }) },
      {
        name: 'paths',
        query: `query ($a: ID!, $b: ID!) { paths(from: $a, to: $b) { paths { nodes { id ... on Person { ${PD} } } edges { other { id ... on Person { ${PD} } } } } } }`,
        variables: () => ({ a: ids.guest, b: ids.org }),
      },
      {
        name: 'neighbourhood',
        query: `query ($id: ID!) { neighbourhood(id: $id, depth: 2) { nodes { id ... on Person { ${PD} } } edges { from { id ... on Person { ${PD} } } } } }`,
        variables: () => ({ id: ids.org }),
      },
    ];

    it.each(PATHS.map((path) => [path.name, path] as const))('%s: null for ANALYST and VIEWER', async (_name, path) => {
      for (const who of ['analyst', 'viewer'] as const) {
        const response = await as(who).request(path.query, path.variables());
        expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
        const people = objectsIn(response.data).filter((object) => PERSONAL.some((field) => field in object));
        expect(people.length, `${who} reaches a person`).toBeGreaterThan(0);
        for (const person of people) for (const field of PERSONAL) expect(person[field], `${who}: ${field} of ${person.id}`).toBeNull();
        const text = JSON.stringify(response);
        for (const value of PERSONAL_VALUES) expect(text, who).not.toContain(value);
      }
    });

    it.each(PATHS.map((path) => [path.name, path] as const))('%s: present for EDITOR and ADMIN', async (_name, path) => {
      for (const who of ['editor', 'admin'] as const) {
        const data = await as(who).query(path.query, path.variables());
        const guests = objectsIn(data).filter((object) => object.id === ids.guest && PERSONAL.some((field) => field in object));
        expect(guests.length, `${who} reaches the guest`).toBeGreaterThan(0);
        for (const guest of guests) expect(guest).toMatchObject(GUEST_DATA);
      }
    });

    const readEntries = async (requestId: string) =>
      (
        await hub.query(
          'query ($f: AuditFilter) { auditEntries(filter: $f, perPage: 100) { items { action recordType recordId after actorUsername requestId at } } }',
          { f: { action: ['READ_PERSONAL_DATA'] } },
        )
      ).auditEntries.items.filter((entry: Data) => entry.requestId === requestId);

    it('an EDITOR’s read of personal data is in the audit trail: who read which fields of whose record', async () => {
      const requestId = `pd-read-editor-${Date.now()}`;
      const response = await as('editor').request(`query ($id: ID!) { person(id: $id) { id ${PD} } }`, { id: ids.guest }, { 'x-request-id': requestId });
      expect(response.data!.person).toMatchObject(GUEST_DATA);
      const entries = await readEntries(requestId);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ action: 'READ_PERSONAL_DATA', recordType: 'Person', recordId: ids.guest, actorUsername: 'editor', requestId });
      expect(entries[0].after.fields).toEqual([...PERSONAL].sort());
      // the entry says which fields were read, never their values
      for (const value of PERSONAL_VALUES) expect(JSON.stringify(entries[0])).not.toContain(value);

      // a read through a nested path is logged too, one entry per person
      const nestedId = `pd-read-nested-${Date.now()}`;
      await as('editor').request(`query ($id: ID!) { delegation(id: $id) { members { id phone } } }`, { id: ids.delegation }, { 'x-request-id': nestedId });
      const nested = await readEntries(nestedId);
      expect(nested.map((entry: Data) => entry.recordId).sort()).toEqual([ids.guest, ids.secret].sort());
      for (const entry of nested) expect(entry.after.fields).toEqual(['phone']);
    });

    it('an ANALYST’s read, which shows no personal data, writes no such entry', async () => {
      const requestId = `pd-read-analyst-${Date.now()}`;
      await as('analyst').request(`query ($id: ID!) { person(id: $id) { id ${PD} } }`, { id: ids.guest }, { 'x-request-id': requestId });
      expect(await readEntries(requestId)).toEqual([]);
    });

    it('personal data cannot be guessed by an ANALYST through a filter on it', async () => {
      // a date-of-birth range that holds the guest's birthday and one that does not must answer alike
      const byBirth = 'query ($f: PersonFilter) { people(filter: $f) { total items { id } } }';
      const hit = await as('analyst').request(byBirth, { f: { ids: [ids.guest], dateOfBirthFrom: GUEST_DATA.dateOfBirth, dateOfBirthTo: GUEST_DATA.dateOfBirth } });
      const miss = await as('analyst').request(byBirth, { f: { ids: [ids.guest], dateOfBirthFrom: '1900-01-01', dateOfBirthTo: '1900-01-02' } });
      for (const response of [hit, miss]) if (response.errors) expect(['FORBIDDEN', 'BAD_USER_INPUT']).toContain(response.errors[0].extensions?.code);
      if (!hit.errors && !miss.errors) expect(hit.data, 'a dateOfBirth filter answers differently for the right and a wrong birthday').toEqual(miss.data);
    });

    it('personal data cannot be guessed by an ANALYST through sorting by it', async () => {
      const low = (await create(hub, 'Person', { names: { en: `${TAG} Sort B` }, category: 'STAFF', passportNumber: 'A0000001', dateOfBirth: '1950-01-01', phone: '+1 111 111 111', email: 'a@example.org' })).id;
      const high = (await create(hub, 'Person', { names: { en: `${TAG} Sort A` }, category: 'STAFF', passportNumber: 'Z9999999', dateOfBirth: '2000-01-01', phone: '+9 999 999 999', email: 'z@example.org' })).id;
      const sorted = 'query ($ids: [ID!], $sort: [PersonSort!]) { people(filter: { ids: $ids }, sort: $sort) { items { id } } }';
      const leaks: string[] = [];
      for (const field of PERSONAL) {
        const ascending = await as('analyst').request(sorted, { ids: [low, high], sort: [{ field, order: 'ASC' }] });
        const descending = await as('analyst').request(sorted, { ids: [low, high], sort: [{ field, order: 'DESC' }] });
        for (const response of [ascending, descending]) if (response.errors) expect(['FORBIDDEN', 'BAD_USER_INPUT']).toContain(response.errors[0].extensions?.code);
        if (!ascending.errors && !descending.errors && JSON.stringify(ascending.data) !== JSON.stringify(descending.data)) leaks.push(field);
      }
      expect(leaks, 'sorting by these fields orders people by values the ANALYST may not read').toEqual([]);
    });

    it('q looks at names, never at personal data', async () => {
      for (const value of [GUEST_DATA.passportNumber, GUEST_DATA.email, GUEST_DATA.phone]) {
        expect((await as('analyst').query('query ($q: String!) { people(filter: { q: $q }) { total } }', { q: value })).people.total, value).toBe(0);
        expect((await as('analyst').query('query ($q: String!) { search(q: $q) { type } }', { q: value })).search, value).toEqual([]);
      }
    });
  });

  describe('generated from the schema: every personal-data field is protected', () => {
    const PERSONAL_NAME = /passport|birth|phone|e-?mail|id.?number|address/i;
    const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    const named = (type: Data): Data => (type.ofType ? named(type.ofType) : type);

    interface Found {
      type: string;
      field: string;
      scalar: string;
    }

    let schema: { types: Data[]; queryType: { name: string } };
    beforeAll(async () => {
      const introspection = await hub.query(`{ __schema {
        queryType { name }
        types {
          kind name
          interfaces { name }
          fields { name description args { name } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
          inputFields { name type { kind name ofType { kind name ofType { kind name } } } defaultValue }
          enumValues { name }
        }
      } }`);
      schema = introspection.__schema;
    });

    const personalFields = (): Found[] =>
      schema.types
        .filter((type) => type.kind === 'OBJECT' && !type.name.startsWith('__') && type.name !== schema.queryType.name && type.name !== 'Mutation')
        .flatMap((type) =>
          (type.fields as Data[])
            .filter((field) => PERSONAL_NAME.test(field.name) || /\(personal data\)/i.test(field.description ?? ''))
            .map((field) => ({ type: type.name as string, field: field.name as string, scalar: named(field.type).name as string })),
        );

    /** A record of the type to put the value on: made through the API from its input's required fields, else any row already there. */
    const recordOf = async (typeName: string): Promise<string> => {
      const input = schema.types.find((type) => type.name === `${typeName}Input`);
      if (input) {
        const value: Data = {};
        for (const field of input.inputFields as Data[]) {
          if (field.name === 'names') value.names = { en: `${TAG} probe ${typeName}` };
          if (field.type.kind !== 'NON_NULL' || field.defaultValue != null) continue;
          const inner = named(field.type);
          if (inner.kind === 'ENUM') value[field.name] = schema.types.find((type) => type.name === inner.name)!.enumValues[0].name;
          else if (inner.name === 'String') value[field.name] = 'x';
          else if (inner.name === 'Int' || inner.name === 'Float') value[field.name] = 2011;
          else if (inner.name === 'Boolean') value[field.name] = false;
          else if (inner.name === 'LocalDate') value[field.name] = '2011-01-02';
          else if (inner.name === 'ID') value[field.name] = /city/i.test(field.name) ? (await create(hub, 'City', { names: { en: `${TAG} probe city` }, countryCode: 'DE' })).id : ids.guest;
        }
        const made = await hub.request(`mutation ($input: ${typeName}Input!) { made: create${typeName}(input: $input) { id } }`, { input: value });
        if (made.data?.made) return (made.data.made as Data).id;
      }
      const { rows } = await hub.db.query(`select id from "${snake(typeName).replace(/^_/, '')}" limit 1`);
      if (rows[0]) return rows[0].id;
      throw new Error(`No ${typeName} record to test its personal data on: teach this test to make one`);
    };

    it('finds the known personal-data fields (and the test would find new ones)', () => {
      const found = personalFields().map((f) => `${f.type}.${f.field}`);
      expect(found).toEqual(expect.arrayContaining(['Person.passportNumber', 'Person.dateOfBirth', 'Person.phone', 'Person.email']));
    });

    it('no type offers a password, a hash or a stored secret (only the answers that create one carry it, once)', () => {
      const exposed = schema.types
        .filter((type) => type.kind === 'OBJECT' && !type.name.startsWith('__'))
        .flatMap((type) => (type.fields as Data[]).filter((field) => /password|hash|secret|token/i.test(field.name)).map((field) => `${type.name}.${field.name}`));
      expect(exposed.filter((name) => !['LoginResult.token', 'NewAccessToken.token', 'NewAccessToken.accessToken', 'Mutation.createAccessToken', 'Mutation.revokeAccessToken', 'Query.accessTokens'].includes(name))).toEqual([]);
    });

    it('each personal-data field, set in the database, is null for ANALYST and the value for EDITOR', async () => {
      const found = personalFields();
      const problems: string[] = [];
      for (const { type, field, scalar } of found) {
        const table = snake(type).replace(/^_/, '');
        const column = snake(field);
        const value = scalar === 'LocalDate' ? '1990-01-02' : scalar === 'String' ? 'x' : undefined;
        if (value === undefined) {
          problems.push(`${type}.${field}: a personal-data field of type ${scalar}; teach this test a value for it`);
          continue;
        }
        const one = (schema.types.find((t) => t.name === schema.queryType.name)!.fields as Data[]).find(
          (f) => named(f.type).name === type && f.args.some((arg: Data) => arg.name === 'id') && f.type.kind !== 'NON_NULL',
        );
        if (!one) {
          problems.push(`${type}.${field}: no query reads one ${type} by id; extend this test`);
          continue;
        }
        const id = await recordOf(type);
        await hub.db.query(`update "${table}" set "${column}" = $1 where id = $2`, [value, id]);
        const query = `query ($id: ID!) { record: ${one.name}(id: $id) { ${field} } }`;
        const analyst = await as('analyst').request(query, { id });
        const viewer = await as('viewer').request<Data>(query, { id });
        const editor = await as('editor').request(query, { id });
        if ((analyst.data?.record as Data)?.[field] !== null) problems.push(`${type}.${field}: an ANALYST reads ${JSON.stringify(analyst.data?.record ?? analyst.errors)}`);
        if (viewer.data?.record && (viewer.data.record as Data)[field] !== null) problems.push(`${type}.${field}: a VIEWER reads ${JSON.stringify(viewer.data.record)}`);
        if ((editor.data?.record as Data)?.[field] !== value) problems.push(`${type}.${field}: an EDITOR reads ${JSON.stringify(editor.data?.record ?? editor.errors)}, not ${value}`);
      }
      expect(problems).toEqual([]);
    });
  });
});

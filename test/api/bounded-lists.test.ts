import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TURN_ITEMS } from '../../server/dist/graph/pacing.js';
import { startHub, type Client, type GraphQLResponse, type Hub } from '../support/hub.js';
import { badFields, create, expectError, updateRequest } from './records.js';

type Cut = { path: Array<string | number>; first: number };
type Answer = GraphQLResponse<Record<string, any>> & { extensions?: { truncated?: Cut[]; truncatedMore?: number; sqlStatements?: number } };

const MEMBERS = 60;

/** The hub's peak resident memory so far, in MB (the kernel's high-water mark of the process). */
function peakRssMb(hub: Hub): number {
  const status = readFileSync(`/proc/${hub.process.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** Whole numbers outside 1..500, small and large, negative and positive: what `first` must refuse. */
function outOfRange(count: number): number[] {
  const values = [0, -1, 501, 2_147_483_647, -2_147_483_648];
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  while (values.length < count) {
    const value = random() < 0.5 ? 501 + Math.floor(random() * 2_147_482_000) : -Math.floor(random() * 2_147_483_000);
    values.push(value);
  }
  return values;
}

/**
 * Every list that is not a page is bounded: `first` (default 50, at most 500), a stable order, the cut lists named
 * in `extensions.truncated`, and a request that would read more records than AMITY_MAX_RECORDS refused whole.
 */
describe('bounded lists', () => {
  let hub: Hub;
  let delegation: string;
  let organisation: string;
  let exchange: string;
  const members: string[] = [];

  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
    organisation = (await create(hub, 'Organisation', { names: { en: 'Sending school' }, kind: 'SCHOOL' })).id;
    for (let m = 0; m < MEMBERS; m += 1) members.push((await create(hub, 'Person', { names: { en: `Pupil ${m}` }, category: 'OTHER' })).id);
    const created = await create(hub, 'Delegation', {
      names: { en: 'The big visit' },
      direction: 'OUTBOUND',
      channel: 'ACADEMIC',
      headcount: MEMBERS,
      sendingOrganisationId: organisation,
      memberIds: members,
    });
    delegation = created.id;
    for (const name of ['Second visit', 'Third visit']) {
      await create(hub, 'Delegation', { names: { en: name }, direction: 'OUTBOUND', channel: 'ACADEMIC', headcount: 1, sendingOrganisationId: organisation });
    }
    // Two changes: three entries in the delegation's history.
    let version = created.version as number;
    for (const headcount of [61, 62]) {
      const answer = await updateRequest(hub, 'Delegation', delegation, { headcount }, version);
      version = answer.data!.updated.version;
    }
    const schools = [organisation];
    for (const name of ['School B', 'School C']) schools.push((await create(hub, 'Organisation', { names: { en: name }, kind: 'SCHOOL' })).id);
    exchange = (await create(hub, 'Exchange', { names: { en: 'Exchange' }, field: 'EDUCATION', participants: schools.map((organisationId) => ({ organisationId, role: 'school' })) })).id;
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
  });

  const ask = (query: string, variables: Record<string, unknown> = {}) => hub.request(query, variables) as Promise<Answer>;

  it('answers 50 items by default, and says the list was cut, with its path', async () => {
    const answer = await ask('query($id: ID!) { delegation(id: $id) { members { id } relationships { field } neighbours { id } } }', { id: delegation });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.delegation.members).toHaveLength(50);
    // 60 member ties and the sending organisation's.
    expect(answer.data!.delegation.relationships).toHaveLength(50);
    expect(answer.data!.delegation.neighbours).toHaveLength(50);
    expect(answer.extensions?.truncated).toEqual([
      { path: ['delegation', 'members'], first: 50 },
      { path: ['delegation', 'relationships'], first: 50 },
      { path: ['delegation', 'neighbours'], first: 50 },
    ]);
  });

  it('answers every item and names no cut list when first covers the list', async () => {
    const answer = await ask(
      'query($id: ID!) { delegation(id: $id) { members(first: 60) { id } relationships(first: 61) { field other { id } } neighbours(first: 500) { id } history { action } } }',
      { id: delegation },
    );
    expect(answer.errors).toBeUndefined();
    const found = answer.data!.delegation;
    expect(found.members.map((member: { id: string }) => member.id).sort()).toEqual([...members].sort());
    expect(found.relationships.filter((edge: { field: string }) => edge.field === 'Delegation.members')).toHaveLength(MEMBERS);
    expect(found.neighbours.map((node: { id: string }) => node.id).sort()).toEqual([...members, organisation].sort());
    expect(found.history.map((entry: { action: string }) => entry.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE']);
    expect(answer.extensions?.truncated).toBeUndefined();
  });

  it('cuts each kind of list to an explicit first, in the stated order, the cut ones named', async () => {
    const answer = await ask(
      `query($id: ID!, $organisation: ID!, $exchange: ID!) {
        delegation(id: $id) {
          all: members(first: 60) { id }
          members(first: 7) { id }
          allTies: relationships(first: 100) { field other { id } }
          relationships(first: 5) { field other { id } }
          allNeighbours: neighbours(first: 100) { id }
          neighbours(first: 3) { id }
          history(first: 2) { action }
        }
        organisation(id: $organisation) { delegations(first: 2) { names { en } } everyDelegation: delegations { id } }
        exchange(id: $exchange) { participants(first: 1) { role } }
      }`,
      { id: delegation, organisation, exchange },
    );
    expect(answer.errors).toBeUndefined();
    const found = answer.data!.delegation;
    // Members in the order of their ids; the first seven are the first seven of all.
    const all = found.all.map((member: { id: string }) => member.id);
    expect(all).toEqual([...members].sort());
    expect(found.members.map((member: { id: string }) => member.id)).toEqual(all.slice(0, 7));
    expect(found.relationships).toEqual(found.allTies.slice(0, 5));
    expect(found.neighbours).toEqual(found.allNeighbours.slice(0, 3));
    expect(found.history.map((entry: { action: string }) => entry.action)).toEqual(['CREATE', 'UPDATE']);
    expect(answer.data!.organisation.delegations).toHaveLength(2);
    expect(answer.data!.organisation.everyDelegation).toHaveLength(3);
    expect(answer.data!.exchange.participants).toHaveLength(1);
    expect(answer.extensions?.truncated).toEqual(
      expect.arrayContaining([
        { path: ['delegation', 'members'], first: 7 },
        { path: ['delegation', 'relationships'], first: 5 },
        { path: ['delegation', 'neighbours'], first: 3 },
        { path: ['delegation', 'history'], first: 2 },
        { path: ['organisation', 'delegations'], first: 2 },
        { path: ['exchange', 'participants'], first: 1 },
      ]),
    );
    expect(answer.extensions?.truncated).toHaveLength(6);
  });

  it('names a cut list inside a list by the index of its parent', async () => {
    const answer = await ask('query($ids: [ID!]!) { organisations(filter: { ids: $ids }, perPage: 5) { items { id delegations(first: 1) { id } } } }', { ids: [organisation] });
    expect(answer.errors).toBeUndefined();
    expect(answer.extensions?.truncated).toEqual([{ path: ['organisations', 'items', 0, 'delegations'], first: 1 }]);
  });

  it('refuses a first below 1 or above 500, naming the argument and the limit', async () => {
    for (const first of outOfRange(25)) {
      const answer = await ask('query($id: ID!, $first: Int!) { delegation(id: $id) { members(first: $first) { id } } }', { id: delegation, first });
      expect(badFields(answer), String(first)).toEqual(['first']);
      expect(answer.errors![0].message).toContain('500');
    }
    for (const list of ['neighbours', 'relationships', 'history']) {
      const answer = await ask(`query($id: ID!) { node(id: $id) { ${list}(first: 501) { __typename } } }`, { id: delegation });
      expect(badFields(answer), list).toEqual(['first']);
    }
  });

  it('reads each level of nested lists in one statement, whatever first', async () => {
    const query = (first: number) =>
      `query($id: ID!) { delegation(id: $id) { members(first: ${first}) { id neighbours(first: ${first}) { id } } sendingOrganisation { delegations(first: ${first}) { id } } } }`;
    const small = await ask(query(2), { id: delegation });
    // (100 at each level: 500 members with 500 neighbours each would be over the cost limit.)
    const large = await ask(query(100), { id: delegation });
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.data!.delegation.members).toHaveLength(MEMBERS);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });

  it('builds a large answer over many turns of the event loop, the same answer in as many statements as a small one', async () => {
    // Fifteen aliases (the most a query may have) of the delegation's 60 members, each member with its ties: 900
    // members and 900 lists of ties to build, TURN_ITEMS (100) items a turn (graph/pacing.ts); the ties of every member still in
    // one statement.
    type Records = { read: number; answered: number; turns: number };
    const query = (aliases: number) =>
      `query($id: ID!) { delegation(id: $id) { ${Array.from({ length: aliases }, (_, index) => `a${index}: members(first: 100) { id names { en } relationships(first: 5) { field other { id } } }`).join(' ')} } }`;
    const one = (await ask(query(1), { id: delegation })) as Answer & { extensions?: { records?: Records } };
    const fifteen = (await ask(query(15), { id: delegation })) as Answer & { extensions?: { records?: Records } };
    expect(one.errors, JSON.stringify(one.errors)).toBeUndefined();
    expect(fifteen.errors, JSON.stringify(fifteen.errors)).toBeUndefined();
    const members = one.data!.delegation.a0 as Array<{ id: string; relationships: unknown[] }>;
    expect(members).toHaveLength(MEMBERS);
    expect(members.every((member) => member.relationships.length === 1)).toBe(true);
    for (let index = 0; index < 15; index += 1) expect(fifteen.data!.delegation[`a${index}`], `a${index}`).toEqual(members);
    expect(fifteen.extensions?.sqlStatements).toBe(one.extensions?.sqlStatements);
    // The small answer at once; the large one in turns of at most TURN_ITEMS items: 1,800 items and lists to build.
    expect(one.extensions?.records?.turns).toBe(0);
    expect(fifteen.extensions?.records?.turns).toBeGreaterThanOrEqual(Math.floor(1_800 / TURN_ITEMS) - 1);
  });

  describe('with a budget of 100 records a request', () => {
    let small: Hub;
    beforeAll(async () => {
      small = await startHub({ databaseUrl: hub.databaseUrl, env: { AMITY_MAX_RECORDS: '100' } });
    }, 60_000);
    afterAll(async () => {
      await small?.stop();
    });

    it('refuses a request that would read more, whole, saying how to ask for less', async () => {
      const answer = (await small.request('query($id: ID!) { delegation(id: $id) { id members(first: 60) { id neighbours { id } } } }', { id: delegation })) as Answer;
      const error = expectError(answer, 'QUERY_TOO_COMPLEX');
      expect(error.message).toContain('100 records');
      expect(error.message).toContain('first');
      expect(error.extensions?.maxRecords).toBe(100);
      expect(answer.data).toBeUndefined();
    });

    it('answers a request that stays within it', async () => {
      const data = await small.query('query($id: ID!) { delegation(id: $id) { members(first: 60) { id } } }', { id: delegation });
      expect(data.delegation.members).toHaveLength(MEMBERS);
    });
  });
});

/**
 * A dense graph: every one of DELEGATIONS delegations to one city has the same PERSONS members, so six levels of
 * neighbours from the city meet millions of items (a record read once stands in the answer again and again).
 */
const DELEGATIONS = 20;
const PERSONS = 200;

describe("the audit's deep query on a dense graph", () => {
  let hub: Hub;
  let viewer: Client;
  /** One of the delegations: 201 ties (its members and the city), all PUBLIC. */
  let aDelegation: string;
  beforeAll(async () => {
    // The cost limit as high as it goes: what it would let through, the records budget (its default) must stop.
    hub = await startHub({ template: 'empty', env: { AMITY_MAX_COST: '1000000000000' } });
    const city = (await create(hub, 'City', { names: { en: 'Dense city' }, countryCode: 'DE', visibility: 'PUBLIC' })).id;
    const persons: string[] = [];
    for (let p = 0; p < PERSONS; p += 1) persons.push((await create(hub, 'Person', { names: { en: `Traveller ${p}` }, category: 'OTHER', visibility: 'PUBLIC' })).id);
    for (let d = 0; d < DELEGATIONS; d += 1) {
      await create(hub, 'Delegation', {
        names: { en: `Visit ${d}` },
        direction: 'INBOUND',
        channel: 'OTHER',
        headcount: PERSONS,
        originCityId: city,
        memberIds: persons,
        visibility: 'PUBLIC',
      });
    }
    viewer = await hub.as('viewer');
    aDelegation = (await hub.query('{ delegations(perPage: 1) { items { id } } }')).delegations.items[0].id;
  }, 180_000);
  afterAll(async () => {
    await hub?.stop();
  });

  const level = (depth: number): string => (depth === 0 ? 'id' : `id neighbours(first: 500) { ${level(depth - 1)} }`);

  it('is refused by the records budget where the cost limit lets it through (three levels: 80,000 items)', async () => {
    const answer = await viewer.request(`{ cities(perPage: 1) { items { ${level(3)} } } }`);
    const error = expectError(answer, 'QUERY_TOO_COMPLEX');
    expect(error.message).toContain('20000 records');
    expect(answer.data ?? undefined).toBeUndefined();
    // Two levels (about 4,000 items) are answered: the city's delegations and country, their members and the city.
    const two = await viewer.query(`{ cities(perPage: 1) { items { ${level(2)} } } }`);
    const neighbours = two.cities.items[0].neighbours as Array<{ neighbours: unknown[] }>;
    expect(neighbours).toHaveLength(DELEGATIONS + 1);
    expect(neighbours.filter((node) => node.neighbours.length === PERSONS + 1)).toHaveLength(DELEGATIONS);
  });

  it('is refused quickly six levels deep, without the hub growing past 600 MB', async () => {
    const started = Date.now();
    const answer = await viewer.request(`{ cities(perPage: 1) { items { ${level(6)} } } }`);
    const ms = Date.now() - started;
    expectError(answer, 'QUERY_TOO_COMPLEX');
    expect(answer.data ?? undefined).toBeUndefined();
    expect(ms).toBeLessThan(10_000);
    expect(peakRssMb(hub)).toBeLessThan(600);
    // The hub answers on.
    const after = await viewer.query('{ cities(perPage: 1) { items { id neighbours(first: 2) { id } } } }');
    expect(after.cities.items[0].neighbours).toHaveLength(2);
  }, 60_000);
  it('refuses a widget answer past the budget with the same code, over HTTP', async () => {
    const small = await startHub({ databaseUrl: hub.databaseUrl, env: { AMITY_MAX_RECORDS: '100' } });
    try {
      const origin = 'https://widgets.example.org';
      const made = await small.query('mutation ($input: WidgetKeyInput!) { createWidgetKey(input: $input) { key } }', {
        input: { name: 'bounded lists', office: 'Tourism Bureau', allowedOrigins: [origin], rateLimitPerMinute: 1000 },
      });
      const widget = (id: string) =>
        fetch(`${small.url}/widgets/api/NodeCard?${new URLSearchParams({ key: made.createWidgetKey.key, variables: JSON.stringify({ id }) })}`, { headers: { origin } });
      // The delegation's card lists its 201 ties and reads their 201 nodes: past 100.
      const refused = await widget(aDelegation);
      expect(refused.status).toBe(400);
      const body = (await refused.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.errors.map((error) => error.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(body.errors[0].message).toContain('100 records');
      // A person's card (one tie each to twenty delegations) is within it.
      const person = (await small.query('query($id: ID!) { delegation(id: $id) { members(first: 1) { id } } }', { id: aDelegation })).delegation.members[0].id;
      const answered = await widget(person);
      expect(answered.status).toBe(200);
      expect(((await answered.json()) as { data: { node: { relationships: unknown[] } } }).data.node.relationships).toHaveLength(DELEGATIONS);
    } finally {
      await small.stop();
    }
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { create, expectError } from './records.js';

const PATHS = `query Paths($from: ID!, $to: ID!, $maxHops: Int) {
  paths(from: $from, to: $to, maxHops: $maxHops) {
    length truncated
    paths { length nodes { id } edges { kind field direction from { id } to { id } other { id } } }
  }
}`;

const NEIGHBOURHOOD = `query Neighbourhood($id: ID!, $depth: Int, $kinds: [RelationshipKind!]) {
  neighbourhood(id: $id, depth: $depth, kinds: $kinds) {
    truncated center { id } nodes { id } edges { kind field from { id } to { id } }
  }
}`;

interface PathsAnswer {
  length: number | null;
  truncated: boolean;
  paths: Array<{
    length: number;
    nodes: Array<{ id: string }>;
    edges: Array<{ kind: string | null; field: string | null; direction: string; from: { id: string }; to: { id: string }; other: { id: string } }>;
  }>;
}

interface NeighbourhoodAnswer {
  truncated: boolean;
  center: { id: string };
  nodes: Array<{ id: string }>;
  edges: Array<{ kind: string | null; field: string | null; from: { id: string }; to: { id: string } }>;
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** Many records at once, through the API, a few requests in flight at a time. */
async function createMany(hub: Hub, type: string, inputs: Array<Record<string, unknown>>): Promise<string[]> {
  const ids: string[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const index = next++;
      ids[index] = (await create(hub, type, inputs[index])).id as string;
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return ids;
}

describe('paths and neighbourhoods through typed fields and Relationship records', () => {
  let hub: Hub;
  const person = async (name: string, extra: Record<string, unknown> = {}) => (await create(hub, 'Person', { names: { en: name }, category: 'OTHER', ...extra })).id as string;
  const relate = async (fromId: string, toId: string, kind = 'LINKED_WITH') => (await create(hub, 'Relationship', { kind, fromId, toId })).id as string;
  const paths = async (from: string, to: string, maxHops?: number) => (await hub.query<{ paths: PathsAnswer }>(PATHS, { from, to, maxHops })).paths;
  const neighbourhood = async (id: string, depth?: number, kinds?: string[]) =>
    (await hub.query<{ neighbourhood: NeighbourhoodAnswer }>(NEIGHBOURHOOD, { id, depth, kinds })).neighbourhood;
  const ids = (list: Array<{ id: string }>) => list.map((item) => item.id).sort();

  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
  });
  afterAll(async () => hub?.stop());

  describe('a triangle of relationships (a cycle)', () => {
    const t: Record<string, string> = {};
    beforeAll(async () => {
      t.a = await person('Triangle A');
      t.b = await person('Triangle B');
      t.c = await person('Triangle C');
      t.ab = await relate(t.a, t.b);
      t.bc = await relate(t.b, t.c);
      t.ca = await relate(t.c, t.a, 'RELATIVE_OF');
    });

    it('gives the one shortest path, following an edge against its direction, and ends', async () => {
      const answer = await paths(t.a, t.c, 6);
      expect(answer).toMatchObject({ length: 1, truncated: false });
      expect(answer.paths).toHaveLength(1);
      const [path] = answer.paths;
      expect(path.length).toBe(1);
      expect(path.nodes.map((node) => node.id)).toEqual([t.a, t.c]);
      // the relationship runs C → A; seen from A, the first node of the path, it comes in
      expect(path.edges).toEqual([{ kind: 'RELATIVE_OF', field: null, direction: 'INCOMING', from: { id: t.c }, to: { id: t.a }, other: { id: t.c } }]);
    });

    it('gives a path of length 0 from a node to itself', async () => {
      const answer = await paths(t.b, t.b);
      expect(answer.length).toBe(0);
      expect(answer.paths).toEqual([{ length: 0, nodes: [{ id: t.b }], edges: [] }]);
    });

    it('walks the neighbourhood of a cycle once: three nodes, three edges, at any depth', async () => {
      for (const depth of [1, 3]) {
        const around = await neighbourhood(t.a, depth);
        expect(around.truncated).toBe(false);
        expect(around.center.id).toBe(t.a);
        expect(around.nodes[0].id).toBe(t.a);
        expect(ids(around.nodes)).toEqual([t.a, t.b, t.c].sort());
        expect(around.edges).toHaveLength(3);
      }
    });
  });

  describe('a chain through a typed field: a person works for a school in a city', () => {
    const c: Record<string, string> = {};
    beforeAll(async () => {
      c.city = (await create(hub, 'City', { names: { en: 'Valkeakoski' }, countryCode: 'FI' })).id as string;
      c.school = (await create(hub, 'Organisation', { names: { en: 'Valkeakoski School' }, kind: 'SCHOOL', cityId: c.city })).id as string;
      c.teacher = await person('Teacher');
      c.pupil = await person('Pupil');
      await relate(c.teacher, c.school, 'WORKS_FOR');
      await relate(c.pupil, c.teacher, 'LINKED_WITH');
    });

    it('mixes Relationship records and typed fields on one path', async () => {
      const answer = await paths(c.pupil, c.city);
      expect(answer.length).toBe(3);
      expect(answer.paths).toHaveLength(1);
      const [path] = answer.paths;
      expect(path.nodes.map((node) => node.id)).toEqual([c.pupil, c.teacher, c.school, c.city]);
      expect(path.edges.map((edge) => [edge.kind, edge.field, edge.direction])).toEqual([
        ['LINKED_WITH', null, 'OUTGOING'],
        ['WORKS_FOR', null, 'OUTGOING'],
        [null, 'Organisation.city', 'OUTGOING'],
      ]);
      expect(path.edges.map((edge) => edge.other.id)).toEqual([c.teacher, c.school, c.city]);
    });

    it('finds nothing beyond maxHops, without calling it truncated', async () => {
      expect(await paths(c.pupil, c.city, 2)).toEqual({ length: null, truncated: false, paths: [] });
      const other = await person('Unrelated');
      expect(await paths(c.pupil, other, 6)).toEqual({ length: null, truncated: false, paths: [] });
    });

    it('counts typed fields in a neighbourhood unless kinds are given', async () => {
      const all = await neighbourhood(c.teacher, 2);
      // the city is two ties away (school, then Organisation.city); Finland would be three
      expect(ids(all.nodes)).toEqual([c.teacher, c.school, c.pupil, c.city].sort());
      expect(all.edges.map((edge) => edge.kind ?? edge.field).sort()).toEqual(['LINKED_WITH', 'Organisation.city', 'WORKS_FOR']);

      const worksFor = await neighbourhood(c.teacher, 2, ['WORKS_FOR']);
      expect(ids(worksFor.nodes)).toEqual([c.teacher, c.school].sort());
      expect(worksFor.edges.map((edge) => edge.kind)).toEqual(['WORKS_FOR']);

      const none = await neighbourhood(c.teacher, 3, ['LEADS']);
      expect(none.nodes.map((node) => node.id)).toEqual([c.teacher]);
      expect(none.edges).toEqual([]);
    });

    it('costs one SQL statement, the nodes on the way included', async () => {
      const walkOnly = await hub.request(`query ($from: ID!, $to: ID!) { paths(from: $from, to: $to) { length truncated paths { length edges { kind field direction } } } }`, {
        from: c.pupil,
        to: c.city,
      });
      expect(walkOnly.errors).toBeUndefined();
      expect(walkOnly.extensions?.sqlStatements).toBe(1);

      // The Person, Organisation and City records come with the walk; the edges' ends reuse them
      const withNodes = await hub.request(PATHS, { from: c.pupil, to: c.city });
      expect(withNodes.errors).toBeUndefined();
      expect(withNodes.extensions?.sqlStatements).toBe(1);

      const around = await hub.request(`query ($id: ID!) { neighbourhood(id: $id, depth: 3) { truncated edges { kind field } } }`, { id: c.teacher });
      expect(around.errors).toBeUndefined();
      expect(around.extensions?.sqlStatements).toBe(1);
      // Person, Organisation, City and Country records: with the walk too
      const aroundWithNodes = await hub.request(NEIGHBOURHOOD, { id: c.teacher, depth: 3 });
      expect(aroundWithNodes.errors).toBeUndefined();
      expect(aroundWithNodes.extensions?.sqlStatements).toBe(1);
    });
  });

  it('returns every shortest path, up to 20, and says when there are more', async () => {
    const start = await person('Fan start');
    const end = await person('Fan end');
    const middles = await createMany(
      hub,
      'Person',
      Array.from({ length: 21 }, (_, index) => ({ names: { en: `Fan middle ${index}` }, category: 'OTHER' })),
    );
    const three = middles.slice(0, 3);
    for (const middle of three) {
      await relate(start, middle);
      await relate(middle, end);
    }
    const some = await paths(start, end);
    expect(some).toMatchObject({ length: 2, truncated: false });
    expect(some.paths.map((path) => path.nodes[1].id).sort()).toEqual([...three].sort());

    await createMany(
      hub,
      'Relationship',
      middles.slice(3).flatMap((middle) => [
        { kind: 'LINKED_WITH', fromId: start, toId: middle },
        { kind: 'LINKED_WITH', fromId: end, toId: middle },
      ]),
    );
    const many = await paths(start, end);
    expect(many).toMatchObject({ length: 2, truncated: true });
    expect(many.paths).toHaveLength(20);
    expect(new Set(many.paths.map((path) => path.nodes[1].id)).size).toBe(20);
  });

  it('caps the nodes a walk visits and says so: 1000 for paths, 500 for a neighbourhood', async () => {
    // Tuvalu and 1001 people of that nationality (typed field Person.nationality): a star of 1002 nodes
    const people = await createMany(
      hub,
      'Person',
      Array.from({ length: 1001 }, (_, index) => ({ names: { en: `Tuvaluan ${index}` }, category: 'OTHER', nationalityCode: 'TV' })),
    );
    const outsider = await person('Outsider');
    const tuvalu = ((await hub.query<{ countries: { items: Array<{ id: string }> } }>(`{ countries(filter: { code: ["TV"] }) { items { id } } }`)).countries.items[0]).id;

    const search = await paths(people[0], outsider, 6);
    expect(search).toEqual({ length: null, truncated: true, paths: [] });
    // a path found before the cap is not truncated
    expect(await paths(people[0], people[1], 6)).toMatchObject({ length: 2, truncated: false });

    const around = await neighbourhood(tuvalu, 1);
    expect(around.truncated).toBe(true);
    expect(around.nodes).toHaveLength(500);
    expect(around.nodes[0].id).toBe(tuvalu);
    expect(around.edges).toHaveLength(499);
    expect(new Set(around.edges.map((edge) => edge.field))).toEqual(new Set(['Person.nationality']));
  }, 180_000);

  it('passes only through what the caller may see', async () => {
    const a = await person('Open A');
    const b = await person('Open B');
    const secret = await person('Secret S', { visibility: 'RESTRICTED' });
    await relate(a, secret);
    await relate(secret, b);
    await create(hub, 'Relationship', { kind: 'LINKED_WITH', fromId: a, toId: b, visibility: 'RESTRICTED' });
    const viewer = await hub.as('viewer');

    // an admin sees the RESTRICTED relationship between A and B
    const seen = await paths(a, b);
    expect(seen.length).toBe(1);
    expect(seen.paths[0].edges[0]).toMatchObject({ kind: 'LINKED_WITH', from: { id: a }, to: { id: b } });
    expect(ids((await neighbourhood(a)).nodes)).toEqual([a, b, secret].sort());

    // a viewer reads PUBLIC and INTERNAL only: neither S nor the direct relationship exist for it
    const unseen = (await viewer.query<{ paths: PathsAnswer }>(PATHS, { from: a, to: b })).paths;
    expect(unseen).toEqual({ length: null, truncated: false, paths: [] });
    const around = (await viewer.query<{ neighbourhood: NeighbourhoodAnswer }>(NEIGHBOURHOOD, { id: a, depth: 3 })).neighbourhood;
    expect(around.nodes.map((node) => node.id)).toEqual([a]);
    expect(around.edges).toEqual([]);
    expectError(await viewer.request(PATHS, { from: a, to: secret }), 'NOT_FOUND');
    expectError(await viewer.request(NEIGHBOURHOOD, { id: secret }), 'NOT_FOUND');
  });

  it('refuses maxHops and depth over their caps, naming the argument', async () => {
    const someone = await person('Someone');
    for (const maxHops of [0, 7]) {
      const error = expectError(await hub.request(PATHS, { from: someone, to: someone, maxHops }), 'BAD_USER_INPUT');
      expect(error.message).toBe(`maxHops: must be from 1 to 6 (got ${maxHops})`);
      expect(error.extensions?.fields).toEqual([{ field: 'maxHops', message: `must be from 1 to 6 (got ${maxHops})` }]);
    }
    for (const depth of [0, 4]) {
      const error = expectError(await hub.request(NEIGHBOURHOOD, { id: someone, depth }), 'BAD_USER_INPUT');
      expect(error.message).toBe(`depth: must be from 1 to 3 (got ${depth})`);
    }
  });

  it('answers NOT_FOUND for an unknown node, naming the argument but not repeating the id', async () => {
    const someone = await person('Someone else');
    for (const [from, to, argument] of [
      [UNKNOWN, someone, 'from'],
      [someone, UNKNOWN, 'to'],
      [someone, 'not-an-id', 'to'],
    ]) {
      const response = await hub.request(PATHS, { from, to });
      const error = expectError(response, 'NOT_FOUND');
      expect(error.message).toBe(`${argument}: no node with this id`);
      expect(error.extensions?.argument).toBe(argument);
      expect(JSON.stringify(response)).not.toContain(UNKNOWN);
    }
    const error = expectError(await hub.request(NEIGHBOURHOOD, { id: UNKNOWN }), 'NOT_FOUND');
    expect(error.message).toBe('id: no node with this id');
  });

});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { create, deleteRequest, updateRequest } from './records.js';

/** A node's ties: typed fields (Delegation.leader) and generic Relationship records are one graph. */
describe('relationships and neighbours', () => {
  let hub: Hub;
  const ids: Record<string, string> = {};
  const relationshipVersions: Record<string, number> = {};

  interface EdgeView {
    kind: string | null;
    field: string | null;
    direction: string;
    role: string | null;
    startDate: string | null;
    from: { id: string };
    to: { id: string };
    other: { __typename: string; id: string };
    relationship: { id: string; kind: string; role: string | null } | null;
  }
  const EDGE = `kind field direction role startDate from { id } to { id } other { __typename id } relationship { id kind role }`;
  const byKey = (edge: EdgeView) => `${edge.field ?? edge.kind}:${edge.from.id}:${edge.to.id}`;
  const sorted = (edges: EdgeView[]) => [...edges].sort((a, b) => byKey(a).localeCompare(byKey(b)));

  async function edgesOf(id: string, args = ''): Promise<EdgeView[]> {
    const data = await hub.query(`query ($id: ID!) { node(id: $id) { relationships${args} { ${EDGE} } } }`, { id });
    return sorted(data.node.relationships);
  }
  async function neighboursOf(id: string, args = ''): Promise<string[]> {
    const data = await hub.query(`query ($id: ID!) { node(id: $id) { neighbours${args} { id } } }`, { id });
    return (data.node.neighbours as Array<{ id: string }>).map((node) => node.id).sort();
  }
  const typed = (field: string, from: string, to: string, direction: string, otherType: string, role: string | null = null): EdgeView => ({
    kind: null,
    field,
    direction,
    role,
    startDate: null,
    from: { id: ids[from] },
    to: { id: ids[to] },
    other: { __typename: otherType, id: ids[direction === 'OUTGOING' ? to : from] },
    relationship: null,
  });
  const generic = (name: string, kind: string, from: string, to: string, direction: string, otherType: string, role: string | null, startDate: string | null = null): EdgeView => ({
    kind,
    field: null,
    direction,
    role,
    startDate,
    from: { id: ids[from] },
    to: { id: ids[to] },
    other: { __typename: otherType, id: ids[direction === 'OUTGOING' ? to : from] },
    relationship: { id: ids[name], kind, role },
  });

  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
    ids.nanchang = (await create(hub, 'City', { names: { zh: '南昌', en: 'Nanchang' }, countryCode: 'CN', isHomeCity: true })).id;
    ids.erik = (await create(hub, 'Person', { names: { en: 'Erik Hansen' }, category: 'OFFICIAL' })).id;
    ids.ingrid = (await create(hub, 'Person', { names: { en: 'Ingrid Hansen' }, category: 'FOREIGN_GUEST' })).id;
    ids.school = (await create(hub, 'Organisation', { names: { zh: '南昌三中' }, kind: 'SCHOOL', cityId: ids.nanchang })).id;
    ids.chamber = (await create(hub, 'Organisation', { names: { en: 'Norwegian chamber' }, kind: 'ASSOCIATION' })).id;
    ids.delegation = (await create(hub, 'Delegation', {
      names: { en: 'Mayor’s visit' },
      direction: 'INBOUND',
      channel: 'SISTER_CITY',
      headcount: 6,
      leaderId: ids.erik,
      memberIds: [ids.erik, ids.ingrid],
    })).id;
    ids.exchange = (await create(hub, 'Exchange', { names: { en: 'Student exchange' }, field: 'EDUCATION', participants: [{ organisationId: ids.school, role: 'partner school' }] })).id;
    for (const [name, input] of [
      ['worksFor', { kind: 'WORKS_FOR', fromId: ids.erik, toId: ids.school, role: 'headmaster', startDate: '2009-09-01' }],
      ['memberOf', { kind: 'MEMBER_OF', fromId: ids.erik, toId: ids.chamber, role: 'vice-president' }],
      ['relativeOf', { kind: 'RELATIVE_OF', fromId: ids.ingrid, toId: ids.erik, role: 'daughter' }],
    ] as const) {
      const relationship = await create(hub, 'Relationship', input);
      ids[name] = relationship.id;
      relationshipVersions[name] = relationship.version;
    }
  });
  afterAll(async () => hub?.stop());

  it('shows typed fields and Relationship records of a node as one list of edges', async () => {
    expect(await edgesOf(ids.erik)).toEqual(
      sorted([
        typed('Delegation.leader', 'delegation', 'erik', 'INCOMING', 'Delegation'),
        typed('Delegation.members', 'delegation', 'erik', 'INCOMING', 'Delegation'),
        generic('worksFor', 'WORKS_FOR', 'erik', 'school', 'OUTGOING', 'Organisation', 'headmaster', '2009-09-01'),
        generic('memberOf', 'MEMBER_OF', 'erik', 'chamber', 'OUTGOING', 'Organisation', 'vice-president'),
        generic('relativeOf', 'RELATIVE_OF', 'ingrid', 'erik', 'INCOMING', 'Person', 'daughter'),
      ]),
    );
  });

  it('shows the same typed edges from the other end', async () => {
    expect(await edgesOf(ids.delegation)).toEqual(
      sorted([
        typed('Delegation.leader', 'delegation', 'erik', 'OUTGOING', 'Person'),
        typed('Delegation.members', 'delegation', 'erik', 'OUTGOING', 'Person'),
        typed('Delegation.members', 'delegation', 'ingrid', 'OUTGOING', 'Person'),
      ]),
    );
  });

  it('shows the parts of a record as edges, with their role', async () => {
    expect(await edgesOf(ids.school)).toEqual(
      sorted([
        typed('Organisation.city', 'school', 'nanchang', 'OUTGOING', 'City'),
        typed('Exchange.participants', 'exchange', 'school', 'INCOMING', 'Exchange', 'partner school'),
        generic('worksFor', 'WORKS_FOR', 'erik', 'school', 'INCOMING', 'Person', 'headmaster', '2009-09-01'),
      ]),
    );
  });

  it('filters edges by kind: only Relationship records of those kinds', async () => {
    expect(await edgesOf(ids.erik, '(kind: [WORKS_FOR, RELATIVE_OF])')).toEqual(
      sorted([
        generic('worksFor', 'WORKS_FOR', 'erik', 'school', 'OUTGOING', 'Organisation', 'headmaster', '2009-09-01'),
        generic('relativeOf', 'RELATIVE_OF', 'ingrid', 'erik', 'INCOMING', 'Person', 'daughter'),
      ]),
    );
    expect(await edgesOf(ids.erik, '(kind: [FOUNDED])')).toEqual([]);
  });

  it('filters edges by direction, alone or with a kind', async () => {
    expect((await edgesOf(ids.erik, '(direction: OUTGOING)')).map(byKey)).toEqual(
      [`MEMBER_OF:${ids.erik}:${ids.chamber}`, `WORKS_FOR:${ids.erik}:${ids.school}`].sort(),
    );
    expect((await edgesOf(ids.erik, '(direction: INCOMING)')).map(byKey)).toEqual(
      [`Delegation.leader:${ids.delegation}:${ids.erik}`, `Delegation.members:${ids.delegation}:${ids.erik}`, `RELATIVE_OF:${ids.ingrid}:${ids.erik}`].sort(),
    );
    expect(await edgesOf(ids.erik, '(kind: [RELATIVE_OF], direction: OUTGOING)')).toEqual([]);
  });

  it('gives Edge.relationship only for Relationship records', async () => {
    const edges = await edgesOf(ids.erik);
    for (const edge of edges) {
      if (edge.field) expect(edge.relationship).toBeNull();
      else expect(edge.relationship).toEqual({ id: expect.any(String), kind: edge.kind, role: edge.role });
    }
    const data = await hub.query(`query ($id: ID!) { relationship(id: $id) { kind role from { id } to { id } } }`, { id: ids.worksFor });
    expect(data.relationship).toEqual({ kind: 'WORKS_FOR', role: 'headmaster', from: { id: ids.erik }, to: { id: ids.school } });
  });

  it('lists each neighbour once, through typed fields and Relationship records alike', async () => {
    expect(await neighboursOf(ids.erik)).toEqual([ids.delegation, ids.school, ids.chamber, ids.ingrid].sort());
    expect(await neighboursOf(ids.erik, '(kind: [WORKS_FOR])')).toEqual([ids.school]);
    expect(await neighboursOf(ids.delegation)).toEqual([ids.erik, ids.ingrid].sort());
  });

  it('follows changes: a new leader moves the typed edge, a deleted relationship leaves', async () => {
    const { delegation } = await hub.query(`query ($id: ID!) { delegation(id: $id) { version } }`, { id: ids.delegation });
    const moved = await updateRequest(hub, 'Delegation', ids.delegation, { leaderId: ids.ingrid }, delegation.version);
    expect(moved.errors).toBeUndefined();
    const removed = await deleteRequest(hub, 'Relationship', ids.memberOf, relationshipVersions.memberOf);
    expect(removed.errors).toBeUndefined();

    expect((await edgesOf(ids.erik)).map(byKey)).toEqual(
      [`Delegation.members:${ids.delegation}:${ids.erik}`, `WORKS_FOR:${ids.erik}:${ids.school}`, `RELATIVE_OF:${ids.ingrid}:${ids.erik}`].sort(),
    );
    expect((await edgesOf(ids.ingrid, '(direction: INCOMING)')).map(byKey)).toEqual(
      [`Delegation.leader:${ids.delegation}:${ids.ingrid}`, `Delegation.members:${ids.delegation}:${ids.ingrid}`].sort(),
    );
    expect(await neighboursOf(ids.chamber)).toEqual([]);
  });
});

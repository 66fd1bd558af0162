import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { create, deleteRequest, updateRequest } from './records.js';

/**
 * One create → read → update → delete round trip for every record type, from one table: the API's
 * convention (one, list, create, update, delete) is the same for all, so the same test code runs for each.
 */

interface Fixtures {
  nanchang: string;
  kragero: string;
  school: string;
  person: string;
}

interface RoundTrip {
  type: string;
  singular: string;
  plural: string;
  isNode: boolean;
  /** Frees what the create needs, e.g. a country code (every ISO code is taken in the empty hub). */
  prepare?: (hub: Hub) => Promise<void>;
  input: (fixtures: Fixtures) => Record<string, unknown>;
  patch: Record<string, unknown>;
  /** What to read back, and what it must be after the create and after the update. */
  selection: string;
  created: Record<string, unknown>;
  updated: Record<string, unknown>;
}

const roundTrips: RoundTrip[] = [
  {
    type: 'Country',
    singular: 'country',
    plural: 'countries',
    isNode: true,
    async prepare(hub) {
      const data = await hub.query(`{ countries(filter: { code: ["BV"] }) { items { id version } } }`);
      const [bouvet] = data.countries.items;
      const response = await deleteRequest(hub, 'Country', bouvet.id, bouvet.version);
      expect(response.errors).toBeUndefined();
    },
    input: () => ({ code: 'bv', names: { zh: '布韦岛', en: 'Bouvet Island' } }),
    patch: { names: { en: 'Bouvetøya' } },
    selection: 'code code3 names { zh en }',
    created: { code: 'BV', code3: 'BVT', names: { zh: '布韦岛', en: 'Bouvet Island' } },
    updated: { code: 'BV', code3: 'BVT', names: { zh: '布韦岛', en: 'Bouvetøya' } },
  },
  {
    type: 'City',
    singular: 'city',
    plural: 'cities',
    isNode: true,
    input: () => ({ names: { zh: '高松', en: 'Takamatsu' }, countryCode: 'JP' }),
    patch: { province: 'Kagawa' },
    selection: 'names { zh en } province country { code }',
    created: { names: { zh: '高松', en: 'Takamatsu' }, province: null, country: { code: 'JP' } },
    updated: { names: { zh: '高松', en: 'Takamatsu' }, province: 'Kagawa', country: { code: 'JP' } },
  },
  {
    type: 'Organisation',
    singular: 'organisation',
    plural: 'organisations',
    isNode: true,
    input: ({ nanchang }) => ({ names: { zh: '南昌大学' }, kind: 'UNIVERSITY', cityId: nanchang }),
    patch: { website: 'https://www.ncu.edu.cn' },
    selection: 'names { zh } kind website city { names { en } }',
    created: { names: { zh: '南昌大学' }, kind: 'UNIVERSITY', website: null, city: { names: { en: 'Nanchang' } } },
    updated: { names: { zh: '南昌大学' }, kind: 'UNIVERSITY', website: 'https://www.ncu.edu.cn', city: { names: { en: 'Nanchang' } } },
  },
  {
    type: 'Person',
    singular: 'person',
    plural: 'people',
    isNode: true,
    input: () => ({ names: { en: 'Ingrid Olsen' }, category: 'FOREIGN_GUEST' }),
    patch: { title: 'Mayor of Kragerø', nationalityCode: 'NO' },
    selection: 'names { en } category title nationality { code }',
    created: { names: { en: 'Ingrid Olsen' }, category: 'FOREIGN_GUEST', title: null, nationality: null },
    updated: { names: { en: 'Ingrid Olsen' }, category: 'FOREIGN_GUEST', title: 'Mayor of Kragerø', nationality: { code: 'NO' } },
  },
  {
    type: 'Event',
    singular: 'event',
    plural: 'events',
    isNode: true,
    input: () => ({ names: { zh: '南昌国际龙舟赛' }, kind: 'GAMES', startDate: '2011-06-06' }),
    patch: { attendance: 1200, endDate: '2011-06-08' },
    selection: 'kind startDate endDate attendance',
    created: { kind: 'GAMES', startDate: '2011-06-06', endDate: null, attendance: null },
    updated: { kind: 'GAMES', startDate: '2011-06-06', endDate: '2011-06-08', attendance: 1200 },
  },
  {
    type: 'Partnership',
    singular: 'partnership',
    plural: 'partnerships',
    isNode: true,
    input: ({ nanchang, kragero }) => ({ homeCityId: nanchang, partnerCityId: kragero, level: 'PROSPECT' }),
    patch: { level: 'SISTER_CITY', statusHistory: [{ status: 'AGREEMENT_SIGNED', date: '2011-09-20' }] },
    selection: 'level status signedOn names { en } partnerCity { names { local } }',
    created: { level: 'PROSPECT', status: null, signedOn: null, names: { en: 'Nanchang–Kragero' }, partnerCity: { names: { local: 'Kragerø' } } },
    updated: { level: 'SISTER_CITY', status: 'AGREEMENT_SIGNED', signedOn: '2011-09-20', names: { en: 'Nanchang–Kragero' }, partnerCity: { names: { local: 'Kragerø' } } },
  },
  {
    type: 'Exchange',
    singular: 'exchange',
    plural: 'exchanges',
    isNode: true,
    input: ({ school }) => ({ names: { en: 'Student exchange' }, field: 'EDUCATION', participants: [{ organisationId: school, role: 'partner school' }] }),
    patch: { status: 'COMPLETED', outcomes: '12 students' },
    selection: 'field status outcomes participants { role organisation { names { zh } } }',
    created: { field: 'EDUCATION', status: 'ACTIVE', outcomes: null, participants: [{ role: 'partner school', organisation: { names: { zh: '南昌三中' } } }] },
    updated: { field: 'EDUCATION', status: 'COMPLETED', outcomes: '12 students', participants: [{ role: 'partner school', organisation: { names: { zh: '南昌三中' } } }] },
  },
  {
    type: 'Delegation',
    singular: 'delegation',
    plural: 'delegations',
    isNode: true,
    input: ({ person }) => ({ names: { en: 'Kragerø mayor’s visit' }, direction: 'INBOUND', channel: 'SISTER_CITY', headcount: 5, leaderId: person, memberIds: [person] }),
    patch: { headcount: 7 },
    selection: 'direction channel headcount leader { names { en } } members { names { en } }',
    created: { direction: 'INBOUND', channel: 'SISTER_CITY', headcount: 5, leader: { names: { en: 'Erik Hansen' } }, members: [{ names: { en: 'Erik Hansen' } }] },
    updated: { direction: 'INBOUND', channel: 'SISTER_CITY', headcount: 7, leader: { names: { en: 'Erik Hansen' } }, members: [{ names: { en: 'Erik Hansen' } }] },
  },
  {
    type: 'Application',
    singular: 'application',
    plural: 'applications',
    isNode: true,
    input: () => ({ names: { en: 'Invitation for a Norwegian teacher' }, kind: 'FOREIGN_EXPERT_INVITATION', personCount: 1 }),
    patch: { status: 'APPROVED', decidedOn: '2011-03-01' },
    selection: 'kind personCount status decidedOn',
    created: { kind: 'FOREIGN_EXPERT_INVITATION', personCount: 1, status: 'RECEIVED', decidedOn: null },
    updated: { kind: 'FOREIGN_EXPERT_INVITATION', personCount: 1, status: 'APPROVED', decidedOn: '2011-03-01' },
  },
  {
    type: 'Contribution',
    singular: 'contribution',
    plural: 'contributions',
    isNode: true,
    input: ({ person, school }) => ({ names: { zh: '捐赠电脑' }, kind: 'DONATION', amount: 50000, currency: 'CNY', donorId: person, recipientId: school }),
    patch: { status: 'DELIVERED', amount: 52000.5 },
    selection: 'kind amount currency status donor { id } recipient { ... on Organisation { names { zh } } }',
    created: { kind: 'DONATION', amount: 50000, currency: 'CNY', status: 'PLEDGED', recipient: { names: { zh: '南昌三中' } } },
    updated: { kind: 'DONATION', amount: 52000.5, currency: 'CNY', status: 'DELIVERED', recipient: { names: { zh: '南昌三中' } } },
  },
  {
    type: 'Award',
    singular: 'award',
    plural: 'awards',
    isNode: true,
    input: ({ person }) => ({ names: { zh: '庐山友谊奖' }, year: 2011, recipientId: person }),
    patch: { year: 2012 },
    selection: 'year recipient { ... on Person { names { en } } }',
    created: { year: 2011, recipient: { names: { en: 'Erik Hansen' } } },
    updated: { year: 2012, recipient: { names: { en: 'Erik Hansen' } } },
  },
  {
    type: 'Target',
    singular: 'target',
    plural: 'targets',
    isNode: true,
    input: () => ({ names: { en: 'One new sister city in 2012' }, year: 2012, targetValue: 1 }),
    patch: { targetValue: 2, unit: 'cities' },
    selection: 'year targetValue unit',
    created: { year: 2012, targetValue: 1, unit: null },
    updated: { year: 2012, targetValue: 2, unit: 'cities' },
  },
  {
    type: 'Relationship',
    singular: 'relationship',
    plural: 'relationships',
    isNode: false,
    input: ({ person, school }) => ({ kind: 'WORKS_FOR', fromId: person, toId: school }),
    patch: { role: 'headmaster', startDate: '2009-09-01' },
    selection: 'kind role startDate from { id } to { ... on Organisation { names { zh } } }',
    created: { kind: 'WORKS_FOR', role: null, startDate: null, to: { names: { zh: '南昌三中' } } },
    updated: { kind: 'WORKS_FOR', role: 'headmaster', startDate: '2009-09-01', to: { names: { zh: '南昌三中' } } },
  },
];

describe('create, read, update and delete of every record type', () => {
  let hub: Hub;
  let fixtures: Fixtures;

  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
    const nanchang = await create(hub, 'City', { names: { zh: '南昌', en: 'Nanchang' }, countryCode: 'CN', isHomeCity: true });
    const kragero = await create(hub, 'City', { names: { zh: '克拉格勒', en: 'Kragero', local: 'Kragerø', localLang: 'no' }, countryCode: 'NO' });
    const school = await create(hub, 'Organisation', { names: { zh: '南昌三中' }, kind: 'SCHOOL', cityId: nanchang.id });
    const person = await create(hub, 'Person', { names: { en: 'Erik Hansen' }, category: 'FOREIGN_GUEST' });
    fixtures = { nanchang: nanchang.id, kragero: kragero.id, school: school.id, person: person.id };
  });
  afterAll(async () => hub?.stop());

  it('covers every record type the API has', async () => {
    // Record types are the types implementing the Record interface: each has the CRUD convention.
    const data = await hub.query(`{ __type(name: "Record") { possibleTypes { name } } mutations: __type(name: "Mutation") { fields { name } } }`);
    const recordTypes = (data.__type.possibleTypes as Array<{ name: string }>).map((type) => type.name).sort();
    expect(recordTypes).toEqual(roundTrips.map((trip) => trip.type).sort());
    const mutations = new Set((data.mutations.fields as Array<{ name: string }>).map((field) => field.name));
    for (const type of recordTypes) for (const verb of ['create', 'update', 'delete']) expect(mutations).toContain(`${verb}${type}`);
  });

  it.each(roundTrips)('$type: create, read, list, update, node, delete', async (trip) => {
    const { type, singular, plural, selection } = trip;
    const one = `query ($id: ID!) { record: ${singular}(id: $id) { id version ${selection} } node(id: $id) { __typename id } }`;
    const total = async () => (await hub.query(`{ list: ${plural}(perPage: 1) { total } }`)).list.total as number;

    await trip.prepare?.(hub);
    const totalBefore = await total();

    const created = await create(hub, type, trip.input(fixtures), `id version ${selection}`);
    expect(created).toMatchObject(trip.created);
    expect(created.version).toBeTypeOf('number');

    const read = await hub.query(one, { id: created.id });
    expect(read.record).toEqual(created);
    expect(read.node).toEqual(trip.isNode ? { __typename: type, id: created.id } : null);

    const listed = await hub.query(`query ($ids: [ID!]) { list: ${plural}(filter: { ids: $ids }) { total items { id version } } }`, { ids: [created.id] });
    expect(listed.list).toEqual({ total: 1, items: [{ id: created.id, version: created.version }] });
    expect(await total()).toBe(totalBefore + 1);

    const update = await updateRequest(hub, type, created.id, trip.patch, created.version, `id version ${selection}`);
    expect(update.errors).toBeUndefined();
    const updated = update.data!.updated;
    expect(updated).toMatchObject({ id: created.id, version: created.version + 1, ...trip.updated });
    expect((await hub.query(one, { id: created.id })).record).toEqual(updated);

    const deleted = await deleteRequest(hub, type, created.id, updated.version);
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data!.deleted).toEqual({ id: created.id, deleted: 1, detached: 0 });
    expect(await hub.query(one, { id: created.id })).toEqual({ record: null, node: null });
    expect(await total()).toBe(totalBefore);
  });

  it('moves the version when only links or parts change, and replaces them', async () => {
    const other = await create(hub, 'Organisation', { names: { en: 'Kragerø school' }, kind: 'SCHOOL', cityId: fixtures.kragero });
    const delegation = await create(hub, 'Delegation', { names: { en: 'Visit' }, direction: 'OUTBOUND', channel: 'SISTER_CITY', headcount: 2 }, 'id version members { id }');
    const members = await updateRequest(hub, 'Delegation', delegation.id, { memberIds: [fixtures.person] }, delegation.version, 'id version members { id }');
    expect(members.data?.updated).toEqual({ id: delegation.id, version: delegation.version + 1, members: [{ id: fixtures.person }] });

    const exchange = await create(hub, 'Exchange', { names: { en: 'Choirs' }, field: 'CULTURE', participants: [{ organisationId: fixtures.school }] }, 'id version');
    const parts = await updateRequest(hub, 'Exchange', exchange.id, { participants: [{ organisationId: other.id, role: 'host' }] }, exchange.version, 'id version participants { role organisation { id } }');
    expect(parts.data?.updated).toEqual({ id: exchange.id, version: exchange.version + 1, participants: [{ role: 'host', organisation: { id: other.id } }] });
    const { rows } = await hub.db.query(`select organisation_id from exchange_participant where exchange_id = $1`, [exchange.id]);
    expect(rows).toEqual([{ organisation_id: other.id }]);
  });
});

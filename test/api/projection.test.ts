import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';

/**
 * Records are read with only the columns the operation asks of their type (server/src/graph/projection.ts). These
 * tests ask the demo data narrowly, in mixed ways, and compare every answer with the same records asked for
 * whole: a column left out that a field needs shows as a wrong or missing value.
 */
describe('records read with only the columns an operation asks', () => {
  let hub: Hub;
  /** Delegations made here, with every relation filled (the demo data's delegations have few). */
  let made: string[];
  let partnership: string;
  /** A person who works for the school (a Relationship with a role and dates) and leads a delegation (a typed tie). */
  let teacher: string;
  let worksFor: string;
  beforeAll(async () => {
    hub = await startHub({ template: 'demo' });
    const create = async (type: string, input: Record<string, unknown>) =>
      ((await hub.query<any>(`mutation($input: ${type}Input!) { create${type}(input: $input) { id } }`, { input }))[`create${type}`] as { id: string }).id;
    const city = await create('City', { names: { zh: '投影市', en: 'Projection City' }, countryCode: 'DE' });
    const home = await create('City', { names: { en: 'Projection Home' }, countryCode: 'CN', isHomeCity: true });
    const school = await create('Organisation', { names: { zh: '投影学校', en: 'Projection School' }, kind: 'SCHOOL', cityId: city });
    const host = await create('Organisation', { names: { en: 'Projection Host' }, kind: 'GOVERNMENT' });
    const people = [];
    for (let n = 0; n < 4; n += 1) people.push(await create('Person', { names: { zh: `投影人${n}`, en: `Projection person ${n}` }, category: n % 2 ? 'OTHER' : 'OFFICIAL', title: `Title ${n}` }));
    made = [];
    for (let n = 0; n < 3; n += 1) {
      made.push(
        await create('Delegation', {
          names: { zh: `投影团组${n}`, en: `Projection delegation ${n}` },
          direction: 'INBOUND',
          channel: 'ACADEMIC',
          purpose: ['CONFERENCE', 'CULTURE', 'EDUCATION'][n],
          notes: `Notes ${n}`,
          headcount: 5 + n,
          startDate: `2025-0${n + 1}-10`,
          endDate: `2025-0${n + 1}-14`,
          sendingOrganisationId: school,
          hostOrganisationId: host,
          destinationCityId: home,
          leaderId: people[n],
          memberIds: people.slice(n),
        }),
      );
    }
    teacher = people[0];
    worksFor = await create('Relationship', { fromId: teacher, toId: school, kind: 'WORKS_FOR', role: 'Projection teacher', startDate: '2020-09-01', endDate: '2024-07-15' });
    partnership = await create('Partnership', {
      names: { en: 'Projection partnership' },
      homeCityId: home,
      partnerCityId: city,
      level: 'SISTER_CITY',
      statusHistory: [
        { status: 'CONTACT_OPENED', date: '2015-03-01', level: 'PROSPECT' },
        { status: 'AGREEMENT_SIGNED', date: '2019-06-01', level: 'SISTER_CITY' },
      ],
    });
  });
  afterAll(async () => hub?.stop());

  const WHOLE_DELEGATION = `id names { zh en local localLang pinyin } aliases direction channel purpose headcount startDate endDate visibility version notes
    generated createdAt updatedAt sendingOrganisation { id names { zh en } kind } hostOrganisation { id names { en } } destinationCity { id names { zh } }
    leader { id names { zh en } } members { id names { zh en } category }`;

  const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((item) => [item.id, item]));

  it('answers a narrow list, and two lists of one type asking different fields, as the whole records read', async () => {
    const whole = await hub.query<any>(`{ delegations(perPage: 100, sort: [{ field: startDate, order: DESC }]) { total items { ${WHOLE_DELEGATION} } } }`);
    const records = byId<any>(whole.delegations.items);
    expect(made.every((id) => records.has(id))).toBe(true);

    const mixed = await hub.query<any>(`{
      narrow: delegations(perPage: 100, sort: [{ field: startDate, order: DESC }]) { total items { id names { en } } }
      other: delegations(perPage: 100, sort: [{ field: startDate, order: DESC }]) { items { id purpose headcount sendingOrganisation { kind } members { category } } }
    }`);
    expect(mixed.narrow.total).toBe(whole.delegations.total);
    expect(mixed.narrow.items.map((item: any) => item.id)).toEqual(whole.delegations.items.map((item: any) => item.id));
    for (const item of mixed.narrow.items) expect(item.names).toEqual({ en: records.get(item.id).names.en });
    for (const item of mixed.other.items) {
      const record = records.get(item.id);
      expect(item.purpose).toBe(record.purpose);
      expect(item.headcount).toBe(record.headcount);
      expect(item.sendingOrganisation).toEqual(record.sendingOrganisation ? { kind: record.sendingOrganisation.kind } : null);
      expect(item.members).toEqual(record.members.map((member: any) => ({ category: member.category })));
    }
    // The records a value could hide in are there: some have a purpose, a sending organisation and members.
    expect(mixed.other.items.some((item: any) => item.purpose)).toBe(true);
    expect(mixed.other.items.some((item: any) => item.sendingOrganisation)).toBe(true);
    expect(mixed.other.items.some((item: any) => item.members.length > 0)).toBe(true);
  });

  it('answers a record by id and its relations asked narrowly as asked whole', async () => {
    const record = (await hub.query<any>(`query($id: ID!) { delegation(id: $id) { ${WHOLE_DELEGATION} } }`, { id: made[0] })).delegation;
    expect(record.leader).not.toBeNull();
    expect(record.members).toHaveLength(4);
    const narrow = await hub.query<any>(
      `query($id: ID!) { delegation(id: $id) { endDate leader { names { en } } sendingOrganisation { id } members { names { zh } } } }`,
      { id: record.id },
    );
    expect(narrow.delegation).toEqual({
      endDate: record.endDate,
      leader: { names: { en: record.leader.names.en } },
      sendingOrganisation: { id: record.sendingOrganisation.id },
      members: record.members.map((member: any) => ({ names: { zh: member.names.zh } })),
    });
  });

  it('answers fields asked through an interface and through fragments on each type', async () => {
    const people = await hub.query<any>(`{ people(perPage: 200) { items { id names { zh en local } category title nationality { id } } } }`);
    const person = people.people.items.find((item: any) => item.nationality && item.title);
    expect(person, 'a demo person with a nationality and a title').toBeDefined();
    const answer = await hub.query<any>(
      `query($id: ID!) {
        neighbourhood(id: $id, depth: 1) {
          nodes { __typename id names { en } ...PersonParts ... on Country { code } }
        }
      }
      fragment PersonParts on Person { category title names { local } }`,
      { id: person.id },
    );
    const nodes = answer.neighbourhood.nodes;
    const centre = nodes.find((node: any) => node.id === person.id);
    expect(centre).toEqual({ __typename: 'Person', id: person.id, names: { en: person.names.en, local: person.names.local }, category: person.category, title: person.title });
    const country = nodes.find((node: any) => node.id === person.nationality.id);
    const whole = await hub.query<any>(`query($id: ID!) { country(id: $id) { id code names { en } } }`, { id: person.nationality.id });
    expect(country).toEqual({ __typename: 'Country', ...whole.country });
  });

  it('answers a neighbourhood asking only names, read from the node table, as the records themselves', async () => {
    const cities = await hub.query<any>(`{ cities(perPage: 5, filter: { isHomeCity: true }) { items { id } } }`);
    const centre = cities.cities.items[0].id;
    const narrow = await hub.query<any>(`query($id: ID!) { neighbourhood(id: $id, depth: 1) { nodes { __typename id names { zh en } } } }`, { id: centre });
    const wide = await hub.query<any>(
      `query($id: ID!) { neighbourhood(id: $id, depth: 1) { nodes { __typename id names { zh en } visibility createdAt ... on City { isHomeCity } ... on Organisation { kind } } } }`,
      { id: centre },
    );
    expect(narrow.neighbourhood.nodes.length).toBeGreaterThan(3);
    expect(narrow.neighbourhood.nodes).toEqual(wide.neighbourhood.nodes.map((node: any) => ({ __typename: node.__typename, id: node.id, names: node.names })));
  });

  it("answers a neighbourhood's ties asked narrowly, and through a fragment, as the ties asked whole", async () => {
    const around = (edges: string, fragments = '') =>
      hub.query<any>(`query($id: ID!) { neighbourhood(id: $id, depth: 2) { edges { ${edges} } } }${fragments}`, { id: teacher }).then((answer) => answer.neighbourhood.edges);
    const whole = await around('kind field direction role startDate endDate relationship { id } from { id } to { id } other { id }');
    const pick = (keys: string[]) => whole.map((edge: any) => Object.fromEntries(keys.map((key) => [key, edge[key]])));
    // The ties a value could hide in are there: the relationship with its role and dates, and a typed field.
    expect(whole).toContainEqual(
      expect.objectContaining({ kind: 'WORKS_FOR', role: 'Projection teacher', startDate: '2020-09-01', endDate: '2024-07-15', relationship: { id: worksFor }, from: { id: teacher } }),
    );
    expect(whole.some((edge: any) => edge.field === 'Delegation.leader')).toBe(true);

    expect(await around('kind field direction')).toEqual(pick(['kind', 'field', 'direction']));
    expect(await around('other { id } ...Tie', ' fragment Tie on Edge { role startDate relationship { id } }')).toEqual(pick(['other', 'role', 'startDate', 'relationship']));
  });

  it('answers displayName, which reads the names, when the names are not asked', async () => {
    const answer = await hub.query<any>(`{ organisations(perPage: 30) { items { id displayName(lang: en) } } }`);
    const whole = await hub.query<any>(`{ organisations(perPage: 30) { items { id names { zh en local } } } }`);
    const names = byId<any>(whole.organisations.items);
    for (const item of answer.organisations.items) {
      const { zh, en, local } = names.get(item.id).names;
      expect(item.displayName).toBe(en ?? zh ?? local);
    }
  });

  it('answers a partnership as of a date, rebuilt from its whole history, when few fields are asked', async () => {
    const on = '2016-01-01';
    const asOf = await hub.query<any>(`query($id: ID!, $on: LocalDate!) { partnership(id: $id, asOf: $on) { status level } }`, { id: partnership, on });
    expect(asOf.partnership).toEqual({ status: 'CONTACT_OPENED', level: 'PROSPECT' });
    const now = await hub.query<any>(`query($id: ID!) { partnership(id: $id) { status level } }`, { id: partnership });
    expect(now.partnership).toEqual({ status: 'AGREEMENT_SIGNED', level: 'SISTER_CITY' });
    const listed = await hub.query<any>(`query($on: LocalDate!) { partnerships(asOf: $on, perPage: 200) { items { id status } } }`, { on });
    expect(listed.partnerships.items).toContainEqual({ id: partnership, status: 'CONTACT_OPENED' });
  });
});

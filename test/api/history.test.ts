import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { create, expectError } from './records.js';

const PARTNERSHIPS = `query Partnerships($asOf: LocalDate, $filter: PartnershipFilter, $perPage: Int) {
  partnerships(asOf: $asOf, filter: $filter, perPage: $perPage, sort: [{ field: names_en }]) {
    total
    items { id names { en } level status signedOn statusHistory { status date level } }
  }
}`;

const RELATIONSHIPS = `query Relationships($asOf: LocalDate, $filter: RelationshipFilter) {
  relationships(asOf: $asOf, filter: $filter) { total items { id kind startDate endDate } }
}`;

interface PartnershipRow {
  id: string;
  names: { en: string };
  level: string;
  status: string | null;
  signedOn: string | null;
  statusHistory: Array<{ status: string; date: string; level: string | null }>;
}

describe('history: the network as it stood on a date (asOf)', () => {
  let hub: Hub;
  const p: Record<string, string> = {};
  const r: Record<string, string> = {};

  const partnerships = async (asOf?: string, filter?: Record<string, unknown>, perPage?: number) =>
    (await hub.query<{ partnerships: { total: number; items: PartnershipRow[] } }>(PARTNERSHIPS, { asOf, filter, perPage })).partnerships;
  const relationships = async (asOf?: string, filter?: Record<string, unknown>) =>
    (await hub.query<{ relationships: { total: number; items: Array<{ id: string }> } }>(RELATIONSHIPS, { asOf, filter })).relationships;
  const names = (page: { items: PartnershipRow[] }) => page.items.map((item) => item.names.en);

  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
    const home = (await create(hub, 'City', { names: { zh: '南昌', en: 'Nanchang' }, countryCode: 'CN', isHomeCity: true })).id;
    const city = async (en: string, countryCode: string) => (await create(hub, 'City', { names: { en }, countryCode })).id;
    const partnership = async (key: string, en: string, level: string, statusHistory: Array<Record<string, unknown>>) => {
      p[key] = (await create(hub, 'Partnership', { names: { en }, homeCityId: home, partnerCityId: await city(key, 'DE'), level, statusHistory })).id;
    };
    // a prospect in 2011 that signed in 2013
    await partnership('a', 'A prospect, signed 2013', 'SISTER_CITY', [
      { status: 'AGREEMENT_SIGNED', date: '2013-05-01', level: 'SISTER_CITY' },
      { status: 'CONTACT_OPENED', date: '2011-03-01', level: 'PROSPECT' },
    ]);
    // signed long ago, dormant since mid-2012 (a step that names no level keeps the level)
    await partnership('b', 'B sister city, dormant 2012', 'SISTER_CITY', [
      { status: 'AGREEMENT_SIGNED', date: '1990-09-01', level: 'SISTER_CITY' },
      { status: 'DORMANT', date: '2012-06-01' },
    ]);
    // first contact only in 2014
    await partnership('c', 'C contact 2014', 'PROSPECT', [{ status: 'CONTACT_OPENED', date: '2014-02-01', level: 'PROSPECT' }]);
    // steps that name no level: a prospect until it signed, then the level it has now
    await partnership('d', 'D friendly exchange 2012', 'FRIENDLY_EXCHANGE', [
      { status: 'CONTACT_OPENED', date: '2010-01-01' },
      { status: 'AGREEMENT_SIGNED', date: '2012-01-01' },
    ]);
    // no history at all: never listed as of a date
    await partnership('e', 'E no history', 'PROSPECT', []);

    const person = async (en: string) => (await create(hub, 'Person', { names: { en }, category: 'OTHER' })).id;
    const [x, y] = [await person('X'), await person('Y')];
    const relate = async (key: string, kind: string, dates: Record<string, string>) => {
      r[key] = (await create(hub, 'Relationship', { kind, fromId: x, toId: y, ...dates })).id;
    };
    await relate('ended', 'WORKS_FOR', { startDate: '2010-01-01', endDate: '2011-12-31' });
    await relate('open', 'MEMBER_OF', { startDate: '2012-01-01' });
    await relate('undated', 'LINKED_WITH', {});
    await relate('future', 'LEADS', { startDate: '2013-01-01', endDate: '2014-01-01' });
  });
  afterAll(async () => hub?.stop());

  it('shows each partnership with the level and status of its steps up to the date', async () => {
    const in2012 = await partnerships('2012-01-01');
    expect(in2012.total).toBe(3);
    expect(in2012.items).toEqual([
      {
        id: p.a,
        names: { en: 'A prospect, signed 2013' },
        level: 'PROSPECT',
        status: 'CONTACT_OPENED',
        signedOn: null,
        statusHistory: [{ status: 'CONTACT_OPENED', date: '2011-03-01', level: 'PROSPECT' }],
      },
      {
        id: p.b,
        names: { en: 'B sister city, dormant 2012' },
        level: 'SISTER_CITY',
        status: 'AGREEMENT_SIGNED',
        signedOn: '1990-09-01',
        statusHistory: [{ status: 'AGREEMENT_SIGNED', date: '1990-09-01', level: 'SISTER_CITY' }],
      },
      expect.objectContaining({ id: p.d, level: 'FRIENDLY_EXCHANGE', status: 'AGREEMENT_SIGNED', signedOn: '2012-01-01' }),
    ]);

    const in2011 = await partnerships('2011-06-01');
    expect(in2011.items.map((item) => [item.names.en[0], item.level, item.status])).toEqual([
      ['A', 'PROSPECT', 'CONTACT_OPENED'],
      ['B', 'SISTER_CITY', 'AGREEMENT_SIGNED'],
      ['D', 'PROSPECT', 'CONTACT_OPENED'],
    ]);

    const in2013 = await partnerships('2013-12-31');
    expect(in2013.items.map((item) => [item.names.en[0], item.level, item.status, item.signedOn])).toEqual([
      ['A', 'SISTER_CITY', 'AGREEMENT_SIGNED', '2013-05-01'],
      ['B', 'SISTER_CITY', 'DORMANT', '1990-09-01'],
      ['D', 'FRIENDLY_EXCHANGE', 'AGREEMENT_SIGNED', '2012-01-01'],
    ]);

    // the step dated on the day counts; nothing is listed before the first step of all
    expect(names(await partnerships('2013-05-01'))[0]).toBe('A prospect, signed 2013');
    expect((await partnerships('2013-05-01')).items[0].level).toBe('SISTER_CITY');
    expect(await partnerships('1980-01-01')).toEqual({ total: 0, items: [] });

    // without asOf: today's values, every partnership
    const today = await partnerships();
    expect(today.total).toBe(5);
    expect(today.items.find((item) => item.id === p.a)?.level).toBe('SISTER_CITY');
  });

  it('filters level, status and signedOn by their values on the date, and pages the total', async () => {
    expect(names(await partnerships('2012-01-01', { level: ['PROSPECT'] }))).toEqual(['A prospect, signed 2013']);
    expect(names(await partnerships(undefined, { level: ['PROSPECT'] }))).toEqual(['C contact 2014', 'E no history']);
    expect(names(await partnerships('2011-06-01', { level: ['PROSPECT'] }))).toEqual(['A prospect, signed 2013', 'D friendly exchange 2012']);
    expect(names(await partnerships('2013-01-01', { status: ['DORMANT'] }))).toEqual(['B sister city, dormant 2012']);
    expect(names(await partnerships('2012-01-01', { status: ['DORMANT'] }))).toEqual([]);
    expect(names(await partnerships('2014-01-01', { signedOnFrom: '2013-01-01' }))).toEqual(['A prospect, signed 2013']);
    expect(names(await partnerships('2013-01-01', { signedOnFrom: '2012-01-01' }))).toEqual(['D friendly exchange 2012']);
    // filters that do not change over time still apply as usual
    expect(names(await partnerships('2012-01-01', { ids: [p.b, p.c] }))).toEqual(['B sister city, dormant 2012']);

    const page = await partnerships('2012-01-01', undefined, 1);
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(1);
  });

  it('answers one partnership as of a date, null before its first step, leaving the present record alone', async () => {
    const data = await hub.query(
      `query ($a: ID!, $c: ID!) {
        then: partnership(id: $a, asOf: "2012-01-01") { level status signedOn homeCity { names { en } } }
        now: partnership(id: $a) { level status signedOn }
        notYet: partnership(id: $c, asOf: "2012-01-01") { id }
        list: partnerships(asOf: "2012-01-01", filter: { ids: [$a] }) { items { level } }
        again: partnership(id: $a) { level }
      }`,
      { a: p.a, c: p.c },
    );
    expect(data).toEqual({
      then: { level: 'PROSPECT', status: 'CONTACT_OPENED', signedOn: null, homeCity: { names: { en: 'Nanchang' } } },
      now: { level: 'SISTER_CITY', status: 'AGREEMENT_SIGNED', signedOn: '2013-05-01' },
      notYet: null,
      list: { items: [{ level: 'PROSPECT' }] },
      again: { level: 'SISTER_CITY' },
    });
  });

  it('costs the same SQL statements as the list without asOf', async () => {
    const query = `query ($asOf: LocalDate) { partnerships(asOf: $asOf) { total items { level homeCity { names { en } } } } }`;
    const now = await hub.request(query, {});
    const then = await hub.request(query, { asOf: '2012-01-01' });
    expect(then.errors).toBeUndefined();
    expect(then.extensions?.sqlStatements).toBe(now.extensions?.sqlStatements);
  });

  it('lists the relationships in force on the date: started on or before it, not ended before it', async () => {
    expect((await relationships()).total).toBe(4);
    expect((await relationships('2011-06-01')).items.map((item) => item.id)).toEqual([r.ended]);
    expect((await relationships('2011-12-31')).items.map((item) => item.id)).toEqual([r.ended]);
    expect((await relationships('2012-01-01')).items.map((item) => item.id)).toEqual([r.open]);
    expect((await relationships('2013-06-01')).items.map((item) => item.id).sort()).toEqual([r.open, r.future].sort());
    expect((await relationships('2013-06-01', { kind: ['LEADS'] })).items.map((item) => item.id)).toEqual([r.future]);
    expect((await relationships('2009-01-01')).total).toBe(0);

    const one = await hub.query(`query ($id: ID!) { before: relationship(id: $id, asOf: "2009-01-01") { id } during: relationship(id: $id, asOf: "2010-01-01") { id } }`, {
      id: r.ended,
    });
    expect(one).toEqual({ before: null, during: { id: r.ended } });
  });

  it('takes asOf only where the history is known, and only a real date', async () => {
    const { __schema } = await hub.query(`{ __schema { queryType { fields { name args { name type { name } } } } } }`);
    const argsOf = (name: string) => (__schema.queryType.fields as Array<{ name: string; args: Array<{ name: string; type: { name: string } }> }>).find((field) => field.name === name)!.args;
    for (const name of ['partnership', 'partnerships', 'relationship', 'relationships']) {
      expect(argsOf(name).find((arg) => arg.name === 'asOf')?.type.name, name).toBe('LocalDate');
    }
    for (const name of ['city', 'cities', 'delegations', 'exchanges']) expect(argsOf(name).map((arg) => arg.name), name).not.toContain('asOf');

    expectError(await hub.request(PARTNERSHIPS, { asOf: '2012-02-30' }), 'BAD_USER_INPUT');
    expectError(await hub.request(`{ partnerships(asOf: "2012") { total } }`), 'BAD_USER_INPUT');
    expectError(await hub.request(`{ cities(asOf: "2012-01-01") { total } }`), 'BAD_USER_INPUT');
  });
});

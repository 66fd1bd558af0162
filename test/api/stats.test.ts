import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { badFields, create, expectError } from './records.js';

const IN_2011 = 'startDateFrom: "2011-01-01", startDateTo: "2011-12-31"';

const total = (groups: Array<Record<string, number>>, field: string) => groups.reduce((sum, group) => sum + group[field], 0);

describe('stats: grouped counts and sums on the demo data', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ template: 'demo' });
  });
  afterAll(async () => hub?.stop());

  it('groups 2011’s inbound delegations by channel with person-times, as the report counts them, in one statement', async () => {
    const answer = await hub.request<any>(`{ stats { delegations(filter: { direction: [INBOUND], ${IN_2011} }, groupBy: [CHANNEL]) { channel count personTimes year country { code } } } }`);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.stats.delegations).toEqual([
      { channel: 'GOVERNMENT_AND_PARTY', count: 28, personTimes: 368, year: null, country: null },
      { channel: 'SISTER_CITY', count: 21, personTimes: 169, year: null, country: null },
      { channel: 'OVERSEAS_CHINESE', count: 13, personTimes: 193, year: null, country: null },
    ]);
    expect(answer.extensions?.sqlStatements).toBe(1);
  });

  it('gives the totals without groupBy, and several dimensions at once, sorted by their keys', async () => {
    const data = await hub.query(`{ stats {
      all: delegations(filter: { direction: [OUTBOUND], ${IN_2011} }) { count personTimes }
      byMonth: delegations(filter: { direction: [OUTBOUND], ${IN_2011} }, groupBy: [YEAR, MONTH, STATUS]) { year month status count personTimes } } }`);
    expect(data.stats.all).toEqual([{ count: 162, personTimes: 472 }]);
    const byMonth = data.stats.byMonth;
    expect(total(byMonth, 'count')).toBe(162);
    expect(total(byMonth, 'personTimes')).toBe(472);
    for (const group of byMonth) expect(group.year).toBe(2011);
    const months = byMonth.map((group: any) => group.month);
    expect(months).toEqual([...months].sort((a, b) => a - b));
    const approved = byMonth.filter((group: any) => group.status === 'APPROVED');
    expect([total(approved, 'count'), total(approved, 'personTimes')]).toEqual([156, 465]);
  });

  it('takes a delegation’s country from its foreign end and resolves countries and cities as records', async () => {
    const data = await hub.query(`{ stats {
      inbound: delegations(filter: { direction: [INBOUND], channel: [SISTER_CITY], ${IN_2011} }, groupBy: [CITY, COUNTRY, CONTINENT, SUBREGION]) {
        city { names { en } } country { code names { en } } continent subregion count personTimes }
      outbound: delegations(filter: { direction: [OUTBOUND], greenChannel: true }, groupBy: [COUNTRY, ORGANISATION_KIND]) { country { code } organisationKind count } } }`);
    const inbound = data.stats.inbound;
    expect([total(inbound, 'count'), total(inbound, 'personTimes')]).toEqual([21, 169]);
    const takamatsu = inbound.find((group: any) => group.city?.names.en === 'Takamatsu');
    expect(takamatsu).toMatchObject({ country: { code: 'JP', names: { en: 'Japan' } }, continent: 'ASIA', subregion: 'Eastern Asia' });
    expect(takamatsu.personTimes).toBeGreaterThanOrEqual(25);
    expect(inbound.find((group: any) => group.city?.names.en === 'Peine district')).toMatchObject({ country: { code: 'DE' }, continent: 'EUROPE', subregion: 'Western Europe' });
    // Outbound trips count where they went (not Nanchang, where they start).
    expect(data.stats.outbound).toEqual([
      { country: { code: 'AT' }, organisationKind: 'GOVERNMENT', count: 1 },
      { country: { code: 'DE' }, organisationKind: 'GOVERNMENT', count: 1 },
      { country: { code: 'HK' }, organisationKind: 'GOVERNMENT', count: 1 },
    ]);
  });

  it('counts partnerships by the partner city’s country, with their different countries', async () => {
    const data = await hub.query(`{ stats {
      sister: partnerships(filter: { level: [SISTER_CITY] }) { count countries }
      byLevel: partnerships(groupBy: [LEVEL, CONTINENT]) { level continent count }
      signed: partnerships(filter: { level: [SISTER_CITY] }, groupBy: [YEAR], where: { year: [1997, 2010] }) { year count } } }`);
    expect(data.stats.sister).toEqual([{ count: 12, countries: 11 }]);
    expect(data.stats.byLevel.filter((group: any) => group.level === 'SISTER_CITY')).toEqual([
      { level: 'SISTER_CITY', continent: 'AFRICA', count: 1 },
      { level: 'SISTER_CITY', continent: 'ASIA', count: 2 },
      { level: 'SISTER_CITY', continent: 'EUROPE', count: 5 },
      { level: 'SISTER_CITY', continent: 'NORTH_AMERICA', count: 2 },
      { level: 'SISTER_CITY', continent: 'SOUTH_AMERICA', count: 2 },
    ]);
    expect(data.stats.signed).toEqual([
      { year: 1997, count: 2 },
      { year: 2010, count: 2 },
    ]);
  });

  it('filters by dimension values and by a step of the partnership history', async () => {
    const data = await hub.query(`{ stats {
      easternEurope: partnerships(where: { subregion: ["Eastern Europe"] }, groupBy: [CITY]) { city { names { en } } count }
      oceania: partnerships(where: { continent: [OCEANIA] }) { count }
      finland: partnerships(where: { countryCode: ["FI"] }) { count }
      opened2011: partnerships(statusHistory: { status: [CONTACT_OPENED], dateFrom: "2011-01-01", dateTo: "2011-12-31" }, groupBy: [LEVEL]) { level count }
      schools: delegations(where: { organisationKind: [SCHOOL] }) { count personTimes }
      unknownCity: delegations(where: { cityId: ["not-an-id"] }) { count } } }`);
    expect(data.stats.easternEurope).toEqual([{ city: { names: { en: 'Miskolc' } }, count: 1 }]);
    expect(data.stats.oceania).toEqual([{ count: 0 }]);
    expect(data.stats.finland).toEqual([{ count: 2 }]);
    expect(data.stats.opened2011).toEqual([
      { level: 'FRIENDLY_EXCHANGE', count: 3 },
      { level: 'PROSPECT', count: 2 },
    ]);
    // Delegations sent by schools: Nanchang No. 3 Middle School's to Peine (12) and Takamatsu's 18th (25).
    expect(data.stats.schools).toEqual([{ count: 2, personTimes: 37 }]);
    expect(data.stats.unknownCity).toEqual([{ count: 0 }]);
  });

  it('filters as the lists filter, whatever the filter', async () => {
    const filters = [
      ['delegations', 'DelegationFilter', { q: 'Peine' }],
      ['delegations', 'DelegationFilter', { generated: false, direction: ['OUTBOUND'] }],
      ['delegations', 'DelegationFilter', { headcountFrom: 10, headcountTo: 20 }],
      ['applications', 'ApplicationFilter', { kind: ['APEC_BUSINESS_TRAVEL_CARD'], personCountFrom: 3 }],
      ['partnerships', 'PartnershipFilter', { signedOnTo: '2000-01-01' }],
      ['events', 'EventFilter', { kind: ['CONFERENCE', 'FAIR'] }],
      ['contributions', 'ContributionFilter', { kind: ['DONATION'], status: ['SIGNED'] }],
    ] as const;
    for (const [subject, filterType, filter] of filters) {
      const data = await hub.query(`query($filter: ${filterType}) { list: ${subject}(filter: $filter) { total } stats { ${subject}(filter: $filter) { count } } }`, { filter });
      expect(data.stats[subject], `${subject} ${JSON.stringify(filter)}`).toEqual([{ count: data.list.total }]);
    }
  });

  it('sums contributions per currency, never across currencies', async () => {
    await create(hub, 'Contribution', { names: { en: 'Stats test gift in euros' }, kind: 'DONATION', amount: 1000, currency: 'EUR', beneficiaries: 3, date: '2011-11-11' });
    const data = await hub.query(`{ stats { contributions(filter: { dateFrom: "2011-01-01", dateTo: "2011-12-31" }, groupBy: [KIND]) { kind count amounts { currency amount } beneficiaries quantity } } }`);
    const byKind = Object.fromEntries(data.stats.contributions.map((group: any) => [group.kind, group]));
    expect(byKind.DONATION).toEqual({ kind: 'DONATION', count: 4, amounts: [{ currency: 'CNY', amount: 442000 }, { currency: 'EUR', amount: 1000 }], beneficiaries: 83, quantity: 0 });
    expect(byKind.IN_KIND).toMatchObject({ count: 1, amounts: [], quantity: 8 });
    expect(byKind.SUBSIDY).toMatchObject({ count: 1, beneficiaries: 194 });
    expect(byKind.INVESTMENT.amounts).toEqual([{ currency: 'CNY', amount: 1000000 }]);
  });

  it('sorts groups by what a dimension sorts by (a country by its code), with the amounts of each group', async () => {
    const [byCountry, all] = await Promise.all([
      hub.query(`{ stats { contributions(groupBy: [COUNTRY, KIND]) { country { code } kind count amounts { currency amount } } } }`),
      hub.query(`{ stats { contributions { count amounts { currency amount } } } }`),
    ]);
    const groups = byCountry.stats.contributions as Array<{ country: { code: string } | null; kind: string; count: number; amounts: Array<{ currency: string; amount: number }> }>;
    expect(groups.filter((group) => group.country).length).toBeGreaterThan(1);
    // Countries by their codes, not by their ids; the groups without a country last.
    const codes = groups.map((group) => group.country?.code ?? '\uffff');
    expect(codes).toEqual([...codes].sort());
    expect(groups.reduce((sum, group) => sum + group.count, 0)).toBe(all.stats.contributions[0].count);
    const cny = (amounts: Array<{ currency: string; amount: number }>) => amounts.find((money) => money.currency === 'CNY')?.amount ?? 0;
    expect(groups.reduce((sum, group) => sum + cny(group.amounts), 0)).toBe(cny(all.stats.contributions[0].amounts));
  });

  it('counts applications with their persons and different applicants, and events with their attendance', async () => {
    const data = await hub.query(`{ stats {
      applications(filter: { submittedOnFrom: "2011-01-01", submittedOnTo: "2011-12-31" }, groupBy: [KIND, ORGANISATION_KIND]) { kind organisationKind count persons applicants }
      events(filter: { kind: [CAMPAIGN] }, groupBy: [CITY]) { city { names { zh } } count attendance } } }`);
    expect(data.stats.applications).toEqual([
      { kind: 'FOREIGN_EXPERT_INVITATION', organisationKind: null, count: 155, persons: 278, applicants: 0 },
      { kind: 'APEC_BUSINESS_TRAVEL_CARD', organisationKind: 'COMPANY', count: 5, persons: 14, applicants: 5 },
    ]);
    expect(data.stats.events).toEqual([{ city: { names: { zh: '东湖区' } }, count: 1, attendance: 300 }]);
  });

  it('counts only the records the caller may read', async () => {
    await create(hub, 'Delegation', { names: { en: 'Stats test restricted visit' }, direction: 'INBOUND', channel: 'OTHER', headcount: 7, startDate: '1999-09-09', visibility: 'RESTRICTED' });
    const query = `{ stats { delegations(filter: { startDateFrom: "1999-01-01", startDateTo: "1999-12-31" }) { count personTimes } } }`;
    expect((await (await hub.as('analyst')).query(query)).stats.delegations).toEqual([{ count: 1, personTimes: 7 }]);
    expect((await (await hub.as('viewer')).query(query)).stats.delegations).toEqual([{ count: 0, personTimes: 0 }]);
  });

  it('refuses a dimension that makes no sense for the subject, naming it', async () => {
    const level = await hub.request(`{ stats { delegations(groupBy: [CHANNEL, LEVEL]) { count } } }`);
    expect(badFields(level)).toEqual(['groupBy']);
    expect(level.errors![0].message).toMatch(/LEVEL makes no sense for delegations/);
    const kind = await hub.request(`{ stats { partnerships(groupBy: [KIND]) { count } } }`);
    expect(kind.errors![0].message).toMatch(/KIND makes no sense for partnerships/);
    const where = await hub.request(`{ stats { partnerships(where: { organisationKind: [SCHOOL] }) { count } } }`);
    expect(badFields(where)).toEqual(['where.organisationKind']);
    const unknown = await hub.request(`{ stats { events(groupBy: [PLANET]) { count } } }`);
    expect(expectError(unknown, 'BAD_USER_INPUT').message).toMatch(/PLANET/);
  });
});

/** Rows of every subject, added straight into the database: `count` of each, tagged so each call adds new ones. */
async function addRows(hub: Hub, tag: string, count: number, homeCityId: string): Promise<void> {
  const codes = `(array['DE','JP','AU','HU','US'])[1 + g % 5]`;
  await hub.db.query(
    `insert into city (id, name_en, country_id) select gen_random_uuid(), $1::text || ' city ' || g, (select id from country where code = ${codes}) from generate_series(1, $2::int) g`,
    [tag, count],
  );
  await hub.db.query(
    `insert into delegation (id, name_en, direction, channel, headcount, start_date, origin_city_id, destination_country_id, approval_status)
     select gen_random_uuid(), $1::text || ' delegation ' || g,
       (case when g % 2 = 0 then 'INBOUND' else 'OUTBOUND' end)::delegation_direction,
       (array['GOVERNMENT_AND_PARTY','SISTER_CITY','OVERSEAS_CHINESE'])[1 + g % 3]::delegation_channel,
       1 + g % 9, date '2011-01-01' + (g % 365),
       case when g % 2 = 0 then (select id from city where name_en = $1::text || ' city ' || g) end,
       case when g % 2 = 1 then (select id from country where code = ${codes}) end,
       case when g % 2 = 1 then (array['APPROVED','HELD_BACK'])[1 + g % 2]::approval_status end
     from generate_series(1, $2::int) g`,
    [tag, count],
  );
  await hub.db.query(
    `insert into application (id, name_en, kind, person_count, submitted_on)
     select gen_random_uuid(), $1::text || ' application ' || g, (array['FOREIGN_EXPERT_INVITATION','APEC_BUSINESS_TRAVEL_CARD'])[1 + g % 2]::application_kind, 1 + g % 3, date '2011-01-01' + (g % 365)
     from generate_series(1, $2::int) g`,
    [tag, count],
  );
  await hub.db.query(
    `insert into contribution (id, name_en, kind, amount, currency, beneficiaries, date)
     select gen_random_uuid(), $1::text || ' contribution ' || g, (array['DONATION','SUBSIDY'])[1 + g % 2]::contribution_kind, 100 * g, (array['CNY','EUR'])[1 + g % 2], g % 4, date '2011-01-01' + (g % 365)
     from generate_series(1, $2::int) g`,
    [tag, count],
  );
  await hub.db.query(
    `insert into partnership (id, name_en, home_city_id, partner_city_id, level, status, signed_on, status_history)
     select gen_random_uuid(), $1::text || ' partnership ' || g, $3::uuid, c.id, 'SISTER_CITY', 'AGREEMENT_SIGNED', date '2005-01-01',
       '[{"status": "AGREEMENT_SIGNED", "date": "2005-01-01", "level": "SISTER_CITY", "note": null}]'::jsonb
     from generate_series(1, $2::int) g join city c on c.name_en = $1::text || ' city ' || g`,
    [tag, count, homeCityId],
  );
  await hub.db.query(
    `insert into event (id, name_en, kind, start_date, city_id, attendance)
     select gen_random_uuid(), $1::text || ' event ' || g, (array['CONFERENCE','FAIR'])[1 + g % 2]::event_kind, date '2011-01-01' + (g % 365), $3::uuid, 10 * g
     from generate_series(1, $2::int) g`,
    [tag, count, homeCityId],
  );
}

/** Every subject grouped (countries and cities resolved as records), the report with its lists, and a plan. */
const MEASURED = {
  stats: `{ stats {
    delegations(groupBy: [DIRECTION, CHANNEL, MONTH]) { direction channel month count personTimes }
    applications(groupBy: [KIND, MONTH]) { kind month count persons applicants }
    contributions(groupBy: [KIND, YEAR]) { kind year count amounts { currency amount } beneficiaries }
    partnerships(groupBy: [COUNTRY, CONTINENT]) { country { code names { en } } continent count countries }
    events(groupBy: [KIND, CITY]) { kind city { names { en } } count attendance } } }`,
  annualReport: `{ annualReport(year: 2011, compareTo: 2010) {
    lines { key figures { value compareValue change } }
    inboundForeignGuests { named { names { en } } }
    mainDelegations { names { en } }
    newContacts { names { en } }
    donations { names { en } }
    investments { names { en } }
    awards { names { en } } } }`,
  planProgress: `{ planProgress(year: 2012) { total met targets { actual met } } }`,
};
/** Statements each costs: a statement a subject plus one for countries and one for cities; the figures plus one a list; the targets plus one for all actuals. */
const STATEMENTS = { stats: 7, annualReport: 6, planProgress: 2 };

describe('the SQL statements of stats, the annual report and plan progress', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
  });
  afterAll(async () => hub?.stop());

  it('stay the same when the rows grow tenfold', async () => {
    const home = await create(hub, 'City', { names: { en: 'Scale home' }, countryCode: 'CN', isHomeCity: true });
    const addTargets = async (count: number) => {
      for (let index = 0; index < count; index += 1) {
        await create(hub, 'Target', {
          names: { en: `Scale target ${index}` },
          year: 2012,
          targetValue: 5,
          measure: index % 2 === 0 ? { subject: 'partnerships', filter: { continent: ['OCEANIA'] } } : { subject: 'events', filter: { kind: ['FAIR'] }, value: 'attendance' },
        });
      }
    };

    const measure = async () => {
      const answers: Record<string, any> = {};
      for (const [name, query] of Object.entries(MEASURED)) {
        const answer = await hub.request<any>(query);
        expect(answer.errors, name).toBeUndefined();
        answers[name] = answer;
      }
      return answers;
    };

    await addRows(hub, 'small', 20, home.id);
    await addTargets(2);
    const small = await measure();

    await addRows(hub, 'large', 180, home.id);
    await addTargets(18);
    const large = await measure();

    // The rows did grow tenfold, and were all counted.
    expect(total(small.stats.data.stats.delegations, 'count')).toBe(20);
    expect(total(large.stats.data.stats.delegations, 'count')).toBe(200);
    expect(total(large.stats.data.stats.partnerships, 'count')).toBe(200);
    expect(large.stats.data.stats.partnerships[0].country.code).toBe('AU');
    expect(large.annualReport.data.annualReport.lines.find((line: any) => line.key === 'sisterCities').figures[0].value).toBe(200);
    expect(large.planProgress.data.planProgress.total).toBe(20);

    for (const name of Object.keys(MEASURED) as Array<keyof typeof MEASURED>) {
      expect(small[name].extensions?.sqlStatements, name).toBe(STATEMENTS[name]);
      expect(large[name].extensions?.sqlStatements, name).toBe(STATEMENTS[name]);
    }
  });
});

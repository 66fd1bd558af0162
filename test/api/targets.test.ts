import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { badFields, create } from './records.js';

const PLAN = `{ planProgress(year: 2012) { year total met targets { names { en } targetValue unit actual met measureProblem } } }`;

interface Progress {
  year: number;
  total: number;
  met: number;
  targets: Array<{ names: { en: string }; targetValue: number; unit: string; actual: number | null; met: boolean | null; measureProblem: string | null }>;
}

describe('targets: the plan, with actual figures counted from records', () => {
  let hub: Hub;
  let nanchang: string;
  beforeAll(async () => {
    hub = await startHub({ template: 'demo' });
    nanchang = (await hub.query(`{ cities(filter: { q: "南昌", isHomeCity: true }) { items { id names { en } } } }`)).cities.items.find((city: any) => city.names.en === 'Nanchang').id;
  });
  afterAll(async () => hub?.stop());

  const plan = async () => (await hub.query<{ planProgress: Progress }>(PLAN)).planProgress;
  const target = (progress: Progress, en: string) => progress.targets.find((item) => item.names.en === en)!;

  /** A partnership of Nanchang with a new city, its history starting with `steps`. */
  const partner = async (en: string, countryCode: string, level: string, steps: Array<{ status: string; date: string }>) => {
    const city = await create(hub, 'City', { names: { en }, countryCode });
    return create(hub, 'Partnership', { homeCityId: nanchang, partnerCityId: city.id, level, statusHistory: steps.map((step) => ({ ...step, level })) });
  };

  it('follows the 2012 plan: each target’s actual changes as records are added through the API', async () => {
    const before = await plan();
    expect(before).toMatchObject({ year: 2012, total: 9, met: 0 });
    for (const item of before.targets) expect(item, item.names.en).toMatchObject({ actual: 0, met: false, measureProblem: null });
    expect(target(before, 'Sign 1 new sister city in 2012')).toMatchObject({ targetValue: 1, unit: 'cities' });
    expect(target(before, 'Develop 3 new prospect cities in 2012')).toMatchObject({ targetValue: 3 });

    // A prospect in Oceania, contact opened in 2012: the Oceania breakthrough, and one of the three prospects.
    await partner('Ballarat', 'AU', 'PROSPECT', [{ status: 'CONTACT_OPENED', date: '2012-04-10' }]);
    let now = await plan();
    expect(target(now, 'A first partner city in Oceania')).toMatchObject({ actual: 1, met: true });
    expect(target(now, 'Develop 3 new prospect cities in 2012')).toMatchObject({ actual: 1, met: false });
    expect(target(now, 'Sign 1 new sister city in 2012')).toMatchObject({ actual: 0, met: false });
    expect(target(now, 'A first partner city in Eastern Europe')).toMatchObject({ actual: 0, met: false });
    expect(now.met).toBe(1);

    // A friendly-exchange relation in Poland (Eastern Europe), and a sister city signed in 2012.
    await partner('Lublin', 'PL', 'FRIENDLY_EXCHANGE', [{ status: 'CONTACT_OPENED', date: '2012-06-01' }]);
    await partner('Tauranga', 'NZ', 'SISTER_CITY', [
      { status: 'CONTACT_OPENED', date: '2011-03-01' },
      { status: 'AGREEMENT_SIGNED', date: '2012-09-20' },
    ]);
    // A prospect opened in 2011 is not one of 2012's new prospects.
    await partner('Bendigo', 'AU', 'PROSPECT', [{ status: 'CONTACT_OPENED', date: '2011-12-31' }]);
    now = await plan();
    expect(target(now, 'A first partner city in Eastern Europe')).toMatchObject({ actual: 1, met: true });
    expect(target(now, 'Sign 1 new sister city in 2012')).toMatchObject({ actual: 1, met: true });
    expect(target(now, 'A first partner city in Oceania')).toMatchObject({ actual: 3, met: true });
    expect(target(now, 'Develop 3 new prospect cities in 2012')).toMatchObject({ actual: 1, met: false });
    expect(now.met).toBe(3);
  });

  it('gives actual and met on the targets list too, all actuals of a page in one statement', async () => {
    const query = `{ targets(filter: { yearFrom: 2012, yearTo: 2012 }, perPage: 100) { total items { names { en } targetValue actual met } } }`;
    const first = await hub.request<any>(query);
    expect(first.errors).toBeUndefined();
    // the page with its total, and one statement for every actual
    expect(first.extensions?.sqlStatements).toBe(2);
    for (let index = 0; index < 5; index += 1) {
      await create(hub, 'Target', { names: { en: `Extra target ${index}` }, year: 2012, targetValue: 2, measure: { subject: 'events', filter: { kind: ['CAMP'] } } });
    }
    const more = await hub.request<any>(query);
    expect(more.data.targets.items).toHaveLength(first.data.targets.items.length + 5);
    expect(more.extensions?.sqlStatements).toBe(2);
  });

  it('counts any figure of the subject: person-times, an amount in a currency', async () => {
    const visitors = await create(hub, 'Target', {
      names: { en: 'Receive 150 sister-city visitors in 2011' },
      year: 2011,
      targetValue: 150,
      measure: { subject: 'delegations', filter: { direction: ['INBOUND'], channel: ['SISTER_CITY'], startDateFrom: '2011-01-01', startDateTo: '2011-12-31' }, value: 'personTimes' },
    });
    const donations = await create(hub, 'Target', {
      names: { en: 'RMB 500,000 of donations in 2011' },
      year: 2011,
      targetValue: 500000,
      measure: { subject: 'contributions', filter: { kind: ['DONATION'], dateFrom: '2011-01-01', dateTo: '2011-12-31' }, value: 'amount', currency: 'CNY' },
    });
    const oldContacts = await create(hub, 'Target', {
      names: { en: 'Friendly-exchange relations opened in 2011' },
      year: 2011,
      targetValue: 3,
      measure: { subject: 'partnerships', filter: { statusHistory: { status: 'CONTACT_OPENED', level: 'FRIENDLY_EXCHANGE', dateFrom: '2011-01-01', dateTo: '2011-12-31' } } },
    });
    const data = await hub.query(`query($ids: [ID!]) { targets(filter: { ids: $ids }) { items { id actual met } } }`, { ids: [visitors.id, donations.id, oldContacts.id] });
    const byId = Object.fromEntries(data.targets.items.map((item: any) => [item.id, item]));
    expect(byId[visitors.id]).toMatchObject({ actual: 169, met: true });
    expect(byId[donations.id]).toMatchObject({ actual: 442000, met: false });
    expect(byId[oldContacts.id]).toMatchObject({ actual: 3, met: true });
  });

  it('refuses a measure that cannot be counted, naming what is wrong', async () => {
    const refused = await hub.request(`mutation($input: TargetInput!) { createTarget(input: $input) { id } }`, {
      input: { names: { en: 'Bad measure' }, year: 2012, targetValue: 1, measure: { subject: 'partnerships', filter: { level: ['PROSPEKT'], planet: ['Mars'] } } },
    });
    expect(badFields(refused)).toEqual(['measure', 'measure']);
    expect(refused.errors![0].message).toMatch(/filter\.level: PROSPEKT is not a level/);
    expect(refused.errors![0].message).toMatch(/filter\.planet: partnerships do not filter by planet/);
    const subject = await hub.request(`mutation($input: TargetInput!) { createTarget(input: $input) { id } }`, {
      input: { names: { en: 'Bad subject' }, year: 2012, targetValue: 1, measure: { subject: 'planets' } },
    });
    expect(badFields(subject)).toEqual(['measure']);
    const dimension = await hub.request(`mutation($input: TargetInput!) { createTarget(input: $input) { id } }`, {
      input: { names: { en: 'Bad dimension' }, year: 2012, targetValue: 1, measure: { subject: 'partnerships', filter: { organisationKind: ['SCHOOL'] } } },
    });
    expect(dimension.errors![0].message).toMatch(/partnerships have no ORGANISATION_KIND/);
  });

  it('shows a stored measure it cannot count as a problem, not as an error of the whole plan', async () => {
    const stored = await create(hub, 'Target', { names: { en: 'Measure broken later' }, year: 2013, targetValue: 1, measure: { subject: 'events' } });
    await hub.db.query(`update target set measure = '{"subject": "events", "filter": {"kind": ["PARTY"]}}' where id = $1`, [stored.id]);
    await create(hub, 'Target', { names: { en: 'No measure' }, year: 2013, targetValue: 1 });
    const data = await hub.query(`{ planProgress(year: 2013) { total met targets { names { en } actual met measureProblem } } }`);
    expect(data.planProgress).toMatchObject({ total: 2, met: 0 });
    expect(data.planProgress.targets.find((item: any) => item.names.en === 'Measure broken later')).toEqual({
      names: { en: 'Measure broken later' },
      actual: null,
      met: null,
      measureProblem: expect.stringMatching(/filter\.kind: PARTY is not a kind/),
    });
    expect(data.planProgress.targets.find((item: any) => item.names.en === 'No measure')).toMatchObject({ actual: null, met: null, measureProblem: expect.stringMatching(/no measure/) });
  });

  it('refuses a plan year out of range', async () => {
    expect(badFields(await hub.request(`{ planProgress(year: 1900) { total } }`))).toEqual(['year']);
    expect(badFields(await hub.request(`{ planProgress(year: 3000) { total } }`))).toEqual(['year']);
  });
});

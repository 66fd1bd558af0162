import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { repositoryRoot } from '../support/paths.js';

interface Recipe {
  question: string;
  query: string;
}

/** The README's "Analyst cookbook": each `### question` and the first ```graphql block under it. */
function readCookbook(): Recipe[] {
  const readme = readFileSync(path.join(repositoryRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Analyst cookbook\n');
  expect(start, 'README.md has an "Analyst cookbook" section').toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return section
    .split('\n### ')
    .slice(1)
    .map((part) => {
      const question = part.slice(0, part.indexOf('\n')).trim();
      const query = /```graphql\n([\s\S]*?)```/.exec(part)?.[1];
      expect(query, `a graphql block under "${question}"`).toBeTruthy();
      return { question, query: query! };
    });
}

const sum = (items: any[], field: string) => items.reduce((total, item) => total + item[field], 0);

/** What each answer must say on the demo data, by question. */
const CHECKS: Record<string, (data: any) => void> = {
  'Our sister cities by continent, with the year each was signed': (data) => {
    expect(Object.fromEntries(data.byContinent.partnerships.map((group: any) => [group.continent, group.count]))).toEqual({
      AFRICA: 1,
      ASIA: 2,
      EUROPE: 5,
      NORTH_AMERICA: 2,
      SOUTH_AMERICA: 2,
    });
    expect(data.sisterCities.total).toBe(12);
    expect(data.sisterCities.items[0]).toMatchObject({ signedOn: '1984-03-01', partnerCity: { names: { en: 'Skopje' } } });
    expect(data.sisterCities.items.map((item: any) => item.signedOn.slice(0, 4))).toEqual(['1984', '1988', '1990', '1997', '1997', '2006', '2007', '2007', '2008', '2009', '2010', '2010']);
  },
  '2011 inbound delegations by channel, with person-times': (data) => {
    expect(data.stats.delegations).toEqual([
      { channel: 'GOVERNMENT_AND_PARTY', count: 28, personTimes: 368 },
      { channel: 'SISTER_CITY', count: 21, personTimes: 169 },
      { channel: 'OVERSEAS_CHINESE', count: 13, personTimes: 193 },
    ]);
  },
  'The 2011 report against 2010': (data) => {
    const report = data.annualReport;
    const values = report.lines.flatMap((line: any) => line.figures.map((figure: any) => figure.value));
    expect(values).toEqual([28, 368, 21, 169, 13, 193, 155, 278, 5, 14, 156, 465, 6, 7, 12, 11, 194]);
    const sisterCities = report.lines.find((line: any) => line.key === 'sisterCities');
    expect(sisterCities.figures[0]).toMatchObject({ value: 12, compareValue: 12, change: 0 });
    expect(report.lines[0].figures[0]).toMatchObject({ compareValue: 0, change: 28 });
    expect(report.inboundForeignGuests.named).toHaveLength(2);
    expect(report.newContacts).toHaveLength(5);
    expect(report.awards).toHaveLength(5);
  },
  'How is the Peine district linked to Nanchang University Arts College?': (data) => {
    expect(data.paths.length).toBe(2);
    for (const found of data.paths.paths) {
      expect(found.nodes.map((node: any) => node.displayName)).toEqual(['Peine district', 'Peine district music school', 'Nanchang University Arts College']);
      expect(found.edges[1]).toMatchObject({ kind: 'LINKED_WITH' });
    }
  },
  'Every donation to Anyi County, with totals': (data) => {
    expect(data.totals.contributions).toEqual([
      { kind: 'DONATION', count: 1, amounts: [{ currency: 'CNY', amount: 90000 }], quantity: 0 },
      { kind: 'IN_KIND', count: 1, amounts: [], quantity: 8 },
    ]);
    const received = data.anyi.relationships.flatMap((tie: any) => (tie.other.relationships ?? []).map((inner: any) => inner.other)).filter((other: any) => other.kind);
    expect(received.map((gift: any) => gift.donor.displayName).sort()).toEqual(['Hong Kong Lok Sin Hang Foundation', 'Takamatsu Rotary Club']);
  },
  'Prospects in Oceania or Eastern Europe': (data) => {
    expect(data.stats.oceania).toEqual([]);
    expect(data.stats.easternEurope).toEqual([{ city: { names: { zh: '米什科尔茨', en: 'Miskolc' }, country: { code: 'HU' } }, count: 1 }]);
  },
  'Overseas Chinese investors and their investments': (data) => {
    const invested = Object.fromEntries(
      data.people.items.filter((person: any) => person.relationships.length > 0).map((person: any) => [person.names.en, person.relationships.map((tie: any) => tie.other.displayName)]),
    );
    expect(invested).toEqual({ 'Pu Jian': ['Sanghai Development Zone'], 'Luo Tailai': ['Nanchang'], 'Zhou Dongyong': ['Nanchang'] });
    expect(data.investments.items).toEqual([
      expect.objectContaining({ amount: 1000000, currency: 'CNY', donor: { displayName: 'Pu Jian' }, recipient: { displayName: 'Sanghai Development Zone' } }),
    ]);
  },
  'Outbound trips approved in 2011, by destination continent': (data) => {
    const groups = data.stats.delegations;
    expect([sum(groups, 'count'), sum(groups, 'personTimes')]).toEqual([156, 465]);
    const byContinent = Object.fromEntries(groups.map((group: any) => [group.continent, group.count]));
    expect(byContinent).toMatchObject({ EUROPE: 64, ASIA: 48 });
  },
  'Which trips went through the green channel': (data) => {
    expect(data.delegations.items.map((item: any) => item.destinationCountry.code).sort()).toEqual(['AT', 'DE', 'HK']);
  },
  'Foreign-expert invitations and APEC cards of 2011, month by month': (data) => {
    const of = (kind: string) => data.stats.applications.filter((group: any) => group.kind === kind);
    expect([sum(of('FOREIGN_EXPERT_INVITATION'), 'count'), sum(of('FOREIGN_EXPERT_INVITATION'), 'persons')]).toEqual([155, 278]);
    expect([sum(of('APEC_BUSINESS_TRAVEL_CARD'), 'count'), sum(of('APEC_BUSINESS_TRAVEL_CARD'), 'persons'), sum(of('APEC_BUSINESS_TRAVEL_CARD'), 'applicants')]).toEqual([5, 14, 5]);
    for (const group of data.stats.applications) expect(group.month).toBeGreaterThanOrEqual(1);
  },
  'Money and gifts of 2011 by kind, per currency': (data) => {
    const byKind = Object.fromEntries(data.stats.contributions.map((group: any) => [group.kind, group]));
    expect(byKind.DONATION).toEqual({ kind: 'DONATION', count: 3, amounts: [{ currency: 'CNY', amount: 442000 }], beneficiaries: 80, quantity: 0 });
    expect(byKind.IN_KIND).toMatchObject({ count: 1, quantity: 8 });
    expect(byKind.INVESTMENT.amounts).toEqual([{ currency: 'CNY', amount: 1000000 }]);
    expect(byKind.SUBSIDY).toMatchObject({ count: 1, beneficiaries: 194 });
    expect(byKind.GRANT).toMatchObject({ count: 1, amounts: [] });
  },
  'Which partner cities sent visitors through the sister-city channel in 2011': (data) => {
    const groups = data.stats.delegations;
    expect([sum(groups, 'count'), sum(groups, 'personTimes')]).toEqual([21, 169]);
    expect(groups.map((group: any) => group.city.names.en)).toEqual(expect.arrayContaining(['Takamatsu', 'Peine district', 'Gwangju']));
  },
  'How is the 2012 plan going?': (data) => {
    expect(data.planProgress).toMatchObject({ total: 9, met: 0 });
    const oceania = data.planProgress.targets.find((target: any) => target.names.en === 'A first partner city in Oceania');
    expect(oceania).toMatchObject({ targetValue: 1, actual: 0, met: false });
  },
  'Find anything called 三中': (data) => {
    expect(data.search[0].node.displayName).toBe('Nanchang No. 3 Middle School');
  },
  'The awards of 2011': (data) => {
    expect(data.awards.total).toBe(5);
    expect(data.awards.items.map((award: any) => award.names.en)).toContain('People’s Friendship Contribution Award');
    for (const award of data.awards.items) expect(award.recipient.displayName).toBe('Nanchang Foreign Affairs and Overseas Chinese Affairs Office');
  },
};

describe('the analyst cookbook in the README, on the demo data', () => {
  const recipes = readCookbook();
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ template: 'demo' });
  });
  afterAll(async () => hub?.stop());

  it('answers at least 12 questions, each with a check here', () => {
    expect(recipes.length).toBeGreaterThanOrEqual(12);
    expect(recipes.map((recipe) => recipe.question).sort()).toEqual(Object.keys(CHECKS).sort());
  });

  it.each(recipes.map((recipe) => [recipe.question, recipe] as const))('%s', async (_question, recipe) => {
    // As an analyst would paste it into GraphiQL.
    const analyst = await hub.as('analyst');
    const data = await analyst.query(recipe.query);
    CHECKS[recipe.question](data);
  });
});

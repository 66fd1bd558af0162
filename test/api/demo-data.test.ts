import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../support/databases.js';
import { startHub, type Hub } from '../support/hub.js';
import { hubNode, serverCli } from '../support/paths.js';
import { rowCounts } from './records.js';

const run = promisify(execFile);

/** `node server/dist/cli.js seed-demo` against a database; its log lines, parsed. */
async function seedDemo(databaseUrl: string): Promise<Array<Record<string, any>>> {
  const { stdout } = await run(hubNode, [serverCli, 'seed-demo'], { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' } });
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, any>);
}

const sum = <T extends object>(items: T[], field: keyof T) => items.reduce((total, item) => total + Number(item[field]), 0);

/** The demo data set reproduces the figures of the office's 2011 report from records (FACTS.md). */
describe('the demo data set: the office’s 2011 records', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ template: 'demo' });
  });
  afterAll(async () => hub?.stop());

  const delegations2011 = async (filter: string) => {
    const data = await hub.query(
      `{ delegations(filter: { ${filter}, startDateFrom: "2011-01-01", startDateTo: "2011-12-31" }, perPage: 500) { total items { headcount generated members { id } } } }`,
    );
    expect(data.delegations.items).toHaveLength(data.delegations.total);
    return data.delegations as { total: number; items: Array<{ headcount: number; generated: boolean; members: unknown[] }> };
  };

  describe('the report’s 2011 figures, counted from delegations', () => {
    it.each([
      ['party and foreign guests received', 'direction: [INBOUND], channel: [GOVERNMENT_AND_PARTY]', 28, 368],
      ['visitors through sister-city channels', 'direction: [INBOUND], channel: [SISTER_CITY]', 21, 169],
      ['overseas Chinese and Hong Kong/Macao compatriots', 'direction: [INBOUND], channel: [OVERSEAS_CHINESE]', 13, 193],
      ['outbound trips approved', 'direction: [OUTBOUND], approvalStatus: [APPROVED]', 156, 465],
      ['outbound trips held back on review', 'direction: [OUTBOUND], approvalStatus: [HELD_BACK]', 6, 7],
    ])('%s: %s gives %i delegations, %i person-times', async (_label, filter, total, personTimes) => {
      const page = await delegations2011(filter);
      expect(page.total).toBe(total);
      expect(sum(page.items, 'headcount')).toBe(personTimes);
      for (const delegation of page.items) {
        expect(delegation.headcount).toBeGreaterThanOrEqual(Math.max(1, delegation.members.length));
        if (delegation.generated) expect(delegation.members).toEqual([]);
      }
    });

    it('holds the named delegations with their channels, and the green-channel trips', async () => {
      const data = await hub.query(`{ delegations(filter: { generated: false }, perPage: 500) { items {
        names { zh en } direction channel approvalStatus greenChannel visibility events { names { en } }
        sendingOrganisation { names { zh } } destinationCountry { code } } } }`);
      const byEn = new Map<string, any>(data.delegations.items.map((item: any) => [item.names.en, item]));
      expect(byEn.get('UK Jiangxi trade and investment delegation')).toMatchObject({ direction: 'INBOUND', channel: 'GOVERNMENT_AND_PARTY' });
      expect([...byEn.keys()].some((en) => en.startsWith('Consuls-general of Canada'))).toBe(true);
      for (const city of ['Kragerø', 'Albacete', 'Valkeakoski', 'Naju']) {
        expect(byEn.get(`${city} government delegation`)).toMatchObject({
          direction: 'INBOUND',
          channel: 'SISTER_CITY',
          events: [{ names: { en: '2nd Jiangxi International Friendship Cities Conference' } }],
        });
      }
      const green = data.delegations.items.filter((item: any) => item.greenChannel);
      expect(green.map((item: any) => item.destinationCountry.code).sort()).toEqual(['AT', 'DE', 'HK']);
      for (const trip of green) expect(trip).toMatchObject({ direction: 'OUTBOUND', approvalStatus: 'APPROVED' });
      for (const item of data.delegations.items) expect(item.visibility).toBe('PUBLIC');
    });
  });

  describe('applications, contributions and events of 2011', () => {
    it('counts 155 foreign-expert invitations for 278 persons', async () => {
      const data = await hub.query(`{ applications(filter: { kind: [FOREIGN_EXPERT_INVITATION], submittedOnFrom: "2011-01-01", submittedOnTo: "2011-12-31" }, perPage: 500) { total items { personCount } } }`);
      expect(data.applications.total).toBe(155);
      expect(sum(data.applications.items, 'personCount')).toBe(278);
    });

    it('counts APEC business travel cards for 14 persons of 5 different companies', async () => {
      const data = await hub.query(`{ applications(filter: { kind: [APEC_BUSINESS_TRAVEL_CARD], submittedOnFrom: "2011-01-01", submittedOnTo: "2011-12-31" }, perPage: 500) {
        total items { personCount applicant { id kind } } } }`);
      expect(data.applications.total).toBe(5);
      expect(sum(data.applications.items, 'personCount')).toBe(14);
      const applicants = data.applications.items.map((item: any) => item.applicant);
      expect(new Set(applicants.map((applicant: any) => applicant.id)).size).toBe(5);
      for (const applicant of applicants) expect(applicant.kind).toBe('COMPANY');
    });

    it('pays the living subsidy to 194 returned overseas Chinese', async () => {
      const data = await hub.query(`{ contributions(filter: { kind: [SUBSIDY] }) { items { beneficiaries } } }`);
      expect(data.contributions.items).toEqual([{ beneficiaries: 194 }]);
    });

    it('holds the Overseas Chinese Law campaign with 300 participants', async () => {
      const data = await hub.query(`{ events(filter: { kind: [CAMPAIGN], q: "侨法" }) { items { attendance venue city { names { zh } } } } }`);
      expect(data.events.items).toHaveLength(1);
      expect(data.events.items[0]).toMatchObject({ attendance: 300, city: { names: { zh: '东湖区' } } });
    });

    it('records the money and gifts with donor and recipient nodes', async () => {
      const data = await hub.query(`{ contributions(perPage: 100) { items {
        kind amount currency quantity beneficiaries inKindDescription donor { names { en } } recipient { names { en } } } } }`);
      const items = data.contributions.items as any[];
      const find = (donor: string, recipient?: string) =>
        items.filter((item) => item.donor?.names.en === donor && (recipient === undefined || item.recipient?.names.en === recipient));
      expect(find('Hong Kong Lok Sin Hang Foundation', 'Luoshe Primary School')).toMatchObject([{ kind: 'DONATION', amount: 300000, currency: 'CNY' }]);
      expect(find('Hong Kong Lok Sin Hang Foundation', 'Shihu Village clinic')).toMatchObject([{ kind: 'DONATION', amount: 90000, currency: 'CNY' }]);
      expect(find('Malaysia Amitabha Aid Centre')).toMatchObject([{ kind: 'DONATION', amount: 52000, currency: 'CNY', beneficiaries: 80 }]);
      expect(find('Takamatsu Rotary Club', 'Qianze Village Primary School, Anyi County')).toMatchObject([{ kind: 'IN_KIND', quantity: 8 }]);
      expect(find('Pu Jian', 'Sanghai Development Zone')).toMatchObject([{ kind: 'INVESTMENT', amount: 1000000, currency: 'CNY' }]);
    });

    it('gives the office its five awards of 2011, and sets the 2012 targets with measures', async () => {
      const data = await hub.query(`{
        awards(perPage: 100) { items { year recipient { names { zh } } grantedBy { names { en } } } }
        targets(filter: { yearFrom: 2012, yearTo: 2012 }, perPage: 100) { total items { names { en } targetValue unit measure } } }`);
      expect(data.awards.items).toHaveLength(5);
      for (const award of data.awards.items) expect(award).toMatchObject({ year: 2011, recipient: { names: { zh: '南昌市外事侨务办公室' } } });
      expect(data.targets.total).toBeGreaterThanOrEqual(6);
      const sisterCity = data.targets.items.find((target: any) => target.names.en === 'Sign 1 new sister city in 2012');
      expect(sisterCity).toMatchObject({
        targetValue: 1,
        measure: { subject: 'partnerships', filter: { level: ['SISTER_CITY'], signedOnFrom: '2012-01-01', signedOnTo: '2012-12-31' } },
      });
      const oceania = data.targets.items.find((target: any) => target.names.en === 'A first partner city in Oceania');
      expect(oceania.measure.filter.continent).toEqual(['OCEANIA']);
    });
  });

  describe('cities and partnerships', () => {
    it('has 12 sister cities in 11 countries, each with its agreement date', async () => {
      const data = await hub.query(`{ partnerships(filter: { level: [SISTER_CITY] }, perPage: 100) { total items {
        signedOn status homeCity { names { zh } isHomeCity } partnerCity { country { code } } } } }`);
      expect(data.partnerships.total).toBe(12);
      const countries = new Set(data.partnerships.items.map((item: any) => item.partnerCity.country.code));
      expect([...countries].sort()).toEqual(['AR', 'BR', 'DE', 'FI', 'FR', 'JP', 'KR', 'MK', 'MX', 'US', 'ZA']);
      for (const item of data.partnerships.items) {
        expect(item).toMatchObject({ status: 'AGREEMENT_SIGNED', homeCity: { names: { zh: '南昌' }, isHomeCity: true } });
        expect(item.signedOn).toMatch(/^\d{4}-\d{2}-01$/);
      }
    });

    it('has the friendly-exchange relations and the prospects of 2011', async () => {
      const data = await hub.query(`{ partnerships(filter: { level: [FRIENDLY_EXCHANGE, PROSPECT] }, perPage: 100) { items {
        level partnerCity { names { en } } statusHistory { status date } } } }`);
      const levels = Object.fromEntries(data.partnerships.items.map((item: any) => [item.partnerCity.names.en, item.level]));
      expect(levels).toEqual({ Kragerø: 'FRIENDLY_EXCHANGE', Albacete: 'FRIENDLY_EXCHANGE', Gwangju: 'FRIENDLY_EXCHANGE', 'St. Charles': 'PROSPECT', Miskolc: 'PROSPECT' });
      for (const item of data.partnerships.items.filter((candidate: any) => candidate.level === 'PROSPECT')) {
        expect(item.statusHistory).toEqual([{ status: 'CONTACT_OPENED', date: expect.stringMatching(/^2011-/) }]);
      }
    });

    it('finds cities by any of their names, accents folded', async () => {
      const data = await hub.query(`{
        takamatsu: cities(filter: { q: "Takamatsu" }) { total items { names { zh en } } }
        kragero: cities(filter: { q: "kragero" }) { items { names { en local localLang } country { code } } }
        gwangju: cities(filter: { q: "광주" }) { items { names { zh local localLang } } }
        home: cities(filter: { isHomeCity: true }, perPage: 100) { items { names { zh } country { code } province } } }`);
      expect(data.takamatsu).toEqual({ total: 1, items: [{ names: { zh: '高松', en: 'Takamatsu' } }] });
      expect(data.kragero.items).toEqual([{ names: { en: 'Kragerø', local: 'Kragerø', localLang: 'no' }, country: { code: 'NO' } }]);
      expect(data.gwangju.items).toEqual([{ names: { zh: '光州', local: '광주', localLang: 'ko' } }]);
      expect(data.home.items).toContainEqual({ names: { zh: '南昌' }, country: { code: 'CN' }, province: 'Jiangxi' });
    });

    it('finds the school by part of its Chinese name', async () => {
      const data = await hub.query(`{ organisations(filter: { q: "三中" }) { items { names { zh en } kind } } }`);
      expect(data.organisations.items).toEqual([{ names: { zh: '南昌三中', en: 'Nanchang No. 3 Middle School' }, kind: 'SCHOOL' }]);
    });
  });

  it('answers the chain partnership → exchange → school → delegation → members in one query', async () => {
    const data = await hub.query(`{ partnerships(filter: { q: "Peine" }, perPage: 1) { items {
      level partnerCity { names { en } }
      exchanges(first: 5) { field participants(first: 5) { role organisation { names { zh } kind
        delegations(first: 100) { names { zh } direction approvalStatus destinationCity { names { en } } headcount
          members(first: 10) { names { zh } generated } } } } } } } }`);
    expect(data.partnerships.items).toHaveLength(1);
    const peine = data.partnerships.items[0];
    expect(peine).toMatchObject({ level: 'SISTER_CITY', partnerCity: { names: { en: 'Peine district' } } });
    const school = peine.exchanges
      .filter((exchange: any) => exchange.field === 'EDUCATION')
      .flatMap((exchange: any) => exchange.participants)
      .find((participant: any) => participant.organisation.names.zh === '南昌三中');
    expect(school.role).toBeTruthy();
    expect(school.organisation.kind).toBe('SCHOOL');
    const visit = school.organisation.delegations.find((delegation: any) => delegation.destinationCity?.names.en === 'Peine district');
    expect(visit).toMatchObject({ direction: 'OUTBOUND', approvalStatus: 'APPROVED' });
    expect(visit.members.length).toBeGreaterThanOrEqual(1);
    expect(visit.headcount).toBeGreaterThanOrEqual(visit.members.length);
    for (const member of visit.members) expect(member.names.zh).toBeTruthy();
  });

  it('links people and organisations with relationships', async () => {
    const data = await hub.query(`{ relationships(filter: { kind: [WORKS_FOR, REPRESENTS, LINKED_WITH, LOCATED_IN] }, perPage: 500) { items {
      kind from { names { en } } to { names { en } } } } }`);
    const edges = data.relationships.items.map((item: any) => `${item.from.names.en} ${item.kind} ${item.to.names.en}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        'Pu Jian WORKS_FOR Shanghai Overseas Chinese Chamber of Commerce',
        'Pu Jian REPRESENTS Shanghai Overseas Chinese Chamber of Commerce',
        'Peine district music school LINKED_WITH Nanchang University Arts College',
        'Anabuki Gakuen LINKED_WITH Jiangxi Science and Technology Normal University',
        'Takamatsu Rotary Club LOCATED_IN Takamatsu',
      ]),
    );
  });

  it('sets visibility by type, keeps personal data empty and marks made-up records', async () => {
    const { rows } = await hub.db.query(`select
      (select count(*) from person where visibility <> 'INTERNAL') as public_people,
      (select count(*) from person where passport_number is not null or date_of_birth is not null or phone is not null or email is not null) as personal_data,
      (select count(*) from delegation where visibility <> 'PUBLIC') as hidden_delegations,
      (select count(*) from city where visibility <> 'PUBLIC') as hidden_cities,
      (select count(*) from partnership where visibility <> 'PUBLIC') as hidden_partnerships,
      (select count(*) from organisation where visibility <> 'PUBLIC' and not generated) as hidden_organisations,
      (select count(*) from delegation_member m join delegation d on d.id = m.delegation_id where d.generated) as members_of_generated,
      (select count(*) from delegation d where headcount < (select count(*) from delegation_member m where m.delegation_id = d.id)) as below_members,
      (select count(*) from delegation where generated and name_en !~ '^2011 (inbound|outbound) delegation #[0-9]+$') as oddly_named`);
    expect(rows[0]).toEqual({
      public_people: '0',
      personal_data: '0',
      hidden_delegations: '0',
      hidden_cities: '0',
      hidden_partnerships: '0',
      hidden_organisations: '0',
      members_of_generated: '0',
      below_members: '0',
      oddly_named: '0',
    });
  });

  it('adds nothing when seed-demo runs again on the same database', async () => {
    const databaseUrl = hub.db.options.connectionString!;
    const before = await rowCounts(hub.db);
    expect(before.delegation).toBeGreaterThan(200);
    const log = await seedDemo(databaseUrl);
    expect(log.find((line) => line.msg === 'demo data already loaded')).toMatchObject({ added: 0 });
    expect(await rowCounts(hub.db)).toEqual(before);
  });

  it('gives a database seeded by an earlier version what the demo data gained since, by key', async () => {
    const database = await createTestDatabase('demo');
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      // As an earlier version left it: a delegation without two of its members, another without its event, and
      // a target the demo data did not have yet.
      const { rows: members } = await db.query<{ delegation_id: string; person_id: string }>(
        `select delegation_id, person_id from delegation_member where delegation_id = (select delegation_id from delegation_member group by 1 having count(*) >= 2 order by 1 limit 1) order by 2 limit 2`,
      );
      expect(members).toHaveLength(2);
      for (const link of members) await db.query('delete from delegation_member where delegation_id = $1 and person_id = $2', [link.delegation_id, link.person_id]);
      const { rows: events } = await db.query<{ delegation_id: string; event_id: string }>('delete from delegation_event where ctid = (select min(ctid) from delegation_event) returning *');
      expect(events).toHaveLength(1);
      const { rows: targets } = await db.query<{ id: string; version: number }>('select id, version from target order by id limit 1');
      await db.query('delete from target where id = $1', [targets[0].id]);
      const { rows: kept } = await db.query<{ version: number }>('select version from delegation where id = $1', [members[0].delegation_id]);
      await db.query('update delegation set notes = $2 where id = $1', [members[0].delegation_id, 'Edited by staff since']);

      const log = await seedDemo(database.url);
      const loaded = log.find((line) => line.msg === 'demo data loaded');
      expect(loaded?.byType).toEqual({ Target: 1, 'Delegation.members': 2, 'Delegation.events': 1 });
      for (const link of members) {
        expect((await db.query('select 1 from delegation_member where delegation_id = $1 and person_id = $2', [link.delegation_id, link.person_id])).rowCount).toBe(1);
      }
      expect((await db.query('select 1 from delegation_event where delegation_id = $1 and event_id = $2', [events[0].delegation_id, events[0].event_id])).rowCount).toBe(1);
      expect((await db.query('select 1 from target where id = $1', [targets[0].id])).rowCount).toBe(1);
      // The stored record keeps what staff made of it.
      expect((await db.query('select notes, version from delegation where id = $1', [members[0].delegation_id])).rows[0]).toEqual({ notes: 'Edited by staff since', version: kept[0].version });

      // And once more: nothing left to add.
      const again = await seedDemo(database.url);
      expect(again.find((line) => line.msg === 'demo data already loaded')).toMatchObject({ added: 0 });
    } finally {
      await db.end();
      await database.drop();
    }
  });

  it('loads into an empty database within 5 seconds', async () => {
    const adminUrl = inject('adminUrl');
    const database = `${inject('databasePrefix')}_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`create database "${database}" template "${inject('templates').empty}"`);
      const url = new URL(adminUrl);
      url.pathname = `/${database}`;
      const log = await seedDemo(url.toString());
      const loaded = log.find((line) => line.msg === 'demo data loaded');
      expect(loaded?.added).toBeGreaterThan(500);
      expect(loaded?.ms).toBeLessThan(5000);
    } finally {
      await admin.query(`drop database if exists "${database}" with (force)`);
      await admin.end();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { badFields, create, createRequest, MISSING_ID, rowCounts, updateRequest } from './records.js';

/** Bad input is refused with BAD_USER_INPUT naming the field, and writes nothing; every mutation is one transaction. */
describe('bad input', () => {
  let hub: Hub;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
    ids.nanchang = (await create(hub, 'City', { names: { zh: '南昌', en: 'Nanchang' }, countryCode: 'CN', isHomeCity: true })).id;
    ids.kragero = (await create(hub, 'City', { names: { en: 'Kragerø' }, countryCode: 'NO' })).id;
    ids.takamatsu = (await create(hub, 'City', { names: { en: 'Takamatsu' }, countryCode: 'JP' })).id;
    ids.school = (await create(hub, 'Organisation', { names: { zh: '南昌三中' }, kind: 'SCHOOL', cityId: ids.nanchang })).id;
    ids.erik = (await create(hub, 'Person', { names: { en: 'Erik Hansen' }, category: 'FOREIGN_GUEST' })).id;
    ids.ingrid = (await create(hub, 'Person', { names: { en: 'Ingrid Olsen' }, category: 'FOREIGN_GUEST' })).id;
    ids.partnership = (await create(hub, 'Partnership', { homeCityId: ids.nanchang, partnerCityId: ids.kragero, level: 'SISTER_CITY' })).id;
  });
  afterAll(async () => hub?.stop());

  /** Sends a create that must be refused naming `field`, and checks that no table changed. */
  async function refusedCreate(type: string, input: Record<string, unknown>, field: string): Promise<string[]> {
    const before = await rowCounts(hub.db);
    const response = await createRequest(hub, type, input);
    const fields = badFields(response);
    expect(fields).toContain(field);
    expect(response.data?.created ?? null).toBeNull();
    expect(await rowCounts(hub.db)).toEqual(before);
    return fields;
  }

  it('refuses a node without any name', async () => {
    expect(await refusedCreate('Organisation', { names: { zh: '  ', en: '', local: '\t' }, kind: 'SCHOOL' }, 'names')).toEqual(['names']);
    expect(await refusedCreate('Organisation', { kind: 'SCHOOL' }, 'names')).toEqual(['names']);
  });

  it('refuses null for a field that has a default but no empty value (visibility)', async () => {
    expect(await refusedCreate('Organisation', { names: { en: 'No visibility' }, kind: 'SCHOOL', visibility: null }, 'visibility')).toEqual(['visibility']);
  });

  it('refuses an unknown country code', async () => {
    expect(await refusedCreate('City', { names: { en: 'Atlantis' }, countryCode: 'XX' }, 'countryCode')).toEqual(['countryCode']);
    expect(await refusedCreate('Person', { names: { en: 'Nobody' }, category: 'FOREIGN_GUEST', nationalityCode: 'XX' }, 'nationalityCode')).toEqual(['nationalityCode']);
    expect(await refusedCreate('City', { names: { en: 'Nowhere' } }, 'countryId')).toEqual(['countryId']);
  });

  it('refuses an embedded object without what its record requires (a status change without its status or date)', async () => {
    // Found by the fuzzer: an empty step in a partnership's history was an internal error.
    const input = { homeCityId: ids.nanchang, partnerCityId: ids.takamatsu, level: 'PROSPECT', statusHistory: [{ status: 'CONTACT_OPENED', date: '2011-05-01' }, {}, { date: '2012-01-01' }] };
    expect((await refusedCreate('Partnership', input, 'statusHistory[1].date')).sort()).toEqual(['statusHistory[1].date', 'statusHistory[1].status', 'statusHistory[2].status']);
  });

  it('refuses an end date before the start date', async () => {
    expect(await refusedCreate('Event', { names: { en: 'Games' }, kind: 'GAMES', startDate: '2011-06-08', endDate: '2011-06-06' }, 'endDate')).toEqual(['endDate']);
  });

  it('refuses a delegation headcount below its named members', async () => {
    const input = { names: { en: 'Visit' }, direction: 'INBOUND', channel: 'SISTER_CITY', headcount: 1, memberIds: [ids.erik, ids.ingrid] };
    expect(await refusedCreate('Delegation', input, 'headcount')).toEqual(['headcount']);
  });

  it('refuses a negative amount', async () => {
    expect(await refusedCreate('Contribution', { names: { en: 'Gift' }, kind: 'DONATION', amount: -5, currency: 'CNY' }, 'amount')).toEqual(['amount']);
  });

  it('refuses a reference to a node that does not exist', async () => {
    expect(await refusedCreate('Organisation', { names: { en: 'School' }, kind: 'SCHOOL', cityId: MISSING_ID }, 'cityId')).toEqual(['cityId']);
    expect(await refusedCreate('Contribution', { names: { en: 'Gift' }, kind: 'DONATION', donorId: MISSING_ID }, 'donorId')).toEqual(['donorId']);
    expect(await refusedCreate('Relationship', { kind: 'WORKS_FOR', fromId: ids.erik, toId: MISSING_ID }, 'toId')).toEqual(['toId']);
    const delegation = { names: { en: 'Visit' }, direction: 'INBOUND', channel: 'SISTER_CITY', headcount: 5, memberIds: [ids.erik, MISSING_ID] };
    expect(await refusedCreate('Delegation', delegation, 'memberIds')).toEqual(['memberIds']);
  });

  it('refuses a reference to a node of another type', async () => {
    expect(await refusedCreate('Organisation', { names: { en: 'School' }, kind: 'SCHOOL', cityId: ids.erik }, 'cityId')).toEqual(['cityId']);
  });

  it('refuses a malformed id', async () => {
    expect(await refusedCreate('Organisation', { names: { en: 'School' }, kind: 'SCHOOL', cityId: 'not-an-id' }, 'cityId')).toEqual(['cityId']);
    expect(await refusedCreate('Relationship', { kind: 'WORKS_FOR', fromId: '42', toId: ids.school }, 'fromId')).toEqual(['fromId']);
  });

  it('refuses a city partnered with itself', async () => {
    expect(await refusedCreate('Partnership', { homeCityId: ids.takamatsu, partnerCityId: ids.takamatsu, level: 'PROSPECT' }, 'partnerCityId')).toEqual(['partnerCityId']);
  });

  it('refuses a second partnership of the same two cities, in either order', async () => {
    expect(await refusedCreate('Partnership', { homeCityId: ids.nanchang, partnerCityId: ids.kragero, level: 'PROSPECT' }, 'partnerCityId')).toEqual(['partnerCityId']);
    expect(await refusedCreate('Partnership', { homeCityId: ids.kragero, partnerCityId: ids.nanchang, level: 'PROSPECT' }, 'partnerCityId')).toEqual(['partnerCityId']);
  });

  it('refuses a relationship from a node to itself', async () => {
    expect(await refusedCreate('Relationship', { kind: 'LINKED_WITH', fromId: ids.school, toId: ids.school }, 'toId')).toEqual(['toId']);
  });

  it('refuses a date that is not on the calendar', async () => {
    expect(await refusedCreate('Event', { names: { en: 'Games' }, kind: 'GAMES', startDate: '2011-02-30' }, 'startDate')).toEqual(['startDate']);
    expect(await refusedCreate('Event', { names: { en: 'Games' }, kind: 'GAMES', startDate: '30/01/2011' }, 'startDate')).toEqual(['startDate']);
  });

  it('names a missing required field and an unknown enum value', async () => {
    expect(await refusedCreate('Event', { names: { en: 'Games' } }, 'kind')).toEqual(['kind']);
    expect(await refusedCreate('Event', { names: { en: 'Games' }, kind: 'PICNIC' }, 'kind')).toEqual(['kind']);
  });

  it('names every problem of one input at once', async () => {
    const fields = await refusedCreate('Event', { names: { en: '' }, kind: 'GAMES', startDate: '2011-06-08', endDate: '2011-06-06', attendance: -1, cityId: MISSING_ID }, 'names');
    expect(fields.sort()).toEqual(['attendance', 'cityId', 'endDate', 'names']);
  });

  it('refuses a bad update and leaves the record as it was', async () => {
    const event = await create(hub, 'Event', { names: { en: 'Fair' }, kind: 'FAIR', startDate: '2011-06-08' });
    const before = await rowCounts(hub.db);
    const response = await updateRequest(hub, 'Event', event.id, { endDate: '2011-06-01', notes: 'changed' }, event.version);
    expect(badFields(response)).toEqual(['endDate']);
    const after = await hub.query(`query ($id: ID!) { event(id: $id) { version endDate notes } }`, { id: event.id });
    expect(after.event).toEqual({ version: event.version, endDate: null, notes: null });
    expect(await rowCounts(hub.db)).toEqual(before);
  });

  it('refuses an update that would duplicate a partnership', async () => {
    const other = await create(hub, 'Partnership', { homeCityId: ids.nanchang, partnerCityId: ids.takamatsu, level: 'PROSPECT' });
    const response = await updateRequest(hub, 'Partnership', other.id, { partnerCityId: ids.kragero }, other.version);
    expect(badFields(response)).toEqual(['partnerCityId']);
    const after = await hub.query(`query ($id: ID!) { partnership(id: $id) { version partnerCity { id } } }`, { id: other.id });
    expect(after.partnership).toEqual({ version: other.version, partnerCity: { id: ids.takamatsu } });
  });

  it('refuses a required field cleared by a patch', async () => {
    const city = await create(hub, 'City', { names: { en: 'Gwangju' }, countryCode: 'KR' });
    expect(badFields(await updateRequest(hub, 'City', city.id, { countryId: null }, city.version))).toEqual(['countryId']);
    expect(badFields(await updateRequest(hub, 'City', city.id, { names: { en: null } }, city.version))).toEqual(['names']);
  });

  describe('every mutation is one transaction', () => {
    it('creates no exchange and no participant when one participant is missing', async () => {
      const fields = await refusedCreate(
        'Exchange',
        { names: { en: 'Student exchange' }, field: 'EDUCATION', participants: [{ organisationId: ids.school, role: 'partner school' }, { organisationId: MISSING_ID, role: 'host' }] },
        'participants[1].organisationId',
      );
      expect(fields).toEqual(['participants[1].organisationId']);
      const { rows } = await hub.db.query(`select count(*)::int as count from exchange_participant where organisation_id = $1`, [ids.school]);
      expect(rows[0].count).toBe(0);
    });

    it('keeps the participants of an exchange when a patch of them is refused', async () => {
      const exchange = await create(hub, 'Exchange', { names: { en: 'Culture week' }, field: 'CULTURE', participants: [{ organisationId: ids.school, role: 'host' }] });
      const response = await updateRequest(hub, 'Exchange', exchange.id, { participants: [{ organisationId: MISSING_ID }], status: 'COMPLETED' }, exchange.version);
      expect(badFields(response)).toEqual(['participants[0].organisationId']);
      const after = await hub.query(`query ($id: ID!) { exchange(id: $id) { version status participants { role organisation { id } } } }`, { id: exchange.id });
      expect(after.exchange).toEqual({ version: exchange.version, status: 'ACTIVE', participants: [{ role: 'host', organisation: { id: ids.school } }] });
    });

    it('creates one partnership when the same two cities are sent at once, and refuses the others', async () => {
      const home = await create(hub, 'City', { names: { en: 'Jiujiang' }, countryCode: 'CN' });
      const partner = await create(hub, 'City', { names: { en: 'Nürnberg' }, countryCode: 'DE' });
      const before = await rowCounts(hub.db);
      const responses = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          createRequest(hub, 'Partnership', index % 2 === 0 ? { homeCityId: home.id, partnerCityId: partner.id, level: 'PROSPECT' } : { homeCityId: partner.id, partnerCityId: home.id, level: 'PROSPECT' }),
        ),
      );
      const succeeded = responses.filter((response) => !response.errors);
      expect(succeeded).toHaveLength(1);
      for (const response of responses.filter((candidate) => candidate.errors)) expect(badFields(response)).toEqual(['partnerCityId']);
      const after = await rowCounts(hub.db);
      // The one created: its row, its node and its audit entry.
      expect(after).toEqual({ ...before, partnership: before.partnership + 1, node: before.node + 1, audit_entry: before.audit_entry + 1 });
    });
  });
});

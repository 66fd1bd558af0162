import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { create, deleteRequest, expectError, MISSING_ID, updateRequest } from './records.js';

/** Optimistic locking, unknown ids, and deletes of records that others depend on. */
describe('conflicts and dependents', () => {
  let hub: Hub;
  let nanchang: string;

  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
    nanchang = (await create(hub, 'City', { names: { zh: '南昌', en: 'Nanchang' }, countryCode: 'CN', isHomeCity: true })).id;
  });
  afterAll(async () => hub?.stop());

  const countryId = async (code: string) => (await hub.query(`query ($code: String!) { countries(filter: { code: [$code] }) { items { id } } }`, { code })).countries.items[0].id as string;

  describe('optimistic lock', () => {
    it('refuses an update from a stale version with CONFLICT carrying the current record', async () => {
      const city = await create(hub, 'City', { names: { en: 'Takamatsu' }, countryCode: 'JP' });
      const first = await updateRequest(hub, 'City', city.id, { province: 'Kagawa' }, city.version);
      expect(first.data?.updated.version).toBe(city.version + 1);

      const stale = await updateRequest(hub, 'City', city.id, { province: 'Ehime' }, city.version);
      const error = expectError(stale, 'CONFLICT');
      expect(error.message).toContain('Takamatsu');
      const current = error.extensions?.current as Record<string, unknown>;
      expect(current).toMatchObject({ id: city.id, version: city.version + 1, province: 'Kagawa' });
      const after = await hub.query(`query ($id: ID!) { city(id: $id) { version province } }`, { id: city.id });
      expect(after.city).toEqual({ version: city.version + 1, province: 'Kagawa' });
    });

    it('refuses a version from the future too', async () => {
      const city = await create(hub, 'City', { names: { en: 'Gwangju' }, countryCode: 'KR' });
      const error = expectError(await updateRequest(hub, 'City', city.id, { province: 'Jeolla' }, city.version + 1), 'CONFLICT');
      expect((error.extensions?.current as { version: number }).version).toBe(city.version);
    });

    it('refuses a delete from a stale version and keeps the record', async () => {
      const city = await create(hub, 'City', { names: { en: 'Kragerø' }, countryCode: 'NO' });
      await updateRequest(hub, 'City', city.id, { province: 'Telemark' }, city.version);
      const error = expectError(await deleteRequest(hub, 'City', city.id, city.version), 'CONFLICT');
      expect((error.extensions?.current as { version: number }).version).toBe(city.version + 1);
      expect((await hub.query(`query ($id: ID!) { city(id: $id) { id } }`, { id: city.id })).city).toEqual({ id: city.id });
    });

    it('guards a change of links alone: a stale version is refused', async () => {
      const erik = await create(hub, 'Person', { names: { en: 'Erik Hansen' }, category: 'FOREIGN_GUEST' });
      const ingrid = await create(hub, 'Person', { names: { en: 'Ingrid Olsen' }, category: 'FOREIGN_GUEST' });
      const delegation = await create(hub, 'Delegation', { names: { en: 'Visit' }, direction: 'INBOUND', channel: 'SISTER_CITY', headcount: 5 });
      const first = await updateRequest(hub, 'Delegation', delegation.id, { memberIds: [erik.id] }, delegation.version);
      expect(first.data?.updated.version).toBe(delegation.version + 1);
      expectError(await updateRequest(hub, 'Delegation', delegation.id, { memberIds: [ingrid.id] }, delegation.version), 'CONFLICT');
      const after = await hub.query(`query ($id: ID!) { delegation(id: $id) { version members { id } } }`, { id: delegation.id });
      expect(after.delegation).toEqual({ version: delegation.version + 1, members: [{ id: erik.id }] });
    });

    it('lets exactly one of twenty simultaneous updates from the same version win', async () => {
      const city = await create(hub, 'City', { names: { en: 'Jiujiang' }, countryCode: 'CN' });
      const responses = await Promise.all(Array.from({ length: 20 }, (_, index) => updateRequest(hub, 'City', city.id, { notes: `writer ${index}` }, city.version, 'id version notes')));
      const winners = responses.filter((response) => !response.errors);
      expect(winners).toHaveLength(1);
      expect(responses.filter((response) => response.errors)).toHaveLength(19);
      expect(winners[0].data!.updated.version).toBe(city.version + 1);
      for (const loser of responses.filter((response) => response.errors)) {
        const error = expectError(loser, 'CONFLICT');
        expect((error.extensions?.current as { version: number }).version).toBe(city.version + 1);
      }
      const { rows } = await hub.db.query(`select notes, version from city where id = $1`, [city.id]);
      expect(rows).toEqual([{ notes: winners[0].data!.updated.notes, version: city.version + 1 }]);
    });
  });

  describe('unknown ids', () => {
    it('answers NOT_FOUND to an update or delete of an id that names nothing', async () => {
      for (const id of [MISSING_ID, 'not-an-id']) {
        const update = expectError(await updateRequest(hub, 'City', id, { province: 'Nowhere' }, 1), 'NOT_FOUND');
        expect(update.message).toContain(id);
        expectError(await deleteRequest(hub, 'City', id, 1), 'NOT_FOUND');
      }
    });

    it('answers null to a read of an id that names nothing', async () => {
      expect(await hub.query(`{ a: city(id: "${MISSING_ID}") { id } b: city(id: "not-an-id") { id } c: node(id: "not-an-id") { id } }`)).toEqual({ a: null, b: null, c: null });
    });
  });

  describe('deleting what others depend on', () => {
    it('refuses to delete a country with cities, and with cascade deletes the cities and clears the other references', async () => {
      const nz = await countryId('NZ');
      const wellington = await create(hub, 'City', { names: { en: 'Wellington' }, countryCode: 'NZ' });
      const kiwi = await create(hub, 'Person', { names: { en: 'Aroha Ngata' }, category: 'FOREIGN_GUEST', nationalityCode: 'NZ' });
      const visit = await create(hub, 'Delegation', { names: { en: 'Trip to New Zealand' }, direction: 'OUTBOUND', channel: 'SISTER_CITY', headcount: 3, destinationCountryCode: 'NZ', destinationCityId: wellington.id });
      const { country } = await hub.query(`query ($id: ID!) { country(id: $id) { version } }`, { id: nz });

      const refused = expectError(await deleteRequest(hub, 'Country', nz, country.version), 'CONFLICT');
      expect(refused.message).toMatch(/New Zealand/);
      expect(refused.message).toMatch(/City/);
      expect(refused.extensions?.dependents).toEqual(
        expect.arrayContaining([
          { type: 'City', field: 'country', count: 1, action: 'delete' },
          { type: 'Person', field: 'nationality', count: 1, action: 'detach' },
          { type: 'Delegation', field: 'destinationCountry', count: 1, action: 'detach' },
        ]),
      );
      expect((await hub.query(`query ($id: ID!) { city(id: $id) { id } }`, { id: wellington.id })).city).not.toBeNull();

      const cascaded = await deleteRequest(hub, 'Country', nz, country.version, true);
      expect(cascaded.errors).toBeUndefined();
      // the country and its city; the person's nationality, the delegation's country and (through the city) its city
      expect(cascaded.data!.deleted).toEqual({ id: nz, deleted: 2, detached: 3 });
      const after = await hub.query(
        `query ($country: ID!, $city: ID!, $person: ID!, $delegation: ID!) {
          country(id: $country) { id } city(id: $city) { id }
          person(id: $person) { version nationality { id } }
          delegation(id: $delegation) { version destinationCountry { id } destinationCity { id } }
        }`,
        { country: nz, city: wellington.id, person: kiwi.id, delegation: visit.id },
      );
      expect(after).toEqual({
        country: null,
        city: null,
        person: { version: kiwi.version + 1, nationality: null },
        delegation: { version: visit.version + 2, destinationCountry: null, destinationCity: null },
      });
      const { rows } = await hub.db.query(`select count(*)::int as count from node where id = any($1::uuid[])`, [[nz, wellington.id]]);
      expect(rows[0].count).toBe(0);
    });

    it('refuses to delete a city in a partnership, and with cascade deletes the partnership and clears references to both', async () => {
      const kragero = await create(hub, 'City', { names: { en: 'Kragerø' }, countryCode: 'NO' });
      const partnership = await create(hub, 'Partnership', { homeCityId: nanchang, partnerCityId: kragero.id, level: 'SISTER_CITY' });
      const exchange = await create(hub, 'Exchange', { names: { en: 'Student exchange' }, field: 'EDUCATION', partnershipId: partnership.id });
      const school = await create(hub, 'Organisation', { names: { en: 'Kragerø skole' }, kind: 'SCHOOL', cityId: kragero.id });

      const refused = expectError(await deleteRequest(hub, 'City', kragero.id, kragero.version), 'CONFLICT');
      expect(refused.message).toMatch(/Partnership/);
      expect(refused.extensions?.dependents).toEqual(
        expect.arrayContaining([
          { type: 'Partnership', field: 'partnerCity', count: 1, action: 'delete' },
          { type: 'Organisation', field: 'city', count: 1, action: 'detach' },
        ]),
      );

      const cascaded = await deleteRequest(hub, 'City', kragero.id, kragero.version, true);
      expect(cascaded.errors).toBeUndefined();
      expect(cascaded.data!.deleted).toEqual({ id: kragero.id, deleted: 2, detached: 2 });
      const after = await hub.query(
        `query ($city: ID!, $partnership: ID!, $exchange: ID!, $school: ID!, $home: ID!) {
          city(id: $city) { id } partnership(id: $partnership) { id }
          exchange(id: $exchange) { partnership { id } }
          organisation(id: $school) { city { id } }
          home: city(id: $home) { partnerships { id } }
        }`,
        { city: kragero.id, partnership: partnership.id, exchange: exchange.id, school: school.id, home: nanchang },
      );
      expect(after).toEqual({ city: null, partnership: null, exchange: { partnership: null }, organisation: { city: null }, home: { partnerships: [] } });
    });

    it('refuses to delete a person who leads a delegation, and with cascade clears the leader and the membership', async () => {
      const leader = await create(hub, 'Person', { names: { en: 'Mayor Hansen' }, category: 'OFFICIAL' });
      const member = await create(hub, 'Person', { names: { en: 'Ingrid Olsen' }, category: 'FOREIGN_GUEST' });
      const delegation = await create(hub, 'Delegation', {
        names: { en: 'Mayor’s visit' },
        direction: 'INBOUND',
        channel: 'SISTER_CITY',
        headcount: 4,
        leaderId: leader.id,
        memberIds: [leader.id, member.id],
      });

      const refused = expectError(await deleteRequest(hub, 'Person', leader.id, leader.version), 'CONFLICT');
      expect(refused.message).toMatch(/Mayor Hansen/);
      expect(refused.message).toMatch(/Delegation/);
      expect(refused.extensions?.dependents).toEqual(
        expect.arrayContaining([
          { type: 'Delegation', field: 'leader', count: 1, action: 'detach' },
          { type: 'Delegation', field: 'members', count: 1, action: 'unlink' },
        ]),
      );
      expect(refused.extensions?.dependents).toHaveLength(2);

      const cascaded = await deleteRequest(hub, 'Person', leader.id, leader.version, true);
      expect(cascaded.data?.deleted).toEqual({ id: leader.id, deleted: 1, detached: 2 });
      const after = await hub.query(`query ($id: ID!) { delegation(id: $id) { headcount leader { id } members { id } } }`, { id: delegation.id });
      expect(after.delegation).toEqual({ headcount: 4, leader: null, members: [{ id: member.id }] });
    });

    it('refuses to delete a node with Relationship edges, and with cascade deletes the edges', async () => {
      const teacher = await create(hub, 'Person', { names: { en: 'Teacher Li' }, category: 'STAFF' });
      const school = await create(hub, 'Organisation', { names: { zh: '南昌三中' }, kind: 'SCHOOL', cityId: nanchang });
      const worksFor = await create(hub, 'Relationship', { kind: 'WORKS_FOR', fromId: teacher.id, toId: school.id, role: 'teacher' });
      const gift = await create(hub, 'Contribution', { names: { en: 'Books' }, kind: 'IN_KIND', inKindDescription: 'books', donorId: teacher.id, recipientId: school.id });

      const refused = expectError(await deleteRequest(hub, 'Organisation', school.id, school.version), 'CONFLICT');
      expect(refused.message).toMatch(/Relationship/);
      expect(refused.extensions?.dependents).toEqual(
        expect.arrayContaining([
          { type: 'Relationship', field: 'to', count: 1, action: 'delete' },
          { type: 'Contribution', field: 'recipient', count: 1, action: 'detach' },
        ]),
      );

      const cascaded = await deleteRequest(hub, 'Organisation', school.id, school.version, true);
      expect(cascaded.data?.deleted).toEqual({ id: school.id, deleted: 2, detached: 1 });
      const after = await hub.query(
        `query ($relationship: ID!, $gift: ID!, $teacher: ID!) {
          relationship(id: $relationship) { id }
          contribution(id: $gift) { donor { id } recipient { id } }
          person(id: $teacher) { relationships { field kind } }
        }`,
        { relationship: worksFor.id, gift: gift.id, teacher: teacher.id },
      );
      expect(after).toEqual({
        relationship: null,
        contribution: { donor: { id: teacher.id }, recipient: null },
        person: { relationships: [{ field: 'Contribution.donor', kind: null }] },
      });
    });

    it('deletes a record nothing depends on without cascade', async () => {
      const lonely = await create(hub, 'Organisation', { names: { en: 'Lonely club' }, kind: 'CLUB' });
      expect((await deleteRequest(hub, 'Organisation', lonely.id, lonely.version)).data?.deleted).toEqual({ id: lonely.id, deleted: 1, detached: 0 });
    });
  });
});

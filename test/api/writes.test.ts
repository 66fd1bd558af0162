import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { create, deleteRequest, updateRequest } from './records.js';

/**
 * Only real changes are written: saving a record leaves the records it links to, and a save that changes
 * nothing leaves even the record itself, as they were. The database check every API test runs under
 * (support/version-audit.ts) refuses a version change without an audit entry; these tests look at the rows too.
 */
describe('only real changes are written', () => {
  let hub: Hub;
  let token: string;
  let nanchang: string;
  let peine: string;

  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
    token = await hub.login('admin');
    nanchang = (await create(hub, 'City', { names: { zh: '南昌', en: 'Nanchang' }, countryCode: 'CN', isHomeCity: true, aliases: ['洪城', 'Hongcheng'] })).id;
    peine = (await create(hub, 'City', { names: { zh: '派纳', en: 'Peine' }, countryCode: 'DE', aliases: ['Peine, Niedersachsen'] })).id;
  });
  afterAll(async () => hub?.stop());

  /** Version and last change of each row, straight from the database. */
  async function rows(table: string, ids: string[]): Promise<Record<string, { version: number; updatedAt: string }>> {
    const { rows: found } = await hub.db.query<{ id: string; version: number; updated_at: Date }>(`select id, version, updated_at from "${table}" where id = any($1::uuid[])`, [ids]);
    return Object.fromEntries(found.map((row) => [row.id, { version: row.version, updatedAt: row.updated_at.toISOString() }]));
  }

  /** The records whose version moved since `since` (a position in the test-only table of version changes). */
  async function versionChangesSince(since: number): Promise<Array<{ table: string; id: string }>> {
    const { rows: changes } = await hub.db.query<{ table: string; id: string }>(
      'select table_name as table, record_id as id from test_checks.version_change where n > $1 order by n',
      [since],
    );
    return changes;
  }
  async function versionChangePosition(): Promise<number> {
    const { rows: [row] } = await hub.db.query<{ n: number }>('select coalesce(max(n), 0)::int as n from test_checks.version_change');
    return row.n;
  }
  async function auditCount(recordId: string): Promise<number> {
    const { rows: [row] } = await hub.db.query<{ n: number }>("select count(*)::int as n from audit_entry where record_id = $1 and action = 'UPDATE'", [recordId]);
    return row.n;
  }

  const person = async (name: string) => (await create(hub, 'Person', { names: { en: name }, category: 'FOREIGN_GUEST', aliases: [`${name} alias`, '别名'] })).id as string;
  const delegation = async (name: string, memberIds: string[], more: Record<string, unknown> = {}) =>
    create(hub, 'Delegation', { names: { en: name }, direction: 'INBOUND', channel: 'SISTER_CITY', headcount: Math.max(1, memberIds.length), memberIds, ...more });

  it('updateDelegation with members: the members are not written, whatever their number (the statements do not grow with it)', async () => {
    const members = await Promise.all(['Anna Berg', 'Bo Lind', 'Cai Wen', 'Dag Ek', 'Eva Sund', 'Finn Alm'].map(person));
    const small = await delegation('One member', members.slice(0, 1));
    const large = await delegation('Six members', members);
    const before = await rows('person', members);
    const since = await versionChangePosition();

    const statements: number[] = [];
    for (const target of [small, large]) {
      const answer = await updateRequest(hub, 'Delegation', target.id, { notes: 'changed' }, target.version, 'id version members { id }');
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.updated.version).toBe(target.version + 1);
      statements.push(answer.extensions?.sqlStatements as number);
    }
    expect(statements[1]).toBe(statements[0]);
    expect(await rows('person', members)).toEqual(before);
    expect(await versionChangesSince(since)).toEqual([
      { table: 'delegation', id: small.id },
      { table: 'delegation', id: large.id },
    ]);
  });

  it('a record linked to two cities, updated twice: the cities stay at version 1', async () => {
    const event = await create(hub, 'Event', { names: { en: 'Lantern festival' }, kind: 'FESTIVAL', cityId: nanchang });
    const visit = await delegation('From Peine to Nanchang', [await person('Gerd Hahn')], { originCityId: peine, destinationCityId: nanchang, eventIds: [event.id] });
    const partnership = await create(hub, 'Partnership', { homeCityId: nanchang, partnerCityId: peine, level: 'FRIENDLY_EXCHANGE' });
    const cities = await rows('city', [nanchang, peine]);
    expect(Object.values(cities).map((city) => city.version)).toEqual([1, 1]);

    let version = visit.version;
    for (const notes of ['first', 'second']) {
      const answer = await updateRequest(hub, 'Delegation', visit.id, { notes, headcount: 3 }, version);
      expect(answer.errors).toBeUndefined();
      version = answer.data?.updated.version;
    }
    let partnershipVersion = partnership.version;
    for (const notes of ['first', 'second']) {
      const answer = await updateRequest(hub, 'Partnership', partnership.id, { notes }, partnershipVersion);
      expect(answer.errors).toBeUndefined();
      partnershipVersion = answer.data?.updated.version;
    }
    expect(version).toBe(visit.version + 2);
    expect(await rows('city', [nanchang, peine])).toEqual(cities);
    expect((await rows('event', [event.id]))[event.id].version).toBe(event.version);
  });

  it('a colleague who opened Nanchang before someone saved a record linked to it saves without a CONFLICT', async () => {
    const opened = (await hub.query(`query ($id: ID!) { city(id: $id) { version province } }`, { id: nanchang })).city;
    const event = await create(hub, 'Event', { names: { en: 'Trade fair' }, kind: 'FAIR', cityId: nanchang });
    const visit = await delegation('Someone else’s save', [await person('Hana Ito')], { destinationCityId: nanchang, eventIds: [event.id] });
    expect((await updateRequest(hub, 'Delegation', visit.id, { notes: 'saved by someone else', eventIds: [] }, visit.version)).errors).toBeUndefined();

    const saved = await updateRequest(hub, 'City', nanchang, { province: 'Jiangxi' }, opened.version, 'version province');
    expect(saved.errors).toBeUndefined();
    expect(saved.data?.updated).toEqual({ version: opened.version + 1, province: 'Jiangxi' });
  });

  it('a save that changes nothing writes nothing, however the same links and parts are given (generated orders and repeats)', async () => {
    const members = await Promise.all(['Ivo Rus', 'Jan Vik', 'Kai Ode', 'Lea Moe'].map(person));
    const visit = await delegation('Saved as opened', members, { notes: 'as it was' });
    const organisations = await Promise.all(['School A', 'School B'].map(async (name) => (await create(hub, 'Organisation', { names: { en: name }, kind: 'SCHOOL' })).id as string));
    const participants = organisations.map((organisationId, index) => ({ organisationId, role: `role ${index}` }));
    const exchange = await create(hub, 'Exchange', { names: { en: 'Exchange saved as opened' }, field: 'EDUCATION', participants });

    let seed = 20261207;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const shuffled = <T>(items: T[]) => items.map((item) => ({ item, key: random() })).sort((a, b) => a.key - b.key).map(({ item }) => item);
    const since = await versionChangePosition();
    const audits = await auditCount(visit.id);
    for (let round = 0; round < 12; round += 1) {
      // The same members in any order, some given twice, with fields at the values they have.
      const memberIds = shuffled([...members, ...members.filter(() => random() < 0.3)]);
      const same = [{ memberIds }, { memberIds, notes: 'as it was', names: { en: 'Saved as opened' } }, { aliases: [] }, {}][round % 4];
      const answer = await updateRequest(hub, 'Delegation', visit.id, same, visit.version);
      expect(answer.errors, JSON.stringify(same)).toBeUndefined();
      expect(answer.data?.updated.version).toBe(visit.version);
      const parts = await updateRequest(hub, 'Exchange', exchange.id, { participants: shuffled(participants) }, exchange.version);
      expect(parts.errors).toBeUndefined();
      expect(parts.data?.updated.version).toBe(exchange.version);
    }
    expect(await versionChangesSince(since)).toEqual([]);
    expect(await auditCount(visit.id)).toBe(audits);

    // A real change still is one: a member fewer moves the version once, with its audit entry.
    const changed = await updateRequest(hub, 'Delegation', visit.id, { memberIds: members.slice(1) }, visit.version, 'version members { id }');
    expect(changed.data?.updated.version).toBe(visit.version + 1);
    expect(changed.data?.updated.members).toHaveLength(3);
    expect(await auditCount(visit.id)).toBe(audits + 1);
    expect(await versionChangesSince(since)).toEqual([{ table: 'delegation', id: visit.id }]);
  });

  it('an import that links records writes the delegations only, not the people they link', async () => {
    const names = ['Mia Nord', 'Nils Ost'];
    const members = await Promise.all(names.map(person));
    const before = { person: await rows('person', members), city: await rows('city', [nanchang, peine]) };
    const since = await versionChangePosition();
    const csv = (rows: string[][]) => `${rows.map((row) => row.join(',')).join('\r\n')}\r\n`;
    const upload = async (file: string) => {
      const response = await fetch(`${hub.url}/imports/delegations/commit`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: file });
      return { status: response.status, body: (await response.json()) as { batch?: { created: number; updated: number }; errors?: unknown } };
    };
    const header = ['names.en', 'direction', 'channel', 'headcount', 'members', 'originCity'];
    const made = await upload(csv([header, ['Imported visit', 'INBOUND', 'SISTER_CITY', '2', names.join(';'), 'Peine'], ['Imported visit two', 'INBOUND', 'BUSINESS', '2', names.join(';'), 'Nanchang']]));
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(made.body.batch).toMatchObject({ created: 2, updated: 0 });
    const imported = (await hub.query(`{ delegations(filter: { q: "Imported visit" }) { items { id version names { en } members { id } } } }`)).delegations.items as Array<{ id: string; version: number; names: { en: string }; members: Array<{ id: string }> }>;
    expect(imported.map((item) => item.members.map((member) => member.id).sort())).toEqual([[...members].sort(), [...members].sort()]);

    // Updated by a second file: new notes and the same members again.
    const again = await upload(csv([[...header, 'id', 'notes'], ...imported.map((item) => [item.names.en, 'INBOUND', 'SISTER_CITY', '2', names.join(';'), 'Peine', item.id, 'second file'])]));
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.batch).toMatchObject({ created: 0, updated: 2 });
    expect({ person: await rows('person', members), city: await rows('city', [nanchang, peine]) }).toEqual(before);
    const moved = await versionChangesSince(since);
    expect(moved.every((change) => change.table === 'delegation')).toBe(true);
  });

  it('a cascade delete changes the records it detaches (each with its audit entry) and no record linked to those', async () => {
    const members = await Promise.all(['Olaf Dahl', 'Pia Holm'].map(person));
    const town = (await create(hub, 'City', { names: { en: 'Ilsede' }, countryCode: 'DE', aliases: ['Ilsede, Peine'] })).id as string;
    const fair = await create(hub, 'Event', { names: { en: 'Ilsede fair' }, kind: 'FAIR', cityId: town });
    const visit = await delegation('Visit from Ilsede', members, { originCityId: town, destinationCityId: nanchang, eventIds: [fair.id] });
    const partnership = await create(hub, 'Partnership', { homeCityId: nanchang, partnerCityId: town, level: 'FRIENDLY_EXCHANGE' });
    const kept = await rows('person', members);
    const cities = await rows('city', [nanchang, peine]);
    const since = await versionChangePosition();

    const city = (await hub.query(`query ($id: ID!) { city(id: $id) { version } }`, { id: town })).city;
    const deleted = await deleteRequest(hub, 'City', town, city.version, true);
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data?.deleted.deleted).toBeGreaterThanOrEqual(2);

    expect(await rows('person', members)).toEqual(kept);
    expect(await rows('city', [nanchang, peine])).toEqual(cities);
    expect(await rows('partnership', [partnership.id])).toEqual({});
    // The delegation lost its origin and the fair its city (detached): changes of them, recorded, and the only versions that moved.
    expect(await versionChangesSince(since)).toEqual(expect.arrayContaining([{ table: 'delegation', id: visit.id }, { table: 'event', id: fair.id }]));
    expect(await versionChangesSince(since)).toHaveLength(2);
    const after = (await hub.query(`query ($id: ID!) { delegation(id: $id) { version originCity { id } members { id } } }`, { id: visit.id })).delegation;
    expect(after.originCity).toBeNull();
    expect(after.version).toBe(visit.version + 1);
    expect(after.members).toHaveLength(2);

    // Deleting the delegation itself (its members loaded for the audit entry) leaves them as they were too.
    expect((await deleteRequest(hub, 'Delegation', visit.id, after.version)).errors).toBeUndefined();
    expect(await rows('person', members)).toEqual(kept);
  });
});

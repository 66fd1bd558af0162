import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Client, type Hub } from '../support/hub.js';
import { create, expectError } from './records.js';

/**
 * The audit trail: every create, update and delete writes an entry in the same transaction —
 * who, when, what, before and after, the request id — a refused change writes none, a record's history is
 * readable by whoever reads the record (without the personal data they may not read), and the database
 * refuses to rewrite the past.
 */

type Data = Record<string, any>;

const ENTRY = 'id action recordType recordId before after actorId actorUsername requestId at';
const PERSONAL = ['passportNumber', 'dateOfBirth', 'phone', 'email'];

describe('audit trail', () => {
  let hub: Hub;
  let editor: Client;
  let viewer: Client;
  let analyst: Client;
  let editorId: string;
  let serial = 0;

  /** A request id of this test run, unique per call. */
  const requestId = (what: string) => {
    serial += 1;
    return `audit-${what}-${serial}-${Date.now()}`;
  };

  /** The entries about a record, newest first (ADMIN's view). */
  const entriesAbout = async (recordId: string): Promise<Data[]> =>
    (await hub.query(`query ($f: AuditFilter) { auditEntries(filter: $f, perPage: 500) { total items { ${ENTRY} } } }`, { f: { recordId } })).auditEntries.items;

  /** Every entry a request wrote, straight from the database. */
  const entriesOfRequest = async (id: string) => {
    const { rows } = await hub.db.query('select action::text as action, record_type, record_id from audit_entry where request_id = $1 order by id', [id]);
    return rows as Array<{ action: string; record_type: string | null; record_id: string | null }>;
  };

  const mutate = (client: Client, query: string, variables: Record<string, unknown>, id: string) => client.request<Data>(query, variables, { 'x-request-id': id });

  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
    editor = await hub.as('editor');
    viewer = await hub.as('viewer');
    analyst = await hub.as('analyst');
    editorId = (await editor.query('{ me { id } }')).me.id;
  });

  afterAll(async () => {
    await hub?.stop();
  });

  describe('every change is recorded, with before, after, who, when and the request id', () => {
    let org: { id: string; version: number };

    it('create', async () => {
      const id = requestId('create');
      const started = Date.now();
      const response = await mutate(
        editor,
        'mutation ($input: OrganisationInput!) { createOrganisation(input: $input) { id version } }',
        { input: { names: { en: 'Audited School', zh: '审计学校' }, kind: 'SCHOOL', notes: 'first' } },
        id,
      );
      expect(response.errors).toBeUndefined();
      org = response.data!.createOrganisation;
      const entries = await entriesAbout(org.id);
      expect(entries).toHaveLength(1);
      const [entry] = entries;
      expect(entry).toMatchObject({ action: 'CREATE', recordType: 'Organisation', recordId: org.id, actorId: editorId, actorUsername: 'editor', requestId: id, before: null });
      expect(entry.after).toMatchObject({ names: { en: 'Audited School', zh: '审计学校' }, kind: 'SCHOOL', notes: 'first' });
      expect(new Date(entry.at).getTime()).toBeGreaterThanOrEqual(started - 5_000);
      expect(new Date(entry.at).getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
    });

    it('update', async () => {
      const id = requestId('update');
      const response = await mutate(
        editor,
        'mutation ($id: ID!, $v: Int!) { updateOrganisation(id: $id, input: { notes: "second" }, expectedVersion: $v) { id version } }',
        { id: org.id, v: org.version },
        id,
      );
      expect(response.errors).toBeUndefined();
      org = response.data!.updateOrganisation;
      const [entry] = await entriesAbout(org.id);
      expect(entry).toMatchObject({ action: 'UPDATE', recordType: 'Organisation', recordId: org.id, actorUsername: 'editor', requestId: id });
      expect(entry.before).toMatchObject({ notes: 'first' });
      expect(entry.after).toMatchObject({ notes: 'second' });
    });

    it('delete', async () => {
      const id = requestId('delete');
      const response = await mutate(editor, 'mutation ($id: ID!, $v: Int!) { deleteOrganisation(id: $id, expectedVersion: $v) { id deleted } }', { id: org.id, v: org.version }, id);
      expect(response.errors).toBeUndefined();
      const entries = await entriesAbout(org.id);
      expect(entries.map((entry) => entry.action)).toEqual(['DELETE', 'UPDATE', 'CREATE']);
      expect(entries[0]).toMatchObject({ action: 'DELETE', recordType: 'Organisation', recordId: org.id, actorUsername: 'editor', requestId: id });
      expect(entries[0].before).toMatchObject({ names: { en: 'Audited School' }, notes: 'second' });
    });

    it('an unusable X-Request-Id is replaced, and the entry carries the id the response names', async () => {
      const response = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.login('editor')}`, 'x-request-id': 'not a usable id; drop table audit_entry' },
        body: JSON.stringify({ query: 'mutation { createOrganisation(input: { names: { en: "Audited by header" }, kind: CLUB }) { id } }' }),
      });
      const body = (await response.json()) as { data: Data };
      const given = response.headers.get('x-request-id');
      expect(given).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
      const [entry] = await entriesAbout(body.data.createOrganisation.id);
      expect(entry.requestId).toBe(given);
    });

    it('a cascade records every record it deletes and every record it changes', async () => {
      const school = await create(hub, 'Organisation', { names: { en: 'Cascaded School' }, kind: 'SCHOOL' });
      const teacher = await create(hub, 'Person', { names: { en: 'Cascaded Teacher' }, category: 'STAFF' });
      const tie = await create(hub, 'Relationship', { kind: 'WORKS_FOR', fromId: teacher.id, toId: school.id });
      const visit = await create(hub, 'Delegation', { names: { en: 'Hosted visit' }, channel: 'ACADEMIC', direction: 'INBOUND', headcount: 3, hostOrganisationId: school.id });
      const id = requestId('cascade');
      const response = await mutate(editor, 'mutation ($id: ID!, $v: Int!) { deleteOrganisation(id: $id, expectedVersion: $v, cascade: true) { deleted detached } }', { id: school.id, v: school.version }, id);
      expect(response.errors).toBeUndefined();
      expect((await entriesAbout(school.id))[0]).toMatchObject({ action: 'DELETE', requestId: id });
      // the relationship that required the school is gone: its deletion, with what it was, is in the trail
      const tieEntries = await entriesAbout(tie.id);
      expect.soft(tieEntries[0], 'the cascade-deleted Relationship has no DELETE entry').toMatchObject({ action: 'DELETE', requestId: id, before: { kind: 'WORKS_FOR' } });
      // the delegation lost its host: a change to it, recorded
      expect.soft((await entriesAbout(visit.id))[0], 'the delegation whose host was cleared has no UPDATE entry').toMatchObject({ action: 'UPDATE', requestId: id });
    });

    it('user management is recorded too (without any password)', async () => {
      const id = requestId('users');
      const made = await hub.request<Data>('mutation ($input: UserInput!) { createUser(input: $input) { id version } }', { input: { username: 'audited-user', role: 'VIEWER', password: 'audited-password-123' } }, { 'x-request-id': id });
      expect(made.errors).toBeUndefined();
      const user = made.data!.createUser;
      const promote = requestId('promote');
      const promoted = await hub.request('mutation ($id: ID!, $v: Int!) { updateUser(id: $id, input: { role: ADMIN }, expectedVersion: $v) { role } }', { id: user.id, v: user.version }, { 'x-request-id': promote });
      expect(promoted.errors).toBeUndefined();
      const entries = await entriesAbout(user.id);
      expect(entries.map((entry) => entry.action), 'making a user and making them ADMIN leave no trace').toEqual(['UPDATE', 'CREATE']);
      expect(entries[0]).toMatchObject({ requestId: promote, before: { role: 'VIEWER' }, after: { role: 'ADMIN' } });
      const { rows } = await hub.db.query("select count(*)::int as count from audit_entry where coalesce(before::text, '') || coalesce(after::text, '') ~ '(audited-password-123|\\$argon2)'");
      expect(rows[0].count).toBe(0);
    });
  });

  describe('a refused change leaves no entry', () => {
    const updateOrganisation = 'mutation ($id: ID!, $input: OrganisationPatch!, $v: Int!) { updateOrganisation(id: $id, input: $input, expectedVersion: $v) { id version } }';

    it('bad input on create and on update', async () => {
      const createId = requestId('bad-create');
      expectError(await mutate(editor, 'mutation ($input: PersonInput!) { createPerson(input: $input) { id } }', { input: { names: { en: 'Bad Phone' }, category: 'STAFF', phone: 'call me maybe' } }, createId), 'BAD_USER_INPUT');
      expect(await entriesOfRequest(createId)).toEqual([]);
      const { rows } = await hub.db.query("select count(*)::int as count from node where name_en = 'Bad Phone'");
      expect(rows[0].count).toBe(0);

      const org = await create(hub, 'Organisation', { names: { en: 'Refused Update' }, kind: 'CLUB', notes: 'kept' });
      const updateId = requestId('bad-update');
      expectError(await mutate(editor, updateOrganisation, { id: org.id, input: { notes: 'lost', cityId: '00000000-0000-4000-8000-000000000000' }, v: org.version }, updateId), 'BAD_USER_INPUT');
      expect(await entriesOfRequest(updateId)).toEqual([]);
      expect((await entriesAbout(org.id)).map((entry) => entry.action)).toEqual(['CREATE']);
    });

    it('a stale version (CONFLICT), a refused delete and a role that may not write', async () => {
      const org = await create(hub, 'Organisation', { names: { en: 'Refused Changes' }, kind: 'CLUB' });
      await create(hub, 'Relationship', { kind: 'MEMBER_OF', fromId: (await create(hub, 'Person', { names: { en: 'A Member' }, category: 'STAFF' })).id, toId: org.id });

      const stale = requestId('stale');
      expectError(await mutate(editor, updateOrganisation, { id: org.id, input: { notes: 'stale' }, v: org.version + 7 }, stale), 'CONFLICT');
      const dependents = requestId('dependents');
      expectError(await mutate(editor, 'mutation ($id: ID!, $v: Int!) { deleteOrganisation(id: $id, expectedVersion: $v) { id } }', { id: org.id, v: org.version }, dependents), 'CONFLICT');
      const forbidden = requestId('forbidden');
      expectError(await mutate(analyst, updateOrganisation, { id: org.id, input: { notes: 'analyst' }, v: org.version }, forbidden), 'FORBIDDEN');

      for (const id of [stale, dependents, forbidden]) expect(await entriesOfRequest(id), id).toEqual([]);
      expect((await entriesAbout(org.id)).map((entry) => entry.action)).toEqual(['CREATE']);
    });

    it('in a mutation of two changes, the one that succeeds is recorded and the one refused is not', async () => {
      const id = requestId('two');
      const response = await mutate(
        editor,
        `mutation {
          good: createOrganisation(input: { names: { en: "Two Changes Good" }, kind: CLUB }) { id }
          bad: createPerson(input: { names: { en: "Two Changes Bad" }, category: STAFF, dateOfBirth: "2999-01-01", phone: "not a phone" }) { id }
        }`,
        {},
        id,
      );
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      const { rows } = await hub.db.query("select id from node where name_en = 'Two Changes Good'");
      expect(rows).toHaveLength(1);
      const good = rows[0].id;
      expect(await entriesOfRequest(id)).toEqual([{ action: 'CREATE', record_type: 'Organisation', record_id: good }]);
    });
  });

  describe('history: readable by whoever reads the record', () => {
    const HISTORY = 'query ($id: ID!) { node(id: $id) { id history { action before after actorUsername at } } }';

    it('a VIEWER reads the history of an INTERNAL record, oldest first; not that of a RESTRICTED one', async () => {
      const org = await create(hub, 'Organisation', { names: { en: 'Visible History' }, kind: 'CLUB', notes: 'one' });
      await editor.query('mutation ($id: ID!, $v: Int!) { updateOrganisation(id: $id, input: { notes: "two" }, expectedVersion: $v) { id } }', { id: org.id, v: org.version });
      const history = (await viewer.query(HISTORY, { id: org.id })).node.history as Data[];
      expect(history.map((entry) => [entry.action, entry.actorUsername])).toEqual([
        ['CREATE', 'admin'],
        ['UPDATE', 'editor'],
      ]);
      expect(history[1].before).toMatchObject({ notes: 'one' });
      expect(history[1].after).toMatchObject({ notes: 'two' });
      expect(new Date(history[0].at).getTime()).toBeLessThanOrEqual(new Date(history[1].at).getTime());

      const hidden = await create(hub, 'Organisation', { names: { en: 'Hidden History' }, kind: 'CLUB', visibility: 'RESTRICTED' });
      expect((await viewer.query(HISTORY, { id: hidden.id })).node).toBeNull();
      expect((await analyst.query(HISTORY, { id: hidden.id })).node.history).toHaveLength(1);
    });

    it('personal data is stripped from before and after for ANALYST and VIEWER, kept for EDITOR and ADMIN', async () => {
      const values = { passportNumber: 'HIST0001', dateOfBirth: '1966-06-16', phone: '+39 06 1234 5678', email: 'history@example.org' };
      const person = await create(hub, 'Person', { names: { en: 'Person With History' }, category: 'FOREIGN_GUEST', ...values });
      await editor.query('mutation ($id: ID!, $v: Int!) { updatePerson(id: $id, input: { phone: "+39 06 8765 4321", title: "Mayor" }, expectedVersion: $v) { id } }', { id: person.id, v: person.version });

      for (const reader of [analyst, viewer]) {
        const history = (await reader.query(HISTORY, { id: person.id })).node.history as Data[];
        expect(history.map((entry) => entry.action)).toEqual(['CREATE', 'UPDATE']);
        for (const entry of history) {
          for (const side of [entry.before, entry.after]) {
            if (!side) continue;
            for (const field of PERSONAL) expect(side[field] ?? null, field).toBeNull();
          }
        }
        const text = JSON.stringify(history);
        for (const value of [...Object.values(values), '+39 06 8765 4321']) expect(text).not.toContain(value);
        // what is not personal stays
        expect(history[1].after).toMatchObject({ title: 'Mayor' });
      }

      const full = (await editor.query(HISTORY, { id: person.id })).node.history as Data[];
      expect(full[0].after).toMatchObject(values);
      expect(full[1].before).toMatchObject({ phone: values.phone });
      expect(full[1].after).toMatchObject({ phone: '+39 06 8765 4321' });
      expect((await entriesAbout(person.id)).find((entry) => entry.action === 'CREATE')!.after).toMatchObject(values);
    });
  });

  describe('history names only what the reader may read', () => {
    const HISTORY = 'query ($id: ID!) { node(id: $id) { id history { action before after } } }';
    const VISIT = { direction: 'INBOUND', channel: 'OTHER', headcount: 10, startDate: '2011-05-05' };

    it('ids of RESTRICTED records in a PUBLIC record’s history are null for a VIEWER, kept for an ANALYST', async () => {
      const secretHost = (await create(hub, 'Organisation', { names: { en: 'History Secret Host' }, kind: 'CLUB', visibility: 'RESTRICTED' })).id;
      const openHost = (await create(hub, 'Organisation', { names: { en: 'History Open Host' }, kind: 'CLUB', visibility: 'PUBLIC' })).id;
      // members of both kinds, in an order and number drawn at random
      const members: Array<{ id: string; visibility: string }> = [];
      const count = 3 + Math.floor(Math.random() * 4);
      for (let i = 0; i < count; i += 1) {
        const visibility = i < 2 ? ['PUBLIC', 'RESTRICTED'][i] : ['PUBLIC', 'INTERNAL', 'RESTRICTED'][Math.floor(Math.random() * 3)];
        const names = { en: `History ${visibility === 'RESTRICTED' ? 'secret' : 'open'} member ${i}` };
        members.push({ id: (await create(hub, 'Person', { names, category: 'OTHER', visibility, passportNumber: `HISTPASS${i}` })).id, visibility });
      }
      members.sort(() => Math.random() - 0.5);
      const leader = members.find((member) => member.visibility === 'RESTRICTED')!.id;
      const visit = await create(hub, 'Delegation', {
        ...VISIT,
        names: { en: 'History Public Visit' },
        visibility: 'PUBLIC',
        hostOrganisationId: secretHost,
        sendingOrganisationId: openHost,
        leaderId: leader,
        memberIds: members.map((member) => member.id),
      });
      await editor.query('mutation ($id: ID!, $v: Int!, $host: ID) { updateDelegation(id: $id, input: { hostOrganisationId: $host }, expectedVersion: $v) { id } }', {
        id: visit.id,
        v: visit.version,
        host: openHost,
      });

      const hidden = [secretHost, ...members.filter((member) => member.visibility === 'RESTRICTED').map((member) => member.id)];
      const shown = [openHost, visit.id, ...members.filter((member) => member.visibility !== 'RESTRICTED').map((member) => member.id)];

      const seenByViewer = (await viewer.query(HISTORY, { id: visit.id })).node.history as Data[];
      expect(seenByViewer.map((entry) => entry.action)).toEqual(['CREATE', 'UPDATE']);
      const text = JSON.stringify(seenByViewer);
      for (const id of hidden) expect(text, `a RESTRICTED id ${id}`).not.toContain(id);
      for (const id of shown) expect(text, `a readable id ${id}`).toContain(id);
      // nor anything else of them (an entry keeps references as ids, never the records' names)
      expect(text).not.toMatch(/History Secret Host|secret member/);
      // the reference reads as the record's own field reads for a VIEWER: null
      expect(seenByViewer[0].after.hostOrganisation).toBeNull();
      expect(seenByViewer[0].after.leader).toBeNull();
      expect(seenByViewer[1].before.hostOrganisation).toBeNull();
      expect(seenByViewer[1].after.hostOrganisation).toBe(openHost);
      expect(seenByViewer[0].after.sendingOrganisation).toBe(openHost);
      expect((await viewer.query('query ($id: ID!) { delegation(id: $id) { leader { id } } }', { id: visit.id })).delegation.leader).toBeNull();

      const seenByAnalyst = JSON.stringify((await analyst.query(HISTORY, { id: visit.id })).node.history);
      for (const id of [...hidden, ...shown]) expect(seenByAnalyst).toContain(id);

      // the members as each reader sees them, in every entry: ids only (an update keeps copies of the linked
      // records, with their names and personal data: none of that is shown, not even to an EDITOR)
      const readable = members.filter((member) => member.visibility !== 'RESTRICTED').map((member) => member.id);
      for (const entry of seenByViewer) {
        const listed = entry.after.members as Array<string | null>;
        expect(listed.filter((id) => id !== null).sort()).toEqual([...readable].sort());
        expect(listed.filter((id) => id === null)).toHaveLength(members.length - readable.length);
      }
      for (const reader of [analyst, editor]) {
        const entries = (await reader.query(HISTORY, { id: visit.id })).node.history as Data[];
        for (const entry of entries) expect([...(entry.after.members as string[])].sort()).toEqual(members.map((member) => member.id).sort());
        expect(JSON.stringify(entries)).not.toMatch(/HISTPASS|member \d/);
      }
      expect(text).not.toMatch(/HISTPASS|member \d/);
    });

    it('a state of the record a VIEWER could not read (while RESTRICTED) shows only its visibility', async () => {
      const org = await create(hub, 'Organisation', { names: { en: 'Once Secret Club' }, kind: 'CLUB', visibility: 'RESTRICTED', notes: 'secret plans' });
      await editor.query('mutation ($id: ID!, $v: Int!) { updateOrganisation(id: $id, input: { visibility: PUBLIC, names: { en: "Now Open Club" }, notes: null }, expectedVersion: $v) { id } }', {
        id: org.id,
        v: org.version,
      });
      const history = (await viewer.query(HISTORY, { id: org.id })).node.history as Data[];
      expect(history.map((entry) => entry.action)).toEqual(['CREATE', 'UPDATE']);
      expect(history[0].after).toEqual({ visibility: 'RESTRICTED' });
      expect(history[1].before).toEqual({ visibility: 'RESTRICTED' });
      expect(history[1].after).toMatchObject({ visibility: 'PUBLIC', names: { en: 'Now Open Club' } });
      expect(JSON.stringify(history)).not.toMatch(/Once Secret Club|secret plans/);
      const full = (await analyst.query(HISTORY, { id: org.id })).node.history as Data[];
      expect(full[0].after).toMatchObject({ names: { en: 'Once Secret Club' }, notes: 'secret plans' });
    });
  });

  describe('ADMIN queries the trail with filters', () => {
    it('by record type, action, actor and time', async () => {
      const from = new Date(Date.now() - 1000).toISOString();
      const org = await create(hub, 'Organisation', { names: { en: 'Filtered' }, kind: 'CLUB' });
      await editor.query('mutation ($id: ID!, $v: Int!) { updateOrganisation(id: $id, input: { notes: "filtered" }, expectedVersion: $v) { id } }', { id: org.id, v: org.version });
      const page = (
        await hub.query(`query ($f: AuditFilter) { auditEntries(filter: $f, perPage: 500) { total items { ${ENTRY} } } }`, {
          f: { recordType: 'Organisation', action: ['UPDATE'], actorId: editorId, atFrom: from, atTo: new Date(Date.now() + 1000).toISOString() },
        })
      ).auditEntries;
      expect(page.total).toBe(page.items.length);
      expect(page.items.map((entry: Data) => entry.recordId)).toContain(org.id);
      for (const entry of page.items) expect(entry).toMatchObject({ recordType: 'Organisation', action: 'UPDATE', actorId: editorId });
    });

    it('odd filter values answer with nothing, never an error', async () => {
      // (an id that is no UUID must not match the entries that have no record or no actor, such as sign-ins)
      for (const f of [{ recordId: 'not-a-uuid' }, { actorId: "'; drop table audit_entry; --" }, { recordType: "Organisation' or 1=1 --" }]) {
        const response = await hub.request<Data>('query ($f: AuditFilter) { auditEntries(filter: $f) { total items { action recordId actorId } } }', { f });
        expect(response.errors, JSON.stringify(f)).toBeUndefined();
        expect(response.data!.auditEntries, JSON.stringify(f)).toEqual({ total: 0, items: [] });
      }
    });

    it('sign-ins are recorded; a refused one never with the password tried', async () => {
      const password = 'tried-password-Zq81';
      const response = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.77' },
        body: JSON.stringify({ query: 'mutation ($p: String!) { login(username: "viewer", password: $p) { token } }', variables: { p: password } }),
      });
      expect(((await response.json()) as Data).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      const failed = (await hub.query('{ auditEntries(filter: { action: [SIGN_IN_FAILED] }, perPage: 500) { items { after } } }')).auditEntries.items as Data[];
      expect(failed.map((entry) => entry.after)).toContainEqual(expect.objectContaining({ username: 'viewer' }));
      const { rows } = await hub.db.query('select count(*)::int as count from audit_entry where position($1 in coalesce(before::text, \'\') || coalesce(after::text, \'\')) > 0', [password]);
      expect(rows[0].count).toBe(0);
    });

    it('a refused sign-in under a name that is no account keeps that name out of the audit trail and the log (it may be a password)', async () => {
      // What a user types in the username box by mistake: a password.
      const typed = 'Pw-in-the-name-box-7731';
      const logsBefore = hub.logs.length;
      const response = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.78' },
        body: JSON.stringify({ query: 'mutation ($u: String!) { login(username: $u, password: "whatever") { token } }', variables: { u: typed } }),
      });
      expect(((await response.json()) as Data).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      const failed = (await hub.query('{ auditEntries(filter: { action: [SIGN_IN_FAILED] }, perPage: 500) { items { after } } }')).auditEntries.items as Data[];
      expect(failed.map((entry) => entry.after)).toContainEqual({ unknownAccount: true, address: '203.0.113.78' });
      const { rows } = await hub.db.query('select count(*)::int as count from audit_entry where position(lower($1) in lower(coalesce(before::text, \'\') || coalesce(after::text, \'\'))) > 0', [typed]);
      expect(rows[0].count).toBe(0);
      await expect.poll(() => hub.logs.slice(logsBefore).some((line) => line.includes('sign-in refused'))).toBe(true);
      expect(hub.logs.slice(logsBefore).filter((line) => line.toLowerCase().includes(typed.toLowerCase()))).toEqual([]);
    });
  });

  describe('the application cannot rewrite the past', () => {
    let target: string;
    let original: Data;

    beforeAll(async () => {
      const { rows } = await hub.db.query("select id, actor_username, after::text as after from audit_entry where action = 'CREATE' order by id limit 1");
      original = rows[0];
      target = rows[0].id;
    });

    const refused = async (sql: string) => {
      const client = await hub.db.connect();
      try {
        await client.query('begin');
        let error: unknown;
        try {
          await client.query(sql, sql.includes('$1') ? [target] : []);
        } catch (caught) {
          error = caught;
        }
        await client.query('rollback');
        return error;
      } finally {
        client.release();
      }
    };

    it.each([
      ['UPDATE', "update audit_entry set actor_username = 'mallory', after = '{}' where id = $1"],
      ['DELETE', 'delete from audit_entry where id = $1'],
      ['DELETE (all)', 'delete from audit_entry'],
      ['TRUNCATE', 'truncate audit_entry'],
    ])('%s on audit_entry fails', async (_name, sql) => {
      expect(await refused(sql), sql).toBeInstanceOf(Error);
      const { rows } = await hub.db.query('select id, actor_username, after::text as after from audit_entry where id = $1', [target]);
      expect(rows).toEqual([original]);
    });

    it('an UPDATE outside a transaction fails too, and the entry stays as it was', async () => {
      await expect(hub.db.query("update audit_entry set action = 'SIGN_IN' where id = $1", [target])).rejects.toThrow();
      const { rows } = await hub.db.query('select id, actor_username, after::text as after from audit_entry where id = $1', [target]);
      expect(rows).toEqual([original]);
    });
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { lockTable, waitUntil } from '../support/faults.js';
import { startHub, type Hub } from '../support/hub.js';

/**
 * The server killed with SIGKILL in the middle of a multi-row change: an import of a few
 * thousand rows, and a delegation created with its named members. Afterwards all of the change or none of it is
 * in the database, its audit entries with it, and a new hub on the same database starts and works.
 *
 * The moment is found in the database, not guessed from a clock: either the hub's transaction is held at its
 * last step by a lock the test takes (everything but that step written), or the kill comes as soon as the
 * transaction has written its first row.
 */

const ROWS = 1000;
const MEMBERS = 150;

let database: TestDatabase;
/** A hub on the shared database, for the checks and to prepare the data; the ones killed are started per attempt. */
let keeper: Hub;

beforeAll(async () => {
  database = await createTestDatabase('demo');
  keeper = await startHub({ databaseUrl: database.url });
});

afterAll(async () => {
  await keeper?.stop();
  await database?.drop();
});

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await keeper.db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params);
  return rows[0].n;
}

/** Kills the hub the hard way and waits for it to be gone. */
async function kill(hub: Hub): Promise<void> {
  const exited = new Promise((resolve) => hub.process.once('exit', resolve));
  hub.process.kill('SIGKILL');
  await exited;
  await hub.db.end();
}

/** The hub's backends that are inside a transaction which has written something (it has a transaction id). */
async function writingTransactions(): Promise<number> {
  return count(`pg_stat_activity where datname = current_database() and application_name = 'amity' and backend_xid is not null`);
}

async function lockWaiters(): Promise<number> {
  return count(`pg_stat_activity where datname = current_database() and application_name = 'amity' and wait_event_type = 'Lock'`);
}

type Moment = 'held at its last step' | 'as soon as it writes';

/**
 * Sends a change to a fresh hub and kills that hub at `moment`. `lastTable` is the table the change writes
 * last, which the test locks to hold it there.
 */
async function killDuring(moment: Moment, lastTable: string, send: (hub: Hub, token: string, requestId: string) => Promise<unknown>): Promise<string> {
  const hub = await startHub({ databaseUrl: database.url });
  // Signed in before the lock: signing in writes an audit entry too.
  const token = await hub.login('editor');
  const requestId = `kill-${randomBytes(6).toString('hex')}`;
  const lock = moment === 'held at its last step' ? await lockTable(database.url, lastTable) : undefined;
  try {
    const answer = send(hub, token, requestId).catch(() => 'no answer: the hub was killed');
    // An import checks and writes row by row: on a busy machine a thousand rows take a while to reach the last step.
    if (lock) await waitUntil('the change to wait on the lock', async () => (await lockWaiters()) > 0, 200_000, 20);
    else await waitUntil('the change to write', async () => (await writingTransactions()) > 0 || hub.process.exitCode !== null, 60_000, 5).catch(() => undefined);
    await kill(hub);
    await answer;
  } finally {
    await lock?.release();
  }
  return requestId;
}

function csv(tag: string): string {
  const lines = ['English name,Chinese name,Country'];
  for (let i = 0; i < ROWS; i += 1) lines.push(`${tag} Town ${String(i).padStart(4, '0')},${tag}镇${i},NO`);
  return `${lines.join('\r\n')}\r\n`;
}

async function importCities(hub: Hub, token: string, requestId: string, tag: string): Promise<unknown> {
  const response = await fetch(`${hub.url}/imports/cities/commit`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'x-request-id': requestId },
    body: csv(tag),
  });
  return response.json();
}

/** What of one import is in the database: its cities, their audit entries, its batch. */
async function importState(requestId: string, tag: string) {
  return {
    cities: await count(`city c join node n on n.id = c.id where n.name_en like $1`, [`${tag} Town %`]),
    audits: await count(`audit_entry where request_id = $1`, [requestId]),
    batches: await count(`import_batch where request_id = $1`, [requestId]),
  };
}

describe('SIGKILL in the middle of an import', () => {
  for (const moment of ['held at its last step', 'as soon as it writes'] as const) {
    it(`leaves all of it or none of it (killed ${moment})`, async () => {
      const tag = `K${randomBytes(3).toString('hex')}`;
      const requestId = await killDuring(moment, 'import_batch', (hub, token, id) => importCities(hub, token, id, tag));
      const state = await importState(requestId, tag);
      expect([
        { cities: 0, audits: 0, batches: 0 },
        { cities: ROWS, audits: ROWS, batches: 1 },
      ]).toContainEqual(state);
      // Held at the batch, the rows were all written but not committed: none of them may show.
      if (moment === 'held at its last step') expect(state).toEqual({ cities: 0, audits: 0, batches: 0 });
    }, 300_000);
  }
});

describe('SIGKILL in the middle of a delegation created with its members', () => {
  let members: string[];

  beforeAll(async () => {
    const people = ['English name,Category', ...Array.from({ length: MEMBERS }, (_, i) => `Kill Member ${i},FOREIGN_GUEST`)].join('\r\n');
    const token = await keeper.login('editor');
    const response = await fetch(`${keeper.url}/imports/people/commit`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: `${people}\r\n` });
    const body = (await response.json()) as { batch?: { id: string }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const { rows } = await keeper.db.query<{ id: string }>(`select n.id from person p join node n on n.id = p.id where n.name_en like 'Kill Member %'`);
    members = rows.map((row) => row.id);
    expect(members).toHaveLength(MEMBERS);
  });

  const create = (hub: Hub, token: string, requestId: string, name: string) =>
    hub.request(
      `mutation ($input: DelegationInput!) { createDelegation(input: $input) { id } }`,
      { input: { names: { en: name }, direction: 'INBOUND', channel: 'ACADEMIC', startDate: '2011-05-01', headcount: MEMBERS, memberIds: members } },
      { authorization: `Bearer ${token}`, 'x-request-id': requestId },
    );

  for (const moment of ['held at its last step', 'as soon as it writes'] as const) {
    it(`leaves the delegation with all its members or nothing (killed ${moment})`, async () => {
      const name = `Killed Visit ${randomBytes(3).toString('hex')}`;
      const membershipsBefore = await count('delegation_member');
      // The audit entry is written last, after the delegation and its member rows.
      const requestId = await killDuring(moment, 'audit_entry', (hub, token, id) => create(hub, token, id, name));
      const delegations = await count(`delegation d join node n on n.id = d.id where n.name_en = $1`, [name]);
      const memberships = (await count('delegation_member')) - membershipsBefore;
      const audits = await count(`audit_entry where request_id = $1`, [requestId]);
      expect([
        { delegations: 0, memberships: 0, audits: 0 },
        { delegations: 1, memberships: MEMBERS, audits: 1 },
      ]).toContainEqual({ delegations, memberships, audits });
      if (moment === 'held at its last step') expect({ delegations, memberships, audits }).toEqual({ delegations: 0, memberships: 0, audits: 0 });
    }, 180_000);
  }
});

describe('after the kills', () => {
  it('a new hub on the same database starts, reads and writes', async () => {
    const hub = await startHub({ databaseUrl: database.url });
    try {
      const made = await hub.query(`mutation { createCity(input: { names: { en: "After The Kill" }, countryCode: "NO" }) { id } }`);
      const read = await hub.query(`query ($id: ID!) { city(id: $id) { names { en } } }`, { id: made.createCity.id });
      expect(read.city.names.en).toBe('After The Kill');
      expect((await fetch(`${hub.url}/readyz`)).status).toBe(200);
      // Nothing of the killed hubs' transactions is left open.
      expect(await count(`pg_stat_activity where datname = current_database() and application_name = 'amity' and state like 'idle in transaction%'`)).toBe(0);
    } finally {
      await hub.stop();
    }
  }, 120_000);
});

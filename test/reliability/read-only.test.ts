import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, codeOf, onServerOf, readiness, waitUntil, type Answer } from '../support/faults.js';
import { startHub, type Hub } from '../support/hub.js';
import { serverMain } from '../support/paths.js';
import { startProcess } from '../support/process.js';

/**
 * A read-only database: maintenance with `default_transaction_read_only`, a hot standby or a
 * read-only role all answer SQLSTATE 25006. Writes fail with a clear READ_ONLY and write nothing; reads keep
 * working for signed-in users, API keys and widgets; the hub stays ready, starts on such a database, and takes
 * writes again when the database does.
 */

const ORIGIN = 'https://tourism.example.gov.cn';
const CITIES = '{ cities(perPage: 5, sort: [{ field: names_en }]) { total items { id names { en } } } }';

let hub: Hub;
let admin: string;
let viewer: string;
let widgetKey: string;
let database: string;
let cityId: string;
let cityVersion: number;
let personId: string;

/** Runs one statement from the server's `postgres` database: the hub's own database may be read-only by then. */
const onServer = (sql: string, params: unknown[] = []) => onServerOf(hub.databaseUrl, sql, params);

/** The hub's open connections are cut, so that its new ones see the database's new default (as a failover would). */
async function recycleHubConnections(): Promise<void> {
  await onServer(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = 'amity'`, [database]);
}

async function counts(): Promise<string> {
  const { rows } = await hub.db.query<{ n: string }>(
    `select concat_ws(',', (select count(*) from city), (select count(*) from audit_entry), (select count(*) from session), (select count(*) from delegation)) as n`,
  );
  return rows[0].n;
}

const widget = (operation: string, variables: Record<string, unknown>) =>
  fetch(`${hub.url}/widgets/api/${operation}?${new URLSearchParams({ variables: JSON.stringify(variables), key: widgetKey })}`, { headers: { origin: ORIGIN } });

beforeAll(async () => {
  hub = await startHub();
  database = new URL(hub.databaseUrl).pathname.slice(1);
  admin = await hub.login('admin');
  // Signed in before, used only after the switch, and last seen long ago: its check wants to record its use.
  viewer = await hub.login('viewer');
  await hub.db.query(`update session set last_seen_at = now() - interval '10 minutes' where last_seen_at is not null`);
  const made = await hub.query(`mutation ($input: WidgetKeyInput!) { createWidgetKey(input: $input) { key } }`, {
    input: { name: 'read-only test', office: 'Tourism Bureau', allowedOrigins: [ORIGIN], rateLimitPerMinute: 10_000 },
  });
  widgetKey = made.createWidgetKey.key as string;
  const city = (await hub.query(CITIES)).cities.items[0] as { id: string };
  cityId = city.id;
  cityVersion = (await hub.query(`query ($id: ID!) { city(id: $id) { version } }`, { id: cityId })).city.version as number;

  personId = (await hub.query(`mutation { createPerson(input: { names: { en: "Read-only Guest" }, category: FOREIGN_GUEST, passportNumber: "E12345678" }) { id } }`)).createPerson.id as string;

  await onServer(`alter database "${database}" set default_transaction_read_only = on`);
  await recycleHubConnections();
});

afterAll(async () => {
  if (hub) await onServer(`alter database "${database}" reset default_transaction_read_only`).catch(() => undefined);
  await hub?.stop();
});

describe('a read-only database', () => {
  let before: string;
  let firstRead: Answer;

  it('keeps reads working for a signed-in user whose use cannot be recorded', async () => {
    before = await counts();
    // The first requests after the cut may meet a connection the hub has not yet seen closed: they say so and pass.
    await waitUntil('reads on the new connections', async () => {
      firstRead = await ask(hub.url, viewer, CITIES);
      return codeOf(firstRead) !== 'DATABASE_UNAVAILABLE';
    }, 30_000);
    expect(codeOf(firstRead)).toBe('OK');
    expect(firstRead.body.data?.cities.total).toBeGreaterThan(0);
  }, 60_000);

  it('refuses every kind of change with READ_ONLY and writes nothing', async () => {
    const changes = [
      await ask(hub.url, admin, 'mutation { createCity(input: { names: { en: "Read-only Town" }, countryCode: "NO" }) { id } }'),
      await ask(hub.url, admin, 'mutation ($id: ID!, $v: Int!) { updateCity(id: $id, input: { notes: "changed" }, expectedVersion: $v) { id } }', { id: cityId, v: cityVersion }),
      await ask(hub.url, admin, 'mutation ($id: ID!, $v: Int!) { deleteCity(id: $id, expectedVersion: $v, cascade: true) { deleted } }', { id: cityId, v: cityVersion }),
    ];
    for (const answer of changes) {
      expect(codeOf(answer)).toBe('READ_ONLY');
      expect(answer.body.errors![0].message).toMatch(/read-only: changes are refused, reading works/);
      expect(answer.body.errors![0].message).not.toMatch(/insert|update|delete from|transaction/i);
    }
    const imported = await fetch(`${hub.url}/imports/cities/commit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      body: 'English name,Country\r\nRead-only Import Town,NO\r\n',
    });
    expect(imported.status).toBe(503);
    expect(((await imported.json()) as Answer['body']).errors?.[0].extensions?.code).toBe('READ_ONLY');
    // Signing in needs a new session: refused the same way, clearly.
    const login = await ask(hub.url, '', 'mutation { login(username: "editor", password: "amity-demo") { token } }');
    expect(codeOf(login)).toBe('READ_ONLY');
    expect(await counts()).toBe(before);
  });

  it('keeps reads of every kind working: lists, records, the graph, reports, widgets, readiness', async () => {
    const analystLike = await ask(
      hub.url,
      admin,
      `query ($id: ID!) { city(id: $id) { names { en } } search(q: "Peine", first: 3) { __typename } annualReport(year: 2011) { year } }`,
      { id: cityId },
    );
    expect(codeOf(analystLike)).toBe('OK');
    expect(analystLike.body.data?.city.names.en).toBeTruthy();
    const report = await fetch(`${hub.url}/reports/annual/2011.csv`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(report.status).toBe(200);
    const exported = await fetch(`${hub.url}/exports/cities.csv`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain('Norway');
    const sisters = await widget('SisterCities', {});
    expect(sisters.status).toBe(200);
    expect(((await sisters.json()) as Answer['body']).data?.partnerships).toBeTruthy();
    const stats = await widget('DelegationStats', { year: 2011 });
    expect(stats.status).toBe(200);
    expect(await readiness(hub.url)).toBe(200);
    expect(await counts()).toBe(before);
  });

  it('withholds personal data whose reading cannot be recorded, with the reason', async () => {
    const withPassport = await ask(hub.url, admin, 'query ($id: ID!) { person(id: $id) { names { en } passportNumber } }', { id: personId });
    expect(withPassport.status).toBe(503);
    expect(codeOf(withPassport)).toBe('READ_ONLY');
    expect(withPassport.body.data).toBeUndefined();
    expect(JSON.stringify(withPassport.body)).not.toContain('E12345678');
    expect(withPassport.body.errors![0].message).toMatch(/shown only when its reading is recorded/);
    const without = await ask(hub.url, admin, 'query ($id: ID!) { person(id: $id) { names { en } } }', { id: personId });
    expect(without.body.data?.person.names.en).toBe('Read-only Guest');
    // An export with personal data (ADMIN, EDITOR) is refused before its first row, not cut after its last.
    const people = await fetch(`${hub.url}/exports/people.csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(people.status).toBe(503);
    expect(people.headers.get('content-type')).toMatch(/json/);
    expect(people.headers.get('content-disposition')).toBeNull();
    const text = await people.text();
    expect(text).not.toContain('E12345678');
    expect((JSON.parse(text) as Answer['body']).errors?.[0].extensions?.code).toBe('READ_ONLY');
  });

  it('starts a hub on the read-only database, which reads', async () => {
    // Not startHub: it signs in first, which needs a write.
    const second = startProcess([serverMain], { ...process.env, DATABASE_URL: hub.databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    try {
      const { port } = JSON.parse(await second.waitFor('"Amity is listening"')) as { port: number };
      const url = `http://127.0.0.1:${port}`;
      expect(codeOf(await ask(url, viewer, CITIES))).toBe('OK');
      expect(await readiness(url)).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 120_000);

  it('takes changes again once the database does', async () => {
    await onServer(`alter database "${database}" reset default_transaction_read_only`);
    await recycleHubConnections();
    let created: Answer | undefined;
    await waitUntil('writes on the new connections', async () => {
      created = await ask(hub.url, admin, 'mutation { createCity(input: { names: { en: "Writable Again Town" }, countryCode: "NO" }) { id } }');
      return codeOf(created) !== 'DATABASE_UNAVAILABLE' && codeOf(created) !== 'READ_ONLY';
    }, 30_000);
    expect(codeOf(created!)).toBe('OK');
    expect(hub.logs.filter((line) => line.includes('unexpected error') || line.includes('unhandled error'))).toEqual([]);
  }, 60_000);
});

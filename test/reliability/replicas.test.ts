import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startHub, type Hub } from '../support/hub.js';

/**
 * Issue 9, part 3: read replicas (AMITY_DATABASE_REPLICA_URLS). The "replica" here is a second database made
 * from the same template and never written by the hub, so that where each answer comes from shows: a name
 * changed only in the replica's copy appears in what queries read (ORM and raw SQL alike), while mutations,
 * their checks and their answers, sign-in and widget keys use the primary.
 */

type Data = Record<string, any>;

const CITY = '{ cities(filter: {q: "Takamatsu"}) { items { id version names { en } } } }';

describe('a hub with a read replica', () => {
  let primary: TestDatabase;
  let replica: TestDatabase;
  let replicaDb: pg.Pool;
  let hub: Hub;
  let cityId: string;

  beforeAll(async () => {
    primary = await createTestDatabase('demo');
    replica = await createTestDatabase('demo');
    replicaDb = new pg.Pool({ connectionString: replica.url, max: 1 });
    // The last test drops the replica under its idle connection.
    replicaDb.on('error', () => undefined);
    // Only the replica's copy has this name: what answers it was read from the replica.
    await replicaDb.query("update city set name_en = 'Takamatsu (replica copy)' where name_en = 'Takamatsu'");
    hub = await startHub({ databaseUrl: primary.url, env: { AMITY_DATABASE_REPLICA_URLS: replica.url } });
    cityId = (await hub.db.query("select id from city where name_en = 'Takamatsu'")).rows[0].id;
  });
  afterAll(async () => {
    await hub?.stop();
    await replicaDb?.end();
    await replica?.drop();
    await primary?.drop();
  });

  it('signs in and checks sessions on the primary (the replica has no session rows)', async () => {
    const token = await hub.login('viewer');
    const me = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ me { username } }' }) });
    expect(((await me.json()) as Data).data.me.username).toBe('viewer');
    expect((await replicaDb.query('select count(*)::int as n from session')).rows[0].n).toBe(0);
  });

  it('answers queries from the replica: lists, records, and the raw SQL of search and stats', async () => {
    const listed = (await hub.query(CITY)).cities.items as Data[];
    expect(listed.map((city) => city.names.en)).toEqual(['Takamatsu (replica copy)']);
    expect((await hub.query('query ($id: ID!) { city(id: $id) { names { en } } }', { id: cityId })).city.names.en).toBe('Takamatsu (replica copy)');
    const hits = (await hub.query('{ search(q: "replica copy") { node { id } } }')).search as Data[];
    expect(hits.map((hit) => hit.node.id)).toContain(cityId);
  });

  it('runs a mutation wholly on the primary: its checks, its write and its answer', async () => {
    const before = (await hub.db.query('select version from city where id = $1', [cityId])).rows[0].version as number;
    const update = (name: string, version: number) =>
      hub.query('mutation ($id: ID!, $v: Int!, $name: String!) { updateCity(id: $id, input: { names: { en: $name } }, expectedVersion: $v) { version names { en } } }', { id: cityId, v: version, name });

    const first = (await update('Takamatsu City', before)).updateCity;
    expect(first).toEqual({ version: before + 1, names: { en: 'Takamatsu City' } });
    expect((await hub.db.query('select name_en, version from city where id = $1', [cityId])).rows[0]).toEqual({ name_en: 'Takamatsu City', version: before + 1 });
    expect((await replicaDb.query('select name_en, version from city where id = $1', [cityId])).rows[0]).toEqual({ name_en: 'Takamatsu (replica copy)', version: before });

    // The version check reads the primary too: the replica's older version would refuse this one.
    expect((await update('Takamatsu', before + 1)).updateCity.version).toBe(before + 2);
    // A query still reads the replica, which (being no real replica) never saw either change.
    expect(((await hub.query(CITY)).cities.items as Data[])[0].names.en).toBe('Takamatsu (replica copy)');
  });

  it('checks widget keys on the primary and reads the widget answer from the replica', async () => {
    const made = (await hub.query('mutation ($input: WidgetKeyInput!) { createWidgetKey(input: $input) { key } }', { input: { name: 'replica test', office: 'Tourism Bureau', allowedOrigins: ['https://office.example.org'] } })).createWidgetKey;
    const response = await fetch(`${hub.url}/widgets/api/NodeCard?${new URLSearchParams({ key: made.key, variables: JSON.stringify({ id: cityId }) })}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as Data).data.node.names.en).toBe('Takamatsu (replica copy)');
  });

  it('reads from the primary while the replica does not answer', async () => {
    await replica.drop();
    // Until the hub's next check (every 5 s) notices, reads sent to the dropped replica fail; then they go to the primary.
    await expect.poll(async () => (await hub.request<Data>(CITY)).data?.cities.items[0].names.en, { timeout: 20_000, interval: 500 }).toBe('Takamatsu');
    expect(hub.logs.some((line) => line.includes('read replica does not answer'))).toBe(true);
  });
});

describe('a hub whose read replica is down when it starts', () => {
  let primary: TestDatabase;
  let hub: Hub;
  beforeAll(async () => {
    primary = await createTestDatabase('demo');
    hub = await startHub({ databaseUrl: primary.url, env: { AMITY_DATABASE_REPLICA_URLS: 'postgres://postgres@127.0.0.1:9/nowhere' } });
  });
  afterAll(async () => {
    await hub?.stop();
    await primary?.drop();
  });

  it('starts and answers queries and mutations from the primary', async () => {
    const [city] = (await hub.query(CITY)).cities.items as Data[];
    expect(city.names.en).toBe('Takamatsu');
    const updated = await hub.query('mutation ($id: ID!, $v: Int!) { updateCity(id: $id, input: { notes: "checked" }, expectedVersion: $v) { version } }', { id: city.id, v: city.version });
    expect(updated.updateCity.version).toBe(city.version + 1);
  });
});

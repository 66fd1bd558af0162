import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startHub, type Hub } from '../support/hub.js';
import { repositoryRoot } from '../support/paths.js';

/**
 * Upgrades: a database made at an earlier migration, holding records of several types and
 * their ties, is migrated to the latest by the normal `migrate`, and a hub on it answers every count, name and
 * tie, and edits a record made before. Migrations are forward-only.
 */

const SOURCE = path.join(repositoryRoot, 'server/src/db/migrations');
const COMPILED = path.join(repositoryRoot, 'server/dist/db/migrations');
const migrations = readdirSync(SOURCE)
  .filter((file) => /^Migration\d+_\w+\.ts$/.test(file))
  .sort()
  .map((file) => file.replace(/\.ts$/, ''));
const named = (suffix: string) => {
  const found = migrations.find((name) => name.endsWith(`_${suffix}`));
  if (!found) throw new Error(`no migration ending in _${suffix} among ${migrations.join(', ')}`);
  return found;
};

/** A stable UUID (version 4 form) for the n-th record of a kind, the same in SQL (`uid`) and here (`id`). */
const uid = (kind: string, n: string) => `overlay(overlay(md5('${kind}-' || ${n}) placing '4' from 13) placing '8' from 17)::uuid`;
const id = (kind: string, n: number) => {
  const hex = createHash('md5').update(`${kind}-${n}`).digest('hex').split('');
  hex[12] = '4';
  hex[16] = '8';
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** Rows as an office would have them: 3 countries, 40 cities, 60 schools, 100 guests, 20 partnerships with exchanges, 80 visits with members, 50 ties. */
const RECORDS_SQL = [
  `insert into country (id, code, code3, continent, name_en, visibility) values
     (${uid('country', '1')}, 'NO', 'NOR', 'EUROPE', 'Norway', 'PUBLIC'),
     (${uid('country', '2')}, 'DE', 'DEU', 'EUROPE', 'Germany', 'PUBLIC'),
     (${uid('country', '3')}, 'JP', 'JPN', 'ASIA', 'Japan', 'PUBLIC')`,
  `insert into city (id, name_en, name_zh, country_id, is_home_city, visibility)
     select ${uid('city', 'i')}, 'Upgrade city ' || i, '升级城市' || i, ${uid('country', '1 + i % 3')}, i = 1, 'PUBLIC' from generate_series(1, 40) i`,
  `insert into organisation (id, name_en, kind, city_id, visibility)
     select ${uid('org', 'i')}, 'Upgrade school ' || i, 'SCHOOL', ${uid('city', '1 + i % 40')}, 'PUBLIC' from generate_series(1, 60) i`,
  `update organisation set parent_id = ${uid('org', 'i - 30')} from generate_series(31, 60) i where id = ${uid('org', 'i')}`,
  `insert into person (id, name_en, category, nationality_id, passport_number)
     select ${uid('person', 'i')}, 'Upgrade guest ' || i, 'FOREIGN_GUEST', ${uid('country', '1 + i % 3')}, 'P' || i from generate_series(1, 100) i`,
  `insert into partnership (id, name_en, home_city_id, partner_city_id, level, status, signed_on, status_history)
     select ${uid('partnership', 'i')}, 'Upgrade twinning ' || i, ${uid('city', '1')}, ${uid('city', 'i + 1')}, 'SISTER_CITY', 'AGREEMENT_SIGNED',
            date '2000-01-01' + i, jsonb_build_array(jsonb_build_object('status', 'AGREEMENT_SIGNED', 'date', (date '2000-01-01' + i)::text, 'level', 'SISTER_CITY'))
     from generate_series(1, 20) i`,
  `insert into exchange (id, name_en, field, partnership_id, start_date)
     select ${uid('exchange', 'i')}, 'Upgrade exchange ' || i, 'EDUCATION', ${uid('partnership', 'i')}, date '2005-01-01' + i from generate_series(1, 20) i`,
  `insert into exchange_participant (id, exchange_id, organisation_id, role)
     select ${uid('participant', 'i')}, ${uid('exchange', '1 + (i - 1) % 20')}, ${uid('org', 'i')}, 'school' from generate_series(1, 40) i`,
  `insert into delegation (id, name_en, direction, channel, headcount, start_date, sending_organisation_id, exchange_id, leader_id, origin_city_id, origin_country_id, visibility)
     select ${uid('delegation', 'i')}, 'Upgrade visit ' || i, 'INBOUND', 'SISTER_CITY', 5, date '2011-01-01' + i, ${uid('org', '1 + (i - 1) % 40')},
            ${uid('exchange', '1 + (i - 1) % 20')}, ${uid('person', 'i')}, ${uid('city', '1 + i % 40')}, ${uid('country', '1 + (1 + i % 40) % 3')}, 'PUBLIC'
     from generate_series(1, 80) i`,
  `insert into delegation_member (delegation_id, person_id)
     select ${uid('delegation', 'i')}, ${uid('person', 'i')} from generate_series(1, 80) i
     union all select ${uid('delegation', 'i')}, ${uid('person', '1 + (i + 49) % 100')} from generate_series(1, 80) i`,
  `insert into relationship (id, kind, from_id, to_id, role)
     select ${uid('tie', 'i')}, 'WORKS_FOR', ${uid('person', 'i')}, ${uid('org', '1 + (i - 1) % 60')}, 'teacher' from generate_series(1, 50) i`,
];

/** From the access migration on: an account of the old installation and the audit entries of its work. */
const ACCESS_SQL = [
  `insert into app_user (id, username, display_name, role, password_hash) values (${uid('user', '1')}, 'old-clerk', 'Old clerk', 'EDITOR', 'not a usable hash')`,
  `insert into audit_entry (at, actor_id, actor_username, action, record_type, record_id, after)
     select timestamptz '2012-01-01' + i * interval '1 hour', ${uid('user', '1')}, 'old-clerk', 'CREATE', 'City', ${uid('city', 'i')}, jsonb_build_object('names', jsonb_build_object('en', 'Upgrade city ' || i))
     from generate_series(1, 40) i`,
];

async function runSql(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    for (const sql of statements) await client.query(sql);
    await client.query('commit');
  } finally {
    await client.end();
  }
}

describe.each([
  { from: 'graph', statements: RECORDS_SQL },
  { from: 'access', statements: [...RECORDS_SQL, ...ACCESS_SQL] },
])('upgrade from a populated database at the $from migration', ({ from, statements }) => {
  let database: TestDatabase;
  let hub: Hub;

  beforeAll(async () => {
    database = await createTestDatabase('blank');
    const early = await runCli(['migrate', '--to', named(from)], { DATABASE_URL: database.url });
    expect(early.code, early.stderr).toBe(0);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ name: string }>('select name from mikro_orm_migrations order by id');
    await client.end();
    expect(rows.map((row) => row.name)).toEqual(migrations.slice(0, migrations.indexOf(named(from)) + 1));

    await runSql(database.url, statements);
    const latest = await runCli(['migrate'], { DATABASE_URL: database.url });
    expect(latest.code, latest.stderr).toBe(0);
    const accounts = await runCli(['demo-accounts'], { DATABASE_URL: database.url });
    expect(accounts.code, accounts.stderr).toBe(0);
    hub = await startHub({ databaseUrl: database.url });
  }, 180_000);

  afterAll(async () => {
    await hub?.stop();
    await database?.drop();
  });

  it('has applied every migration, and the hub starts with none pending', async () => {
    const { rows } = await hub.db.query<{ name: string }>('select name from mikro_orm_migrations order by id');
    expect(rows.map((row) => row.name)).toEqual(migrations);
    const ready = await fetch(`${hub.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('answers the same counts, names and countries', async () => {
    const data = await hub.query(`{
      cities { total } organisations { total } people { total } partnerships { total } exchanges { total } delegations { total } relationships { total }
      city(id: "${id('city', 7)}") { names { en zh } country { code names { en } } isHomeCity }
      home: city(id: "${id('city', 1)}") { isHomeCity }
      person(id: "${id('person', 9)}") { names { en } passportNumber nationality { code } }
      countries { total }
    }`);
    expect(data).toMatchObject({
      cities: { total: 40 },
      organisations: { total: 60 },
      people: { total: 100 },
      partnerships: { total: 20 },
      exchanges: { total: 20 },
      delegations: { total: 80 },
      relationships: { total: 50 },
      city: { names: { en: 'Upgrade city 7', zh: '升级城市7' }, country: { code: 'DE', names: { en: 'Germany' } }, isHomeCity: false },
      home: { isHomeCity: true },
      person: { names: { en: 'Upgrade guest 9' }, passportNumber: 'P9', nationality: { code: 'NO' } },
    });
    // The countries the old database lacked were added; those it had were left as they were.
    expect(data.countries.total).toBeGreaterThan(200);
  });

  it('follows the ties: the chain from a partnership to the delegations’ members, relationships and search', async () => {
    const data = await hub.query(`{
      partnership(id: "${id('partnership', 1)}") {
        partnerCity { names { en } }
        exchanges(first: 5) { names { en } participants(first: 5) { organisation { names { en } parent { names { en } } delegations(first: 20) { names { en } members(first: 10) { names { en } } } } } }
      }
      person(id: "${id('person', 3)}") { relationships { kind other { displayName(lang: en) } } }
      search(q: "Upgrade school 33", first: 1) { node { id } }
    }`);
    const partnership = data.partnership;
    expect(partnership.partnerCity.names.en).toBe('Upgrade city 2');
    expect(partnership.exchanges.map((exchange: any) => exchange.names.en)).toEqual(['Upgrade exchange 1']);
    const organisations = partnership.exchanges[0].participants.map((participant: any) => participant.organisation);
    expect(organisations.map((organisation: any) => organisation.names.en).sort()).toEqual(['Upgrade school 1', 'Upgrade school 21']);
    const school1 = organisations.find((organisation: any) => organisation.names.en === 'Upgrade school 1');
    expect(school1.delegations.map((delegation: any) => delegation.names.en).sort()).toEqual(['Upgrade visit 1', 'Upgrade visit 41']);
    const visit1 = school1.delegations.find((delegation: any) => delegation.names.en === 'Upgrade visit 1');
    expect(visit1.members.map((member: any) => member.names.en).sort()).toEqual(['Upgrade guest 1', 'Upgrade guest 51']);
    expect(data.person.relationships).toContainEqual({ kind: 'WORKS_FOR', other: { displayName: 'Upgrade school 3' } });
    expect(data.search[0].node.id).toBe(id('org', 33));
  });

  it('edits and deletes records made before the upgrade, and links new ones to them', async () => {
    const editor = await hub.as('editor');
    const updated = await editor.query(`mutation { updateCity(id: "${id('city', 7)}", input: { names: { en: "Upgrade city 7, renamed" } }, expectedVersion: 1) { version names { en } } }`);
    expect(updated.updateCity).toEqual({ version: 2, names: { en: 'Upgrade city 7, renamed' } });
    const deleted = await editor.query(`mutation { deleteRelationship(id: "${id('tie', 5)}", expectedVersion: 1) { deleted } }`);
    expect(deleted.deleteRelationship.deleted).toBe(1);
    const made = await editor.query(`mutation { createDelegation(input: {
      names: { en: "Visit after the upgrade" }, direction: INBOUND, channel: SISTER_CITY, headcount: 3, startDate: "2026-11-28",
      sendingOrganisationId: "${id('org', 2)}", memberIds: ["${id('person', 2)}", "${id('person', 4)}"] }) { id sendingOrganisation { names { en } } members { names { en } } } }`);
    expect(made.createDelegation.sendingOrganisation.names.en).toBe('Upgrade school 2');
    expect(made.createDelegation.members.map((member: any) => member.names.en).sort()).toEqual(['Upgrade guest 2', 'Upgrade guest 4']);
    const history = await hub.query(`{ city(id: "${id('city', 7)}") { history { action actorUsername } } }`);
    expect(history.city.history).toContainEqual({ action: 'UPDATE', actorUsername: 'editor' });
    if (from === 'access') expect(history.city.history).toContainEqual({ action: 'CREATE', actorUsername: 'old-clerk' });
  });

  // Accounts and the audit trail exist from the access migration on.
  if (from === 'access') it('keeps the old accounts and their audit trail', async () => {
    const data = await hub.query('{ users { username role } }');
    expect(data.users).toContainEqual({ username: 'old-clerk', role: 'EDITOR' });
    const { rows } = await hub.db.query<{ count: number }>(`select count(*)::int as count from audit_entry where actor_username = 'old-clerk'`);
    expect(rows[0].count).toBe(40);
  });
});

describe('migrations are forward-only', () => {
  it('no migration has a down() of its own (the base one refuses), and nothing in the server runs down', async () => {
    expect(migrations.length).toBeGreaterThanOrEqual(6);
    for (const name of migrations) {
      const source = readFileSync(path.join(SOURCE, `${name}.ts`), 'utf8');
      expect(source, name).not.toMatch(/\bdown\s*\(/);
      const module = (await import(pathToFileURL(path.join(COMPILED, `${name}.js`)).href)) as Record<string, new (...args: any[]) => object>;
      const migration = module[name];
      expect(migration, `${name}.js exports the class ${name}`).toBeTypeOf('function');
      expect(Object.prototype.hasOwnProperty.call(migration.prototype, 'down'), `${name} defines down()`).toBe(false);
      expect(Object.prototype.hasOwnProperty.call(migration.prototype, 'up'), `${name} defines up()`).toBe(true);
    }
    const serverFiles = readdirSync(path.join(repositoryRoot, 'server/src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    for (const file of serverFiles) {
      expect(readFileSync(path.join(repositoryRoot, 'server/src', file), 'utf8'), file).not.toMatch(/getMigrator\(\)\s*\.down|migrator\.down\(/);
    }
  });

  it('rolls back every pending migration when one fails, leaving the database as it was', async () => {
    const database = await createTestDatabase('blank');
    try {
      const early = await runCli(['migrate', '--to', named('graph')], { DATABASE_URL: database.url });
      expect(early.code, early.stderr).toBe(0);
      // A table in the way of a later migration: the upgrade must fail, and undo the ones before it too.
      await runSql(database.url, [...RECORDS_SQL, 'create table widget_key (id int)']);
      const failed = await runCli(['migrate'], { DATABASE_URL: database.url });
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain('widget_key');
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const applied = await client.query<{ name: string }>('select name from mikro_orm_migrations order by id');
      const accounts = await client.query(`select 1 from information_schema.tables where table_schema = 'public' and table_name = 'app_user'`);
      const cities = await client.query<{ count: number }>('select count(*)::int as count from city');
      await client.end();
      expect(applied.rows.map((row) => row.name)).toEqual(migrations.slice(0, migrations.indexOf(named('graph')) + 1));
      expect(accounts.rows).toEqual([]);
      expect(cities.rows[0].count).toBe(40);
    } finally {
      await database.drop();
    }
  });

  it('refuses to migrate to a migration that does not exist, and does nothing', async () => {
    const database = await createTestDatabase('blank');
    try {
      const run = await runCli(['migrate', '--to', 'Migration20991231000000_nothing'], { DATABASE_URL: database.url });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('no migration named Migration20991231000000_nothing');
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query(`select table_name from information_schema.tables where table_schema = 'public'`);
      await client.end();
      expect(rows).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { repositoryRoot } from '../support/paths.js';

/**
 * The benchmark's data generator: a deterministic graph of a given number of nodes, loaded with set-based SQL
 * (`insert … select … from generate_series`) into a database migrated and holding the countries.
 *
 * - Deterministic: every id and every "random" choice is a hash of the seed, the record kind and its number
 *   (`md5`), so the same size gives the same database on any machine, and the benchmark computes the ids it
 *   asks for (ids below) without reading them back.
 * - Skewed: references are drawn with `floor(n · r²)`, so the first cities, schools and partnerships are hubs
 *   with many ties and most records have few (record 0 draws about 1/√n of all picks).
 * - The `node` supertype table is filled by the tables' own row triggers (Migration…_graph): a set-based insert
 *   fires them per row, so the loaded data is exactly what the API would have written. Only the trigram index on
 *   `node.search_text` is dropped during the load and built again after it (same definition), which is faster.
 */
export const SEED = 'amity-bench-1';

/** The sizes the issue names (nodes, countries excluded), and XS for a cheap second point in the smoke run. */
export const SIZES = { XS: 2_000, S: 10_000, M: 100_000, L: 1_000_000 } as const;
export type SizeName = keyof typeof SIZES;

/** How many records of each kind a graph of `nodes` nodes holds; every other count follows from these. */
export function countsFor(nodes: number) {
  const share = (fraction: number, min = 1) => Math.max(min, Math.round(nodes * fraction));
  const cities = share(0.02, 20);
  return {
    cities,
    homeCities: Math.max(3, Math.round(cities * 0.01)),
    organisations: share(0.08, 20),
    people: share(0.75, 50),
    partnerships: share(0.005, 5),
    exchanges: share(0.03, 10),
    delegations: share(0.1, 20),
    events: share(0.015, 5),
    relationships: share(0.5, 10),
  };
}
export type Counts = ReturnType<typeof countsFor>;

/** The uuid of the i-th generated record of a kind, as the SQL below makes it (`md5(text)::uuid`). */
export function benchId(kind: string, index: number): string {
  const hex = createHash('md5').update(`${SEED}:${kind}:${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** SQL: the uuid of record `index` (an SQL expression) of a kind. */
const id = (kind: string, index: string) => `md5('${SEED}:${kind}:' || (${index}))::uuid`;
/** SQL: a uniform number in [0, 1) from the seed, a salt and a row number. */
const rnd = (salt: string, index: string) => `(('x' || substr(md5('${SEED}:${salt}:' || (${index})), 1, 8))::bit(32)::bigint / 4294967296.0)`;
/** SQL: a skewed pick in [0, n): small numbers are drawn far more often (hubs). */
const skewed = (n: number, salt: string, index: string) => `floor(${n} * power(${rnd(salt, index)}, 2))::int`;
/** SQL: a uniform pick in [0, n). */
const uniform = (n: number, salt: string, index: string) => `floor(${n} * ${rnd(salt, index)})::int`;
/** SQL: one value of a list, uniformly. */
const oneOf = (values: readonly string[], salt: string, index: string, type: string) => `(array[${values.map((value) => `'${value}'`).join(',')}]::${type}[])[1 + ${uniform(values.length, salt, index)}]`;
/** SQL: a visibility, mostly PUBLIC (widgets read those), some INTERNAL, a few RESTRICTED. */
const visibility = (salt: string, index: string) =>
  `(case when ${rnd(`${salt}.vis`, index)} < 0.8 then 'PUBLIC' when ${rnd(`${salt}.vis`, index)} < 0.95 then 'INTERNAL' else 'RESTRICTED' end)::visibility`;
/** SQL: a date between 2005 and 2025. */
const dateIn = (salt: string, index: string) => `(date '2005-01-01' + ${uniform(7300, salt, index)})`;

/** The i-th school among the organisations: organisations whose number is 0 or 1 modulo 5 are schools. */
const schoolOrganisation = (school: string) => `((${school}) / 2 * 5 + (${school}) % 2)`;

/** The statements that fill an empty (migrated) database with a graph of these counts, in order. */
export function generationSql(counts: Counts): Array<{ label: string; sql: string }> {
  const c = counts;
  const schools = Math.floor(c.organisations / 5) * 2;
  // A country, skewed: `countries.ids` is every country id in code order (a lateral join of the statement).
  const countryPick = (salt: string, index: string) => `countries.ids[1 + floor(cardinality(countries.ids) * power(${rnd(salt, index)}, 2))::int]`;
  const countries = `(select array_agg(id order by code) as ids from country) countries`;
  return [
    {
      label: 'cities',
      sql: `insert into city (id, visibility, name_zh, name_en, name_local, country_id, province, latitude, longitude, is_home_city, aliases)
        select ${id('city', 'i')}, ${visibility('city', 'i')}, '基准城市' || i, 'Bench City ' || i, 'Benchstadt ' || i,
               ${countryPick('city.country', 'i')},
               case when i < ${c.homeCities} then '江西' end,
               -60 + 120 * ${rnd('city.lat', 'i')}, -180 + 360 * ${rnd('city.lon', 'i')}, i < ${c.homeCities}, '{}'
        from generate_series(0, ${c.cities - 1}) i, ${countries}`,
    },
    {
      label: 'organisations',
      sql: `insert into organisation (id, visibility, name_zh, name_en, kind, city_id, parent_id, website, aliases)
        select ${id('organisation', 'i')}, ${visibility('organisation', 'i')}, '基准机构' || i, 'Bench Organisation ' || i,
               (case when i % 5 < 2 then 'SCHOOL' else (array['GOVERNMENT','UNIVERSITY','COMPANY','FOUNDATION','ASSOCIATION','MEDIA','CLUB','OTHER'])[1 + i % 8] end)::organisation_kind,
               ${id('city', skewed(c.cities, 'organisation.city', 'i'))},
               null, 'https://org' || i || '.example.org', '{}'
        from generate_series(0, ${c.organisations - 1}) i`,
    },
    {
      label: 'people',
      sql: `insert into person (id, visibility, name_zh, name_en, category, nationality_id, title, email, aliases)
        select ${id('person', 'i')}, ${visibility('person', 'i')}, '基准人员' || i, 'Bench Person ' || i,
               ${oneOf(['FOREIGN_GUEST', 'FOREIGN_EXPERT', 'OVERSEAS_CHINESE', 'OFFICIAL', 'STAFF', 'OTHER'], 'person.category', 'i', 'person_category')},
               ${countryPick('person.country', 'i')}, 'Title ' || (i % 50), 'person' || i || '@example.org', '{}'
        from generate_series(0, ${c.people - 1}) i, ${countries}`,
    },
    {
      // Partnership i joins a home city (skewed: the first home cities have most) and its own partner city.
      label: 'partnerships',
      sql: `insert into partnership (id, visibility, name_zh, name_en, home_city_id, partner_city_id, level, status, signed_on, status_history, aliases)
        select ${id('partnership', 'i')}, ${visibility('partnership', 'i')}, '基准友城' || i, 'Bench Partnership ' || i,
               ${id('city', skewed(c.homeCities, 'partnership.home', 'i'))}, ${id('city', `${c.homeCities} + i % ${c.cities - c.homeCities}`)},
               level, 'AGREEMENT_SIGNED', signed, jsonb_build_array(jsonb_build_object('status', 'CONTACT_OPENED', 'date', (signed - 365)::text, 'level', 'PROSPECT'),
                                                                   jsonb_build_object('status', 'AGREEMENT_SIGNED', 'date', signed::text, 'level', level::text)), '{}'
        from generate_series(0, ${Math.min(c.partnerships, c.cities - c.homeCities) - 1}) i,
             lateral (select ${oneOf(['SISTER_CITY', 'SISTER_CITY', 'FRIENDLY_EXCHANGE'], 'partnership.level', 'i', 'partnership_level')} as level, ${dateIn('partnership.signed', 'i')} as signed) v`,
    },
    {
      label: 'exchanges',
      sql: `insert into exchange (id, visibility, name_zh, name_en, field, partnership_id, start_date, end_date, status, aliases)
        select ${id('exchange', 'i')}, ${visibility('exchange', 'i')}, '基准交流' || i, 'Bench Exchange ' || i,
               ${oneOf(['EDUCATION', 'EDUCATION', 'CULTURE', 'ECONOMY', 'SPORT', 'YOUTH'], 'exchange.field', 'i', 'exchange_field')},
               case when ${rnd('exchange.free', 'i')} < 0.8 then ${id('partnership', skewed(Math.min(c.partnerships, c.cities - c.homeCities), 'exchange.partnership', 'i'))} end,
               start, start + 180, 'ACTIVE', '{}'
        from generate_series(0, ${c.exchanges - 1}) i, lateral (select ${dateIn('exchange.start', 'i')} as start) v`,
    },
    {
      // Two to four schools take part in each exchange, drawn skewed (a few schools are in very many).
      label: 'exchange participants',
      sql: `insert into exchange_participant (id, exchange_id, organisation_id, role)
        select distinct on (i, school) ${id('participant', "i || '.' || j")}, ${id('exchange', 'i')}, ${id('organisation', schoolOrganisation('school'))}, 'partner school'
        from generate_series(0, ${c.exchanges - 1}) i, generate_series(0, 1 + ${uniform(3, 'participant.count', 'i')}) j,
             lateral (select ${skewed(schools, 'participant.school', "i || '.' || j")} as school) s
        order by i, school, j`,
    },
    {
      label: 'events',
      sql: `insert into event (id, visibility, name_zh, name_en, kind, start_date, end_date, city_id, venue, host_id, attendance, aliases)
        select ${id('event', 'i')}, ${visibility('event', 'i')}, '基准活动' || i, 'Bench Event ' || i,
               ${oneOf(['CONFERENCE', 'FESTIVAL', 'FAIR', 'CEREMONY', 'GALA', 'TRAINING'], 'event.kind', 'i', 'event_kind')},
               start, start + 3, ${id('city', skewed(c.cities, 'event.city', 'i'))}, 'Hall ' || (i % 20), ${id('organisation', skewed(c.organisations, 'event.host', 'i'))},
               100 + ${uniform(5000, 'event.attendance', 'i')}, '{}'
        from generate_series(0, ${c.events - 1}) i, lateral (select ${dateIn('event.start', 'i')} as start) v`,
    },
    {
      // Delegations are sent by schools (skewed) or other organisations, some under an exchange (skewed too).
      label: 'delegations',
      sql: `insert into delegation (id, visibility, name_zh, name_en, direction, channel, purpose, origin_city_id, origin_country_id, destination_city_id,
                                    sending_organisation_id, host_organisation_id, leader_id, headcount, start_date, end_date, exchange_id, aliases)
        select ${id('delegation', 'i')}, ${visibility('delegation', 'i')}, '基准团组' || i, 'Bench Delegation ' || i,
               direction, ${oneOf(['GOVERNMENT_AND_PARTY', 'SISTER_CITY', 'OVERSEAS_CHINESE', 'BUSINESS', 'ACADEMIC', 'OTHER'], 'delegation.channel', 'i', 'delegation_channel')},
               ${oneOf(['OFFICIAL_VISIT', 'CONFERENCE', 'STUDY', 'EDUCATION', 'CULTURE'], 'delegation.purpose', 'i', 'delegation_purpose')},
               ${id('city', skewed(c.cities, 'delegation.origin', 'i'))}, null, ${id('city', skewed(c.homeCities, 'delegation.destination', 'i'))},
               case when ${rnd('delegation.bySchool', 'i')} < 0.6 then ${id('organisation', schoolOrganisation(skewed(schools, 'delegation.school', 'i')))}
                    else ${id('organisation', skewed(c.organisations, 'delegation.sender', 'i'))} end,
               ${id('organisation', skewed(c.organisations, 'delegation.host', 'i'))}, ${id('person', uniform(c.people, 'delegation.leader', 'i'))},
               9 + ${uniform(20, 'delegation.headcount', 'i')}, start, start + 1 + ${uniform(10, 'delegation.length', 'i')},
               case when ${rnd('delegation.inExchange', 'i')} < 0.3 then ${id('exchange', skewed(c.exchanges, 'delegation.exchange', 'i'))} end, '{}'
        from generate_series(0, ${c.delegations - 1}) i,
             lateral (select ${oneOf(['INBOUND', 'INBOUND', 'OUTBOUND'], 'delegation.direction', 'i', 'delegation_direction')} as direction, ${dateIn('delegation.start', 'i')} as start) v`,
    },
    {
      // One to eight named members each (headcount is at least 9, so never below the named members).
      label: 'delegation members',
      sql: `insert into delegation_member (delegation_id, person_id)
        select distinct ${id('delegation', 'i')}, ${id('person', uniform(c.people, 'member.person', "i || '.' || j"))}
        from generate_series(0, ${c.delegations - 1}) i, generate_series(0, ${uniform(8, 'member.count', 'i')}) j
        on conflict do nothing`,
    },
    {
      // People work for organisations (skewed: big employers), organisations are located in cities.
      label: 'relationships',
      sql: `insert into relationship (id, visibility, kind, from_id, to_id, role, start_date)
        select ${id('relationship', 'i')}, ${visibility('relationship', 'i')},
               case when i % 4 = 3 then 'LOCATED_IN'::relationship_kind else (array['WORKS_FOR','MEMBER_OF','REPRESENTS'])[1 + i % 3]::relationship_kind end,
               case when i % 4 = 3 then ${id('organisation', uniform(c.organisations, 'relationship.from', 'i'))} else ${id('person', uniform(c.people, 'relationship.from', 'i'))} end,
               case when i % 4 = 3 then ${id('city', skewed(c.cities, 'relationship.to', 'i'))} else ${id('organisation', skewed(c.organisations, 'relationship.to', 'i'))} end,
               'role ' || (i % 7), ${dateIn('relationship.start', 'i')}
        from generate_series(0, ${c.relationships - 1}) i`,
    },
  ];
}

/** Loads a graph of `nodes` nodes into a migrated database (the client's); returns the seconds each step took. */
export async function generate(client: pg.Client, nodes: number, log: (line: string) => void = () => {}): Promise<Array<[string, number]>> {
  const timings: Array<[string, number]> = [];
  const step = async (label: string, sql: string) => {
    const started = Date.now();
    await client.query(sql);
    timings.push([label, (Date.now() - started) / 1000]);
    log(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  const { rows } = await client.query<{ indexdef: string }>(`select indexdef from pg_indexes where tablename = 'node' and indexname = 'node_search_text_trgm'`);
  await client.query('begin');
  await client.query(`set local synchronous_commit = off`);
  await client.query(`drop index if exists node_search_text_trgm`);
  for (const { label, sql } of generationSql(countsFor(nodes))) await step(label, sql);
  if (rows[0]) await step('search index', rows[0].indexdef);
  await client.query('commit');
  await step('analyze', 'vacuum analyze');
  return timings;
}

/**
 * The name of the cached database of a size: it changes with the migrations and this generator, so a changed
 * schema or generator makes a new one and an unchanged one is reused (as a template) run after run.
 */
export function cachedDatabaseName(size: SizeName): string {
  const migrations = path.join(repositoryRoot, 'server/src/db/migrations');
  const hash = createHash('sha256');
  for (const file of readdirSync(migrations).sort()) hash.update(file).update(readFileSync(path.join(migrations, file)));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  return `amity_bench_${size.toLowerCase()}_${hash.digest('hex').slice(0, 10)}`;
}

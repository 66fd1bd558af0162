import { benchId, countsFor, type Counts } from './generate.js';

/** One HTTP request of the API, as the load generator sends it. */
export interface ApiRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers: Record<string, string>;
}

/** What the queries need to know of the running hub. */
export interface BenchTarget {
  nodes: number;
  token: string;
  /** Widget key secrets, one per measurement that needs one (each has its own rate-limit window). */
  widgetKey: () => Promise<string>;
}

/** What a query must meet in the benchmark; `null` where nothing is asked. */
export interface Goals {
  /** SQL statements per request at most (or exactly, with `exact`). */
  statements: { at: number; exact?: boolean } | null;
  /** API p50 ÷ floor p50 at most, at size M and one connection. */
  ratio: number | null;
}

/** One SQL statement of a floor, as node-postgres takes it. */
export interface Statement {
  text: string;
  values?: unknown[];
}

/** One benchmarked operation: the API request for the n-th call and the same work in plain SQL (the floor). */
export interface BenchQuery {
  id: string;
  title: string;
  goals: Goals;
  /** The n-th request (callers vary ids or parameters with n, as many users would). */
  request(n: number): ApiRequest;
  /**
   * The same work as hand-written SQL, for the n-th call: the statements, run in order on one connection. They are
   * made before the timing starts, as the API's request is; only running them is timed (measure.ts). Absent when
   * there is nothing to compare.
   */
  floor?: (n: number) => Statement[];
  /** Writes: measured last, on data nothing else reads afterwards. */
  writes?: boolean;
  /** A step before each measurement (a widget query takes a new key: its own rate-limit window). */
  prepare?: () => Promise<void>;
}

const graphql = (token: string, query: string, variables: Record<string, unknown>): ApiRequest => ({
  method: 'POST',
  path: '/graphql',
  body: JSON.stringify({ query, variables }),
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
});

/** A spread of record numbers for the n-th call: a large prime stride visits every record before repeating. */
const spread = (n: number, count: number) => (n * 7919) % count;

const CHANNELS = ['GOVERNMENT_AND_PARTY', 'SISTER_CITY', 'OVERSEAS_CHINESE', 'BUSINESS', 'ACADEMIC', 'OTHER'];

const Q1 = `query Q1($filter: DelegationFilter, $page: Int!) {
  delegations(filter: $filter, sort: [{ field: startDate, order: DESC }], page: $page, perPage: 25) {
    total
    items { id names { zh en } direction channel startDate headcount }
  }
}`;

const Q2 = `query Q2($ids: [ID!]!) {
  delegations(filter: { ids: $ids }, perPage: 50) { items { id names { zh en } direction channel startDate headcount } }
}`;

const Q3 = `query Q3($id: ID!) {
  delegation(id: $id) {
    id names { zh en } direction channel purpose headcount startDate endDate visibility version
    sendingOrganisation { id names { zh en } }
    hostOrganisation { id names { zh en } }
    destinationCity { id names { zh en } }
    leader { id names { zh en } }
    members { id names { zh en } }
  }
}`;

/**
 * Each list at what the chain city's data holds (at M: one partnership, up to 4 exchanges of up to 4 schools, up
 * to 22 delegations of a school, up to 9 members), so that the answer is the whole chain, as the floor's.
 */
const Q4 = `query Q4($id: ID!) {
  city(id: $id) {
    names { zh en }
    partnerships(first: 2) {
      names { zh en }
      exchanges(first: 5) {
        names { zh en }
        participants(first: 5) {
          role
          organisation {
            names { zh en }
            delegations(first: 50) { names { zh en } startDate members(first: 10) { names { zh en } } }
          }
        }
      }
    }
  }
}`;

const Q5_PATHS = `query Q5($from: ID!, $to: ID!) {
  paths(from: $from, to: $to, maxHops: 4) { length truncated paths { length nodes { __typename id names { zh en } } edges { kind field direction } } }
}`;

const Q5_NEIGHBOURHOOD = `query Q5n($id: ID!) {
  neighbourhood(id: $id, depth: 2) { truncated nodes { __typename id names { zh en } } edges { kind field direction } }
}`;

const Q6 = `query Q6 { stats { delegations(groupBy: [YEAR, CHANNEL]) { year channel count personTimes } } }`;

const Q8 = `mutation Q8($input: DelegationInput!) { createDelegation(input: $input) { id version members { id } } }`;

/** The hand-written SQL of Q4: the same chain as one join, flat rows. */
const CHAIN_SQL = `select c.name_zh, c.name_en, p.name_zh as p_zh, p.name_en as p_en, x.name_zh as x_zh, x.name_en as x_en, ep.role,
    o.name_zh as o_zh, o.name_en as o_en, d.name_zh as d_zh, d.name_en as d_en, d.start_date, m.name_zh as m_zh, m.name_en as m_en
  from city c
  join partnership p on p.home_city_id = c.id or p.partner_city_id = c.id
  left join exchange x on x.partnership_id = p.id
  left join exchange_participant ep on ep.exchange_id = x.id
  left join organisation o on o.id = ep.organisation_id
  left join delegation d on d.sending_organisation_id = o.id or d.host_organisation_id = o.id
  left join delegation_member dm on dm.delegation_id = d.id
  left join person m on m.id = dm.person_id
  where c.id = $1`;

/**
 * The walk the paths and neighbourhood queries make, in plain SQL: breadth first over the edge view, undirected,
 * reaching at most $3 nodes (a level that would pass the cap keeps only its first nodes), as the API's walk does.
 */
const WALK_CTE = `walk(depth, frontier, visited) as (
    select 0, array[$1::uuid], array[$1::uuid]
    union all
    select w.depth + 1, step.found[1:$3 - cardinality(w.visited)], w.visited || step.found[1:$3 - cardinality(w.visited)]
    from walk w cross join lateral (
      select coalesce(array_agg(id), '{}') as found from (
        select e.to_id as id from edge e where e.from_id = any(w.frontier)
        union select e.from_id from edge e where e.to_id = any(w.frontier)
        except select unnest(w.visited)) r) step
    where w.depth < $2 and cardinality(step.found) > 0 and cardinality(w.visited) < $3 and not ($4::uuid = any(w.frontier)))`;

/** Q5 paths' floor: the walk towards the target, with the names of the nodes reached at each level. */
const WALK_SQL = `with recursive ${WALK_CTE}
  select w.depth, (select jsonb_agg(jsonb_build_object('id', n.id, 'type', n.type, 'zh', n.name_zh, 'en', n.name_en))
                   from node n where n.id = any(w.frontier)) as nodes
  from walk w order by depth`;

/** A target no walk reaches (a neighbourhood has none; its centre as the target would stop the walk at once). */
const NO_TARGET = '00000000-0000-0000-0000-000000000000';

/** Q5 neighbourhood's floor: what the API answers, the nodes within the depth with their names and every tie among them. */
const NEIGHBOURHOOD_SQL = `with recursive ${WALK_CTE},
  reached as (select unnest(frontier) as id, depth from walk),
  members as (select array_agg(id) as ids from reached)
  select (select jsonb_agg(jsonb_build_object('id', n.id, 'type', n.type, 'zh', n.name_zh, 'en', n.name_en, 'depth', r.depth))
            from reached r join node n on n.id = r.id) as nodes,
         (select jsonb_agg(jsonb_build_object('kind', e.kind, 'field', e.field, 'from', e.from_id, 'to', e.to_id))
            from edge e where e.from_id = any((select ids from members)::uuid[]) and e.to_id = any((select ids from members)::uuid[])) as ties`;

/**
 * The benchmark's queries Q1–Q8 against a generated database of `nodes` nodes: the ids are computed from the generator's
 * formulas (generate.ts), so every size asks the same questions of its own data.
 */
export function benchQueries(target: BenchTarget): BenchQuery[] {
  const c: Counts = countsFor(target.nodes);
  const { token } = target;
  const partnerships = Math.min(c.partnerships, c.cities - c.homeCities);
  // A typical partner city: its one partnership is the 10th percentile by exchanges (hubs come first).
  const chainCity = (n: number) => benchId('city', c.homeCities + Math.floor(partnerships / 10) + (n % 5));
  const widget = (operation: string, variables: Record<string, unknown>, key: string): ApiRequest => ({
    method: 'GET',
    path: `/widgets/api/${operation}?variables=${encodeURIComponent(JSON.stringify(variables))}&key=${encodeURIComponent(key)}`,
    headers: {},
  });
  // A date and a page size of 10 to 20 events for the n-th widget request: every (date, size) pair recurs only after
  // 77,000 requests, so a measurement of new parameters misses the cache; the sizes are alike in every
  // measurement, so that the rounds measuring the hub's memory are alike too.
  const upcoming = (n: number) => ({ from: new Date(Date.UTC(2005, 0, 1 + (n % 7000))).toISOString().slice(0, 10), first: 10 + (n % 11) });
  const upcomingFloor = (n: number): Statement[] => {
    const { from, first } = upcoming(n);
    return [
      {
        text: `select e.id, e.kind, e.start_date, e.end_date, e.venue, e.name_zh, e.name_en, c.id as city_id, c.name_zh as city_zh, c.name_en as city_en
         from event e left join city c on c.id = e.city_id and c.visibility = 'PUBLIC'
         where e.visibility = 'PUBLIC' and e.start_date >= $1 order by e.start_date, e.id limit $2`,
        values: [from, first],
      },
      { text: `select count(*) from event e where e.visibility = 'PUBLIC' and e.start_date >= $1`, values: [from] },
    ];
  };
  let missKey = '';
  let hitKey = '';

  return [
    {
      id: 'Q1',
      title: 'admin list: filter, sort, total',
      goals: { statements: { at: 2 }, ratio: 2 },
      request: (n) => graphql(token, Q1, { filter: { channel: [CHANNELS[n % 6]], startDateFrom: '2010-01-01' }, page: 1 + (n % 10) }),
      floor: (n) => {
        const where = `where channel = $1 and start_date >= '2010-01-01'`;
        return [
          {
            text: `select id, name_zh, name_en, direction, channel, start_date, headcount from delegation ${where} order by start_date desc nulls last, id limit 25 offset $2`,
            values: [CHANNELS[n % 6], 25 * (n % 10)],
          },
          { text: `select count(*) from delegation ${where}`, values: [CHANNELS[n % 6]] },
        ];
      },
    },
    {
      id: 'Q2',
      title: 'fifty records by id',
      goals: { statements: { at: 1, exact: true }, ratio: 2 },
      request: (n) => graphql(token, Q2, { ids: Array.from({ length: 50 }, (_, j) => benchId('delegation', spread(n * 50 + j, c.delegations))) }),
      floor: (n) => [
        {
          text: `select id, name_zh, name_en, direction, channel, start_date, headcount from delegation where id = any($1::uuid[])`,
          values: [Array.from({ length: 50 }, (_, j) => benchId('delegation', spread(n * 50 + j, c.delegations)))],
        },
      ],
    },
    {
      id: 'Q3',
      title: 'record page with its relations',
      goals: { statements: { at: 3 }, ratio: 2 },
      request: (n) => graphql(token, Q3, { id: benchId('delegation', spread(n, c.delegations)) }),
      floor: (n) => [
        {
          text: `select d.*, so.name_zh as so_zh, so.name_en as so_en, ho.name_zh as ho_zh, ho.name_en as ho_en, dc.name_zh as dc_zh, dc.name_en as dc_en,
                    l.name_zh as l_zh, l.name_en as l_en,
                    (select jsonb_agg(jsonb_build_object('id', p.id, 'zh', p.name_zh, 'en', p.name_en)) from delegation_member dm join person p on p.id = dm.person_id where dm.delegation_id = d.id) as members
             from delegation d
             left join organisation so on so.id = d.sending_organisation_id left join organisation ho on ho.id = d.host_organisation_id
             left join city dc on dc.id = d.destination_city_id left join person l on l.id = d.leader_id
             where d.id = $1`,
          values: [benchId('delegation', spread(n, c.delegations))],
        },
      ],
    },
    {
      id: 'Q4',
      title: 'chain city → … → members',
      goals: { statements: { at: 6 }, ratio: 2.5 },
      request: (n) => graphql(token, Q4, { id: chainCity(n) }),
      floor: (n) => [{ text: CHAIN_SQL, values: [chainCity(n)] }],
    },
    {
      id: 'Q5p',
      title: 'paths (maxHops 4)',
      goals: { statements: { at: 1, exact: true }, ratio: 1.2 },
      request: (n) => graphql(token, Q5_PATHS, { from: benchId('person', spread(n, c.people)), to: benchId('city', 0) }),
      floor: (n) => [{ text: WALK_SQL, values: [benchId('person', spread(n, c.people)), 4, 1000, benchId('city', 0)] }],
    },
    {
      id: 'Q5n',
      title: 'neighbourhood (depth 2)',
      goals: { statements: { at: 1, exact: true }, ratio: 1.2 },
      request: (n) => graphql(token, Q5_NEIGHBOURHOOD, { id: benchId('organisation', 20 + (n % 100)) }),
      floor: (n) => [{ text: NEIGHBOURHOOD_SQL, values: [benchId('organisation', 20 + (n % 100)), 2, 500, NO_TARGET] }],
    },
    {
      id: 'Q6',
      title: 'stats by year and channel',
      goals: { statements: { at: 1, exact: true }, ratio: 1.2 },
      request: () => graphql(token, Q6, {}),
      // The year as the hub computes it: date_part (a float) rather than extract (a numeric), a fifth less time.
      floor: () => [{ text: `select date_part('year', start_date)::int as year, channel, count(*), sum(headcount) from delegation group by 1, 2 order by 1, 2` }],
    },
    {
      id: 'Q7miss',
      title: 'widget, uncached (new parameters)',
      goals: { statements: { at: 1 }, ratio: null },
      prepare: async () => void (missKey = await target.widgetKey()),
      request: (n) => widget('UpcomingEvents', upcoming(n + 1), missKey),
      floor: (n) => upcomingFloor(n + 1),
    },
    {
      id: 'Q7hit',
      title: 'widget, cached (requests asked before)',
      goals: { statements: { at: 0, exact: true }, ratio: null },
      prepare: async () => void (hitKey = await target.widgetKey()),
      // The same eleven requests over and over (cached after the first of each), of the sizes the uncached ask.
      request: (n) => widget('UpcomingEvents', upcoming(n % 11), hitKey),
    },
    {
      id: 'Q8',
      title: 'create a delegation with 8 members',
      goals: { statements: null, ratio: null },
      writes: true,
      request: (n) =>
        graphql(token, Q8, {
          input: {
            names: { zh: `基准新团组${n}`, en: `Bench new delegation ${n}` },
            direction: 'INBOUND',
            channel: 'BUSINESS',
            headcount: 12,
            startDate: '2026-05-01',
            sendingOrganisationId: benchId('organisation', spread(n, c.organisations)),
            memberIds: Array.from({ length: 8 }, (_, j) => benchId('person', spread(n * 8 + j, c.people))),
          },
        }),
      floor: (n) => {
        const id = crypto.randomUUID();
        const sending = benchId('organisation', spread(n, c.organisations));
        const members = Array.from({ length: 8 }, (_, j) => benchId('person', spread(n * 8 + j, c.people)));
        return [
          { text: 'begin' },
          {
            text: `insert into delegation (id, name_zh, name_en, direction, channel, headcount, start_date, sending_organisation_id) values ($1, $2, $3, 'INBOUND', 'BUSINESS', 12, '2026-05-01', $4)`,
            values: [id, `基准新团组${n}`, `Bench new delegation ${n}`, sending],
          },
          { text: `insert into delegation_member (delegation_id, person_id) select $1, unnest($2::uuid[])`, values: [id, members] },
          { text: `insert into audit_entry (action, record_type, record_id, after) values ('CREATE', 'Delegation', $1, $2)`, values: [id, JSON.stringify({ members })] },
          { text: 'commit' },
        ];
      },
    },
  ];
}

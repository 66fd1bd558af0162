import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Client, type GraphQLResponse, type Hub } from '../support/hub.js';

/**
 * Generated from the schema: every query that answers records, asked by a VIEWER on the demo data in which records
 * of every type (and the ties around them) are RESTRICTED, answers none of them, however deep it looks. A new query,
 * field or type is covered as soon as it is in the schema; one this test cannot make answer a RESTRICTED record to
 * an ADMIN fails it, so that it is taught the new argument rather than passing without looking.
 */

type Data = Record<string, any>;

/** How many levels of fields below a query's answer the generated selections reach. */
const DEPTH = 2;
/** Records restricted here of each type (besides those the demo data has already), tied ones first. */
const RESTRICTED_EACH = 3;
/** Limits raised for this test only: its selections are far larger than a client's. */
const LIMITS = { AMITY_MAX_DEPTH: '20', AMITY_MAX_TOKENS: '1000000', AMITY_MAX_FIELDS: '1000000', AMITY_MAX_COST: '1000000000000', AMITY_MAX_BODY_BYTES: String(10 * 1024 * 1024), AMITY_MAX_RECORDS: '10000000', AMITY_MAX_ALIASES: '1000' };

/**
 * Queries of figures, whose answers name records only when grouped by a dimension that is a record (an argument
 * of their nested fields) or not at all: access.test.ts and annual-report.test.ts show they count only what the
 * caller may read.
 */
const FIGURES = ['stats', 'annualReport'];

const named = (type: Data): Data => (type.ofType ? named(type.ofType) : type);
const required = (arg: Data) => arg.type.kind === 'NON_NULL' && arg.defaultValue == null;
const snake = (name: string) => name.replace(/[A-Z]/g, (letter, at: number) => `${at > 0 ? '_' : ''}${letter.toLowerCase()}`);

describe('generated from the schema: a VIEWER never receives a RESTRICTED record, from any query', () => {
  let hub: Hub;
  let viewer: Client;
  let types: Map<string, Data>;
  let queryFields: Data[];
  let recordTypes: string[];
  /** Every RESTRICTED record's id. */
  const restricted = new Set<string>();
  /** The records restricted here, by type, and visible nodes tied to each. */
  const restrictedOf = new Map<string, string[]>();
  const visibleNeighbours = new Map<string, Array<{ id: string; type: string }>>();
  const restrictedNames: string[] = [];
  const restrictedYears: number[] = [];

  beforeAll(async () => {
    hub = await startHub({ env: LIMITS });
    viewer = await hub.as('viewer');
    const introspection = await hub.query(`{ __schema {
      queryType { name }
      types {
        kind name
        interfaces { name }
        possibleTypes { name }
        fields { name args { name defaultValue type { kind name ofType { kind name ofType { kind name } } } } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
        inputFields { name }
      }
    } }`);
    types = new Map((introspection.__schema.types as Data[]).map((type) => [type.name, type]));
    queryFields = types.get(introspection.__schema.queryType.name)!.fields;
    recordTypes = (types.get('Record')!.possibleTypes as Data[]).map((type) => type.name as string);

    for (const type of recordTypes) {
      const { rows } = await hub.db.query<{ id: string }>(
        `update "${snake(type)}" set visibility = 'RESTRICTED'
          where id in (select t.id from "${snake(type)}" t
                        where t.visibility <> 'RESTRICTED'
                        order by exists (select 1 from edge e where t.id in (e.from_id, e.to_id, e.relationship_id)) desc, t.id limit ${RESTRICTED_EACH})
          returning id`,
      );
      restrictedOf.set(type, rows.map((row) => row.id));
    }
    const all = await hub.db.query<{ id: string; name: string | null }>(`select id, coalesce(name_en, name_zh) as name from node where visibility = 'RESTRICTED'`);
    for (const row of all.rows) restricted.add(row.id);
    const ties = await hub.db.query<{ restricted: string; id: string; type: string }>(
      `select r.id as restricted, o.id, o.type
         from unnest($1::uuid[]) as r(id)
         join edge e on r.id in (e.from_id, e.to_id, e.relationship_id)
         join node o on o.id in (e.from_id, e.to_id) and o.id <> r.id and o.visibility <> 'RESTRICTED'
        order by r.id, o.id`,
      [[...restrictedOf.values()].flat()],
    );
    for (const row of ties.rows) {
      const found = visibleNeighbours.get(row.restricted) ?? [];
      if (!found.some((other) => other.id === row.id)) found.push({ id: row.id, type: row.type });
      visibleNeighbours.set(row.restricted, found);
    }
    const mine = new Set([...restrictedOf.values()].flat());
    const years = await hub.db.query<{ year: number }>(`select distinct year from target where visibility = 'RESTRICTED' order by year`);
    restrictedYears.push(...years.rows.map((row) => row.year));
    restrictedNames.push(...all.rows.filter((row) => mine.has(row.id) && row.name).map((row) => row.name!.split(/\s+/).slice(0, 2).join(' ')));
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
  });

  /** The selection of every id under a value of this type, `depth` levels of fields deep. */
  function selectionOf(typeName: string, depth: number): string {
    const type = types.get(typeName)!;
    if (type.kind === 'INTERFACE' || type.kind === 'UNION') {
      const own = type.kind === 'INTERFACE' && type.fields.some((field: Data) => field.name === 'id') ? 'id ' : '';
      if (depth === 0) return `__typename ${own}`;
      // A level of its own: every type of the interface, each as deep, would pass the limit on aliases.
      return `__typename ${own}${(type.possibleTypes as Data[]).map((possible) => `... on ${possible.name} { ${selectionOf(possible.name, depth - 1)} }`).join(' ')}`;
    }
    const parts: string[] = ['__typename'];
    for (const field of type.fields as Data[]) {
      if (field.args.some(required)) continue;
      const inner = named(field.type);
      if (inner.kind === 'SCALAR') {
        // Each under an alias of its own: the same name on two types of an interface may differ in type.
        if (inner.name === 'ID') parts.push(`${typeName}_${field.name}: ${field.name}`);
      } else if (inner.kind !== 'ENUM' && depth > 0) {
        parts.push(`${typeName}_${field.name}: ${field.name} { ${selectionOf(inner.name, depth - 1)} }`);
      }
    }
    return parts.join(' ');
  }

  /** Does a selection of this type, that deep, reach a record? */
  function reachesRecords(typeName: string, depth: number, seen = new Set<string>()): boolean {
    if (recordTypes.includes(typeName) || typeName === 'Record' || typeName === 'Node') return true;
    const type = types.get(typeName)!;
    if (depth < 0 || seen.has(typeName) || !type.fields) return false;
    seen.add(typeName);
    return (type.fields as Data[]).some((field) => !field.args.some(required) && reachesRecords(named(field.type).name, depth - 1, seen));
  }

  const neighboursOf = (types?: readonly string[]) =>
    [...restrictedOf.entries()]
      .flatMap(([, ids]) => ids.flatMap((id) => visibleNeighbours.get(id) ?? []))
      .filter((node) => !types || types.includes(node.type))
      .slice(0, 4)
      .map((node) => node.id);

  /** The argument sets a query field is asked with: each must give a RESTRICTED record the chance to show. */
  function argumentSets(field: Data): Data[] {
    const answer = named(field.type).name as string;
    const argNames = (field.args as Data[]).map((arg) => arg.name as string);
    const missing = (field.args as Data[]).filter(required).map((arg) => arg.name as string).filter((name) => !['id', 'from', 'to', 'q', 'year'].includes(name));
    if (missing.length > 0) throw new Error(`Query.${field.name}: teach this test a value for ${missing.join(', ')}`);
    const sets: Data[] = [];
    if (argNames.includes('id')) {
      const ofType = recordTypes.includes(answer) ? [answer] : undefined;
      const own = ofType ? (restrictedOf.get(answer) ?? []) : [...restrictedOf.values()].flat().slice(0, 6);
      for (const id of [...own, ...neighboursOf(ofType), ...(ofType ? [] : neighboursOf())]) sets.push(argNames.includes('depth') ? { id, depth: 2 } : { id });
    } else if (argNames.includes('from')) {
      const relationships = new Set(restrictedOf.get('Relationship'));
      for (const [id, around] of [...visibleNeighbours].filter(([restrictedId]) => !relationships.has(restrictedId))) {
        if (around.length >= 2) sets.push({ from: around[0].id, to: around[1].id });
        sets.push({ from: id, to: around[0].id });
        if (sets.length >= 8) break;
      }
    } else if (argNames.includes('q')) {
      for (const q of restrictedNames.slice(0, 12)) sets.push({ q });
    } else if (argNames.includes('year')) {
      for (const year of restrictedYears.slice(0, 4)) sets.push({ year });
    } else {
      const filter = (field.args as Data[]).find((arg) => arg.name === 'filter');
      const ids = recordTypes.includes(answer.replace(/Page$/, '')) ? restrictedOf.get(answer.replace(/Page$/, '')) : undefined;
      sets.push(argNames.includes('perPage') ? { perPage: 20 } : {});
      if (filter && ids && types.get(named(filter.type).name)?.inputFields?.some((input: Data) => input.name === 'ids')) sets.push({ filter: { ids }, perPage: 20 });
    }
    return sets;
  }

  function queryOf(field: Data, args: Data): { query: string; variables: Data } {
    const declared = (field.args as Data[]).filter((arg) => arg.name in args);
    const typeText = (type: Data): string => (type.kind === 'NON_NULL' ? `${typeText(type.ofType)}!` : type.kind === 'LIST' ? `[${typeText(type.ofType)}]` : type.name);
    const variables = declared.map((arg) => `$${arg.name}: ${typeText(arg.type)}`).join(', ');
    const passed = declared.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
    const inner = named(field.type);
    const selection = inner.kind === 'SCALAR' || inner.kind === 'ENUM' ? '' : `{ ${selectionOf(inner.name, DEPTH)} }`;
    return { query: `query${variables ? ` (${variables})` : ''} { answer: ${field.name}${passed ? `(${passed})` : ''} ${selection} }`, variables: args };
  }

  const restrictedIn = (response: GraphQLResponse<Data>) => [...JSON.stringify(response.data ?? null).matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)].map((match) => match[0]).filter((id) => restricted.has(id));

  it('the data has RESTRICTED records of every type', () => {
    expect(recordTypes.length).toBeGreaterThanOrEqual(13);
    for (const type of recordTypes) expect(restrictedOf.get(type), type).toHaveLength(RESTRICTED_EACH);
  });

  it('every query that answers records: an ADMIN receives RESTRICTED records from it, a VIEWER none', async () => {
    const asked = queryFields.filter((field) => reachesRecords(named(field.type).name, DEPTH) && !FIGURES.includes(field.name));
    expect(asked.map((field) => field.name)).toEqual(expect.arrayContaining(['people', 'person', 'node', 'neighbourhood', 'paths', 'search', 'relationships']));
    const problems: string[] = [];
    for (const field of asked) {
      let adminSaw = 0;
      for (const args of argumentSets(field)) {
        const { query, variables } = queryOf(field, args);
        const [asAdmin, asViewer] = [await hub.request<Data>(query, variables), await viewer.request<Data>(query, variables)];
        adminSaw += restrictedIn(asAdmin).length;
        const leaked = restrictedIn(asViewer);
        if (leaked.length > 0) problems.push(`${field.name}(${JSON.stringify(args)}): a VIEWER received RESTRICTED ${[...new Set(leaked)].join(', ')}`);
        const unexpected = (asViewer.errors ?? []).filter((error) => error.extensions?.code !== 'NOT_FOUND');
        if (unexpected.length > 0) problems.push(`${field.name}(${JSON.stringify(args)}): a VIEWER got ${JSON.stringify(unexpected)}`);
        // A Relationship record's id names no node to walk from: NOT_FOUND, for every role.
        if (asAdmin.errors?.some((error) => error.extensions?.code !== 'NOT_FOUND')) problems.push(`${field.name}(${JSON.stringify(args)}): an ADMIN got ${JSON.stringify(asAdmin.errors)}`);
      }
      if (adminSaw === 0) problems.push(`${field.name}: not one RESTRICTED record reached even an ADMIN; teach this test arguments that would show one`);
    }
    expect(problems).toEqual([]);
  }, 600_000);
});

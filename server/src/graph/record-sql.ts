import { ReferenceKind, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RecordApiTypes } from './api-types.js';
import { NodeRecord } from './node-record.entity.js';
import { NodeEntity } from './record.entity.js';
import type { RecordType } from './record-types.js';
import { textArray, uuidArray } from './sql.js';
import { VISIBLE_ENDS_FILTER, VISIBLE_FILTER, visibilitiesOf, visibleRecordSql } from './visible.js';

/** SQL text with `?` placeholders and their values. */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

/**
 * The SQL of the reads that answer requests (lists, records by id, relations), written here rather than through
 * the ORM's query builder: for a page of fifty records, building the statement through the query builder (its
 * criteria tree, then knex compiling it) cost more than PostgreSQL took to run it. Every read is of one table
 * under the alias `e`; its conditions are ANDed.
 */
export interface RecordRead {
  meta: EntityMetadata;
  /** Column names to read, or null for every column. */
  columns: readonly string[] | null;
  /** More selected expressions (`… as __name`), read onto the records by readRows. */
  extra?: SqlPart[];
  /** A join after the table (`join … on … = e.id`), e.g. the pivot rows a collection's items are read through. */
  join?: SqlPart;
  conditions: SqlPart[];
  /** ORDER BY expressions. */
  order?: string[];
  limit?: number;
  offset?: number;
  /**
   * Each parent's records apart, at most `limit` of each, in `order`: `ids` (a uuid[] array literal) are the
   * parents, which the join and conditions name as `p.id`. Each parent's share is read by its own index probe (a
   * lateral join), so a parent with 100,000 items costs what one with `limit` does when an index gives the order.
   * The rows come parent after parent, each parent's in `order` (a lateral join is a nested loop), with no sort
   * of the whole: so a `limit` on all of them (the request's budget of records) stops the statement as soon as
   * it is reached, rather than after every parent's share is read and sorted.
   */
  perParent?: { ids: string; limit: number };
}

/** The statement of a read. */
export function recordReadSql(read: RecordRead): SqlPart {
  const params: unknown[] = [];
  const selected = read.columns ? read.columns.map((column) => `e."${column}"`) : ['e.*'];
  for (const extra of read.extra ?? []) {
    selected.push(extra.sql);
    params.push(...extra.params);
  }
  const where = whereSql(read.conditions);
  const join = read.join ? ` ${read.join.sql}` : '';
  const order = read.order?.length ? ` order by ${read.order.join(', ')}` : '';
  let sql: string;
  if (read.perParent) {
    sql =
      `select ${selected.join(', ')} from unnest(?::uuid[]) as p(id)` +
      ` cross join lateral (select e.* from "${read.meta.tableName}" as e${join}${where.sql}${order} limit ?) as e`;
    params.push(read.perParent.ids, ...(read.join?.params ?? []), ...where.params, read.perParent.limit);
  } else {
    sql = `select ${selected.join(', ')} from "${read.meta.tableName}" as e${join}${where.sql}${order}`;
    params.push(...(read.join?.params ?? []), ...where.params);
  }
  if (read.limit !== undefined) {
    sql += ' limit ?';
    params.push(read.limit);
  }
  if (read.offset) {
    sql += ' offset ?';
    params.push(read.offset);
  }
  return { sql, params };
}

/** ` where a and b …` of these conditions, or nothing. */
export function whereSql(conditions: readonly SqlPart[]): SqlPart {
  if (conditions.length === 0) return { sql: '', params: [] };
  return { sql: ` where ${conditions.map((condition) => `(${condition.sql})`).join(' and ')}`, params: conditions.flatMap((condition) => condition.params) };
}

/** A property's column. */
export function columnOf(meta: EntityMetadata, property: string): string {
  const prop = meta.properties[property as never] as EntityProperty | undefined;
  if (!prop?.fieldNames?.[0]) throw new Error(`${meta.className} has no column for ${property}`);
  return prop.fieldNames[0];
}

/**
 * `e.<column of property> = any(?)`: the column holds one of the values. They are passed as one PostgreSQL array
 * literal, whose type PostgreSQL takes from the column (an enum's too, so its index serves), and which stays one
 * value where the statement goes through knex (inside a transaction, see readSql), which would spread an array.
 * One value is an equality, `= ?`: PostgreSQL then reads an index on (column, …) in its order, which it cannot
 * for `= any(…)`. A widget's page of the next fifteen public events (an index on visibility and start date), at
 * 15,000 events, read fifteen rows of the index instead of sorting the 8,800 it matched: 1.2 ms against 5.3.
 */
export function oneOfSql(meta: EntityMetadata, property: string, values: readonly unknown[]): SqlPart {
  const column = `e."${columnOf(meta, property)}"`;
  if (values.length === 1) return { sql: `${column} = ?`, params: [String(values[0])] };
  return { sql: `${column} = any(?)`, params: [textArray(values.map(String))] };
}

/** `e.id = any(?::uuid[])`: the record is one of these (what is not a record id names none). */
export function idsSql(ids: readonly string[]): SqlPart {
  return { sql: 'e.id = any(?::uuid[])', params: [uuidArray(ids)] };
}

/**
 * The rows the viewer may read, by the rule of the ORM's filters (visible.ts) with the visibilities the request
 * set on its EntityManager (context.ts); for a record joining two nodes (a relationship) its ends too. No
 * condition when it reads every visibility, or the entity has no visibility.
 */
export function visibleRowsSql(em: EntityManager, meta: EntityMetadata): SqlPart[] {
  if (!meta.filters[VISIBLE_FILTER]) return [];
  const ends = meta.filters[VISIBLE_ENDS_FILTER]
    ? meta.props.filter((prop) => prop.kind === ReferenceKind.MANY_TO_ONE && prop.targetMeta?.class === NodeRecord).map((prop) => prop.fieldNames[0])
    : [];
  return visibleRecordSql('e', visibilitiesOf(em), ends);
}

/** `q` folded as the database folds names (lower case, no accents) and escaped for LIKE. */
export function likePattern(q: string): string {
  return `%${q.trim().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Ids of nodes whose names or aliases contain `q`; `column` is the SQL expression compared. */
export function nameSearchSql(column: string): string {
  return `${column} in (select n.id from node n where n.search_text like amity_fold(?) escape '\\')`;
}

/**
 * The conditions of a list filter on the rows (alias `e`): its words (`q`), ids, visibilities and each field's
 * filter (enums and unique values by a list, dates and numbers by a range, booleans by value, references and
 * links by ids). Lists and stats share it, so both select the same records.
 */
export function listFilterSql(type: RecordType, meta: EntityMetadata, api: Pick<RecordApiTypes, 'fields'>, filter: Record<string, unknown>): SqlPart[] {
  const conditions: SqlPart[] = [];
  if (typeof filter.q === 'string' && filter.q.trim() !== '') {
    const pattern = likePattern(filter.q);
    if (type.entity.prototype instanceof NodeEntity) conditions.push({ sql: nameSearchSql('e.id'), params: [pattern] });
    else conditions.push({ sql: `${nameSearchSql('e.from_id')} or ${nameSearchSql('e.to_id')}`, params: [pattern, pattern] });
  }
  if (Array.isArray(filter.ids)) conditions.push(idsSql(filter.ids));
  if (Array.isArray(filter.visibility)) conditions.push(oneOfSql(meta, 'visibility', filter.visibility));
  for (const field of api.fields) {
    if (field.kind === 'scalar') {
      const value = filter[field.name];
      if ((field.filter === 'enum' || field.filter === 'exact') && Array.isArray(value)) conditions.push(oneOfSql(meta, field.name, value));
      if (field.filter === 'boolean' && typeof value === 'boolean') conditions.push({ sql: `e."${columnOf(meta, field.name)}" = ?`, params: [value] });
      if (field.filter === 'range') {
        const from = filter[`${field.name}From`];
        const to = filter[`${field.name}To`];
        if (from != null) conditions.push({ sql: `e."${columnOf(meta, field.name)}" >= ?`, params: [from] });
        if (to != null) conditions.push({ sql: `e."${columnOf(meta, field.name)}" <= ?`, params: [to] });
      }
    }
    const targets = field.kind === 'reference' ? filter[field.inputName] : field.kind === 'links' ? filter[field.inputName.replace(/Ids$/, 'Id')] : undefined;
    if (field.kind === 'reference' && Array.isArray(targets)) conditions.push({ sql: `e."${field.column}" = any(?::uuid[])`, params: [uuidArray(targets)] });
    if (field.kind === 'links' && Array.isArray(targets)) {
      const [owner] = field.prop.joinColumns;
      const [item] = field.prop.inverseJoinColumns;
      conditions.push({ sql: `e.id in (select pv."${owner}" from "${field.prop.pivotTable}" pv where pv."${item}" = any(?::uuid[]))`, params: [uuidArray(targets)] });
    }
  }
  return conditions;
}

/** ORDER BY expressions for an ORM-style order (`{ property: 'asc' }`), e.g. a collection's own order. */
export function orderSql(meta: EntityMetadata, order: Record<string, string> | undefined): string[] {
  return Object.entries(order ?? {}).map(([property, direction]) => `e."${columnOf(meta, property)}" ${direction.toLowerCase() === 'desc' ? 'desc' : 'asc'}`);
}

import { ReferenceKind, type EntityMetadata, type EntityProperty, type Platform } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { readSql } from '../db/read-sql.js';
import { projectedColumns, type SelectedFields } from './projection.js';
import { orderSql, recordReadSql, visibleRowsSql, type SqlPart } from './record-sql.js';
import { NodeEntity } from './record.entity.js';
import { nodeTypes } from './record-types.js';
import { namedSql } from './sql.js';
import { visibilitiesParam, visibleRowSql } from './visible.js';

/**
 * Records read only to be answered (lists, records by id, relations of a query), built straight from their
 * rows instead of as managed ORM entities. A managed entity costs the ORM 0.1–0.4 ms to make (a reference
 * entity per foreign key, identity map, change-tracking snapshot), which at 50 rows was most of a list's time;
 * these cost a few microseconds. They have their entity's prototype (so GraphQL finds their type and their
 * methods work), the scalar and embedded properties their row holds as the ORM would give them, each reference
 * their row holds as `{ id }` (the relation resolvers load what is asked for), and no collections (the loaders
 * load those). A property whose column was not read is absent, not null.
 *
 * Writes never use them: mutations load managed entities through the ORM as before.
 *
 * A seam with MikroORM: the records are made outside the ORM from its metadata (`meta.prototype`, each property's
 * kind, columns and custom type) and shadow the accessors MikroORM defines on entity prototypes (newReadObject). A
 * MikroORM that changes those fails test/unit/read-records.test.ts (instances of their entity with no ORM state of
 * their own, never saved) and the API tests that read records (test/api/crud.test.ts, projection.test.ts).
 */
export type RecordReader = (row: Record<string, unknown>) => Record<string, unknown>;

/** How one property of a record comes from its row's columns (see recordReader). */
type Step =
  | { kind: 'scalar'; name: string; column: string; convert: ((value: unknown) => unknown) | null }
  | { kind: 'names'; name: string; prototype: object; parts: Array<[string, string]> }
  | { kind: 'reference'; name: string; column: string; prototype: object }
  | { kind: 'json'; name: string; column: string; array: boolean };

const readers = new WeakMap<EntityMetadata, Map<string, RecordReader>>();

/**
 * The reader of an entity's records from rows holding these columns: the plan of which property comes from which
 * column, with which conversion, is made once per entity and set of columns, so that a row costs only its
 * values. (Mapping each row through the ORM's result mapper and then looking each property up was a tenth of
 * the chain query's time in the hub, and an extra object per row for the collector.) The values are what the
 * ORM gives: booleans as booleans, timestamps as dates, custom types (decimals, arrays, dates) converted.
 */
export function recordReader(em: EntityManager, meta: EntityMetadata, columns: readonly string[]): RecordReader {
  let byColumns = readers.get(meta);
  if (!byColumns) {
    byColumns = new Map();
    readers.set(meta, byColumns);
  }
  const key = columns.join(',');
  let reader = byColumns.get(key);
  if (!reader) {
    const steps = readSteps(em, meta, new Set(columns));
    const prototype = meta.prototype as object;
    // The driver, shared by every request (the reader is kept for good: it must not hold this request's EntityManager).
    const driver = em.getDriver();
    reader = (row) => {
      const record = newReadObject(prototype);
      for (const step of steps) {
        if (step.kind === 'scalar') {
          const value = row[step.column];
          record[step.name] = step.convert && value != null ? step.convert(value) : value;
        } else if (step.kind === 'names') {
          const names = newReadObject(step.prototype);
          for (const [part, column] of step.parts) names[part] = row[column] ?? null;
          record[step.name] = names;
        } else if (step.kind === 'reference') {
          const id = row[step.column];
          record[step.name] = id == null ? null : referenceTo(step.prototype, String(id));
        } else {
          // A JSON embeddable (a partnership's status history), as the ORM's own mapper parses it.
          const mapped = driver.mapResult({ [step.column]: row[step.column] }, meta) as Record<string, unknown>;
          record[step.name] = mapped[step.name] ?? (step.array ? [] : null);
        }
      }
      return record;
    };
    byColumns.set(key, reader);
  }
  return reader;
}

/** The steps of recordReader for the properties whose columns are among `columns`. */
function readSteps(em: EntityManager, meta: EntityMetadata, columns: ReadonlySet<string>): Step[] {
  const platform = em.getPlatform();
  const steps: Step[] = [];
  for (const prop of readableProps(meta)) {
    if (prop.kind === ReferenceKind.EMBEDDED && !prop.object) {
      const parts = Object.entries(prop.embeddedProps).map(([part, child]): [string, string] => [part, child.fieldNames[0]]);
      if (parts.some(([, column]) => columns.has(column))) {
        steps.push({ kind: 'names', name: prop.name, prototype: (prop.embeddable as { prototype: object }).prototype, parts });
      }
      continue;
    }
    const column = prop.fieldNames[0];
    if (!columns.has(column)) continue;
    if (prop.kind === ReferenceKind.SCALAR) steps.push({ kind: 'scalar', name: prop.name, column, convert: scalarConversion(prop, platform) });
    else if (prop.kind === ReferenceKind.EMBEDDED) steps.push({ kind: 'json', name: prop.name, column, array: !!prop.array });
    else steps.push({ kind: 'reference', name: prop.name, column, prototype: (prop.targetMeta?.prototype ?? Object.prototype) as object });
  }
  return steps;
}

/**
 * What becomes of a scalar column's value (not null) on its way to the record, as the ORM hydrates it: a boolean
 * from any truthy value, a timestamp as a date (rows of JSON hold it as text), then the property's custom type.
 */
function scalarConversion(prop: EntityProperty, platform: Platform): ((value: unknown) => unknown) | null {
  const conversions: Array<(value: unknown) => unknown> = [];
  if (prop.runtimeType === 'boolean') conversions.push((value) => !!value);
  if (prop.runtimeType === 'Date' && !platform.isNumericProperty(prop)) {
    conversions.push((value) => {
      const date = value instanceof Date ? value : platform.parseDate(value as string);
      return typeof date === 'string' ? new Date(date) : date;
    });
  }
  const custom = prop.customType;
  if (custom) conversions.push((value) => custom.convertToJSValue(value, platform));
  if (conversions.length === 0) return null;
  if (conversions.length === 1) return conversions[0];
  return (value) => conversions.reduce((converted, conversion) => conversion(converted), value);
}

const readPrototypes = new WeakMap<object, object>();

/**
 * A new object that is an instance of the class with this prototype, to which properties can be assigned as to a
 * plain object. Assigning straight onto an object with an entity's prototype would run the setters MikroORM puts
 * there, which make an ORM wrapper for every record: the very cost these records exist to avoid. So the object
 * gets a prototype of its own between it and the class's, holding a plain writable property for every accessor
 * of the chain; an assignment stops there and makes an own property, as on any object. (Defining each property
 * with Object.defineProperty did the same at four times the cost: 13 % of the hub's time in the chain query.)
 */
function newReadObject(prototype: object): Record<string, unknown> {
  let shadow = readPrototypes.get(prototype);
  if (!shadow) {
    const shadows: PropertyDescriptorMap = {};
    for (let level: object | null = prototype; level && level !== Object.prototype; level = Object.getPrototypeOf(level) as object | null) {
      for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(level))) {
        if (descriptor.set && !(name in shadows)) shadows[name] = { value: undefined, writable: true, enumerable: false, configurable: true };
      }
    }
    shadow = Object.create(prototype, shadows) as object;
    readPrototypes.set(prototype, shadow);
  }
  return Object.create(shadow) as Record<string, unknown>;
}

/**
 * The properties a record carries: its own (not the columns of an inline embeddable, read as parts of their
 * embeddable), no collections. Asked only when a reader is planned, which recordReader keeps.
 */
function readableProps(meta: EntityMetadata): EntityProperty[] {
  return meta.props.filter((prop) => !prop.embedded && prop.persist !== false && [ReferenceKind.SCALAR, ReferenceKind.EMBEDDED, ReferenceKind.MANY_TO_ONE, ReferenceKind.ONE_TO_ONE].includes(prop.kind));
}

/** A reference: the referred record's id, with its type's prototype (loaders load the record when asked). */
function referenceTo(prototype: object, id: string): object {
  const reference = newReadObject(prototype);
  reference.id = id;
  return reference;
}

/**
 * Runs a read statement (record-sql.ts) through readSql and returns its rows as records to answer with. Extra
 * selected columns are kept on each record under symbols: `__parents` (ids, comma-separated) as an array under
 * PARENTS, `__nodes` under NODES, `__total` under TOTAL.
 */
export async function readRows(em: EntityManager, statement: SqlPart, meta: EntityMetadata): Promise<Array<Record<string, unknown>>> {
  const found = await readSql<Record<string, unknown>>(em, statement.sql, statement.params);
  if (found.length === 0) return [];
  // Every row of a statement has the same columns.
  const read = recordReader(em, meta, Object.keys(found[0]));
  return found.map((row) => {
    const record = read(row);
    // Under symbols, which answers (JSON, object keys) never show.
    const marks = record as Record<symbol, unknown>;
    if (row.__parents !== undefined) marks[PARENTS] = row.__parents ? (row.__parents as string).split(',') : [];
    if (row.__nodes !== undefined) marks[NODES] = row.__nodes;
    if (row.__total !== undefined) marks[TOTAL] = row.__total;
    return record;
  });
}

/** Where a record read for a collection keeps the ids of the parents it belongs to. */
export const PARENTS = Symbol('parents');
/** Where a record of a list page keeps the list's total, read with it (`count(*) over ()`). */
export const TOTAL = Symbol('total');
/** Where a record keeps the rows (nodeRowsSql) of the nodes it names, when they were read with it. */
export const NODES = Symbol('nodes');

/**
 * Records read with the parents they belong to: `join` (a pivot table) gives a record once for each parent, or
 * once for all of them, with `parents` the SQL of its parent's id (`p.id` of a read per parent), or of its
 * parents' ids as one comma-separated text (readRows keeps them as an array under PARENTS).
 */
export interface ReadThrough {
  join?: SqlPart;
  parents: string;
}

/**
 * Records of an entity meeting these conditions (on alias `e`), of the visibilities the request reads as for any
 * read: one SQL statement. `columns` as projectedColumns gives them (null: all); `through` and `nodes` bring more
 * columns read with them (see readRows).
 */
export async function findRecords(
  em: EntityManager,
  entity: Function,
  conditions: readonly SqlPart[],
  options: {
    orderBy?: Record<string, string>;
    through?: ReadThrough;
    nodes?: SqlPart;
    columns?: readonly string[] | null;
    /** Each parent's records apart (RecordRead.perParent). */
    perParent?: { ids: string; limit: number };
    /** The most rows in all. */
    limit?: number;
  } = {},
): Promise<Array<Record<string, unknown>>> {
  const meta = em.getMetadata().get(entity.name);
  const extra = [
    // The parents' ids as one comma-separated text: node-postgres's parser of a uuid[] made a fifth of what the
    // chain query (Q4) allocated.
    ...(options.through ? [{ sql: `${options.through.parents} as __parents`, params: [] }] : []),
    ...(options.nodes ? [{ sql: `${options.nodes.sql} as __nodes`, params: options.nodes.params }] : []),
  ];
  const statement = recordReadSql({
    meta,
    columns: options.columns ?? null,
    extra,
    join: options.through?.join,
    conditions: [...visibleRowsSql(em, meta), ...conditions],
    order: orderSql(meta, options.orderBy),
    perParent: options.perParent,
    limit: options.limit,
  });
  return readRows(em, statement, meta);
}

/** The columns the `node` table (every node's id, type, names and visibility, kept by triggers) holds of every node. */
const NODE_TABLE_COLUMNS = new Set(['id', 'name_zh', 'name_en', 'name_local', 'visibility']);

/**
 * SQL: the rows of the nodes whose ids `ids` (an SQL uuid[] expression) gives, whatever their types, as
 * `(type, row jsonb)`: one index probe per node table, so any mix of types loads in one statement. With
 * `hidden`, only nodes of the visibilities in the `:visibilities` parameter (see namedSql). With the operation's
 * `selection`, a row holds only the columns the operation asks of its type (projection.ts); the types of which it
 * asks only what the `node` table holds (ids and names, as a graph view does) are read from that one table.
 */
export function nodeRowsSql(em: EntityManager, ids: string, hidden: boolean, only?: readonly string[], selection?: SelectedFields): string {
  const visible = (alias: string) => (hidden ? ` and ${visibleRowSql(alias)}` : '');
  const fromNodeTable: string[] = [];
  const nodeTableColumns = new Set<string>();
  const branches: string[] = [];
  for (const type of nodeTypes().filter((candidate) => !only || only.includes(candidate.name))) {
    const meta = em.getMetadata().get(type.entity.name);
    const columns = selection ? projectedColumns(meta, selection) : null;
    if (columns?.every((column) => NODE_TABLE_COLUMNS.has(column))) {
      fromNodeTable.push(type.name);
      columns.forEach((column) => nodeTableColumns.add(column));
      continue;
    }
    const row = columns ? jsonRowSql('t', columns) : 'to_jsonb(t)';
    branches.push(`select '${type.name}' as type, ${row} as row from "${meta.tableName}" t where t.id = any((${ids})::uuid[])${visible('t')}`);
  }
  if (fromNodeTable.length > 0) {
    branches.unshift(
      `select n.type, ${jsonRowSql('n', [...nodeTableColumns])} as row from node n where n.id = any((${ids})::uuid[]) and n.type in (${fromNodeTable.map((name) => `'${name}'`).join(', ')})${visible('n')}`,
    );
  }
  return branches.join(' union all ');
}

/** SQL: these columns of a row as a JSON object keyed by column name (what `to_jsonb` gives, less). */
export function jsonRowSql(alias: string, columns: readonly string[]): string {
  return `jsonb_build_object(${columns.map((column) => `'${column}', ${alias}."${column}"`).join(', ')})`;
}

/** A reference of an entity to nodes of a known type: its property, column and node type. */
export interface NodeReference {
  name: string;
  column: string;
  type: string;
}

/** The references of an entity to nodes of a known type, but `except` (the parent's side). */
export function nodeReferences(meta: EntityMetadata, except: string): NodeReference[] {
  return meta.props
    .filter((prop) => prop.kind === ReferenceKind.MANY_TO_ONE && prop.name !== except && (prop.targetMeta?.class as Function | undefined)?.prototype instanceof NodeEntity)
    .map((prop) => ({ name: prop.name, column: prop.fieldNames[0], type: prop.targetMeta!.className }));
}

/**
 * SQL: a column of the rows (alias `e`) with the rows (nodeRowsSql) of the nodes their references name, so
 * that a query asking for those nodes next needs no further statement (prime them with Loaders.knowNodes).
 */
export function nodesOfSql(em: EntityManager, references: readonly NodeReference[], visibilities: readonly string[] | undefined, selection?: SelectedFields): SqlPart {
  const visible = visibilitiesParam(visibilities);
  const rows = nodeRowsSql(
    em,
    `array[${references.map((reference) => `e.${reference.column}`).join(', ')}]`,
    visible !== null,
    [...new Set(references.map((reference) => reference.type))],
    selection,
  );
  return namedSql(`(select jsonb_agg(jsonb_build_object('type', x.type, 'row', x.row)) from (${rows}) x)`, { visibilities: visible });
}

/** Nodes read with records (nodesOfSql): the rows found, and every id named (those not found are not visible). */
export interface NodesRead {
  rows: NodeRow[];
  ids: string[];
}

/** The nodes read with these records for these references. */
export function nodesRead(records: ReadonlyArray<Record<string | symbol, unknown>>, references: readonly NodeReference[]): NodesRead {
  return {
    rows: records.flatMap((record) => (record[NODES] as NodeRow[] | null | undefined) ?? []),
    ids: records.flatMap((record) => references.map((reference) => (record[reference.name] as { id?: string } | null)?.id).filter((id): id is string => !!id)),
  };
}

/** A row of nodeRowsSql: the node's type (entity name) and its columns. */
export interface NodeRow {
  type: string;
  row: Record<string, unknown>;
}

/** Records to answer with from rows of nodeRowsSql, by id. */
export function readNodeRows(em: EntityManager, rows: readonly NodeRow[]): Map<string, Record<string, unknown>> {
  const records = new Map<string, Record<string, unknown>>();
  for (const { type, row } of rows) {
    const record = recordReader(em, em.getMetadata().get(type), Object.keys(row))(row);
    records.set(record.id as string, record);
  }
  return records;
}

import DataLoader from 'dataloader';
import { ReferenceKind, type EntityProperty } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { readSql } from '../db/read-sql.js';
import { isRecordId } from './ids.js';
import { namedSql, sqlArray, uuidArray } from './sql.js';
import { visibilitiesParam, visibleNodeSql, visibleRowSql, visibleTieSql } from './visible.js';
import { findRecords, nodeReferences, nodeRowsSql, nodesOfSql, nodesRead, PARENTS, readNodeRows, type NodeReference, type NodeRow } from './read-records.js';
import { projectedColumns, type SelectedFields } from './projection.js';
import { columnOf, idsSql } from './record-sql.js';
import { NodeRecord } from './node-record.entity.js';
import { NodeEntity } from './record.entity.js';
import { AnswerBounds } from './bounded-lists.js';
import { Pacer } from './pacing.js';
import { AuditAction, AuditEntry } from '../audit/audit-entry.entity.js';

type Row = Record<string, unknown> & { id: string };

/** Loads records of one type by id, batched; a record the request has read already comes at once. */
export interface RecordLoader {
  load(id: string): object | null | Promise<object | null>;
}

/** Loads values by key in batches: one statement a batch (Loaders.batched). */
export interface BatchLoader<K, V> {
  load(key: K): Promise<V>;
}

/** `next` of a value that may still be on its way: at once when it is here, else when it comes. */
function andThen<T, U>(value: T | Promise<T>, next: (value: T) => U): U | Promise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

const readable = (nodes: ReadonlyArray<object | null>): object[] => nodes.filter((node): node is object => node !== null);

/**
 * Per-request batch loaders: every relation a query touches loads in one statement per level and type,
 * whatever the number of parent rows (no N+1). What they load is only answered, never changed, so it is read
 * as plain records (read-records.ts), not as managed ORM entities. Each statement reads at most what is left of
 * the request's budget of records (AnswerBounds); once the budget is spent, they answer nothing, without SQL.
 */
export class Loaders {
  private readonly byIdLoaders = new Map<Function, RecordLoader>();
  private readonly collectionLoaders = new Map<string, BatchLoader<object, object[]>>();
  private readonly referencingLoaders = new Map<string, BatchLoader<string, object[]>>();
  private readonly tieLoaders = new Map<string, BatchLoader<string, TieRow[]>>();
  private readonly historyLoaders = new Map<number, BatchLoader<string, object[]>>();
  private readonly withNodesLoaders = new Map<string, BatchLoader<string, object | null>>();
  private nodeLoader?: BatchLoader<string, object | null>;
  /**
   * Nodes this request has read already (knowNodes), by id; null for one looked for that the viewer may not read.
   * They are answered at once, without a promise each: a neighbourhood has up to 500.
   */
  private readonly knownNodes = new Map<string, object | null>();

  /** `visibilities`: what the viewer reads (raw SQL must say so itself; ORM queries are filtered already). */
  constructor(
    private readonly em: EntityManager,
    private readonly visibilities?: readonly string[],
    /** The records this request has read against its budget, and the lists it cut. */
    readonly bounds = new AnswerBounds(),
  ) {}

  /** Hands large levels of the answer to execution a few hundred items per turn of the event loop. */
  readonly pacer = new Pacer();

  /**
   * A batch loader of this request, as every loader of a request must be made: its values handed over by the
   * pacer, and its batch sent only after the values handed over before it have been built on, so that each level
   * of a query still loads in one statement per batch loader.
   */
  batched<K, V, C = K>(load: (keys: readonly K[]) => Promise<V[]>, options: { cacheKeyFn?: (key: K) => C } = {}): BatchLoader<K, V> {
    const pacer = this.pacer;
    const loader = new DataLoader<K, V, C>(load, { ...options, batchScheduleFn: pacer.schedule });
    return { load: (key) => pacer.paced(loader.load(key)) };
  }

  /** The fields the operation asks of each type, once known (graphql-guard.ts): records are read with only their columns. */
  private selection?: SelectedFields;

  /**
   * Lets go of everything read for the request, once it is answered. The collector may have moved this object to
   * its old generation while the request ran; until a full collection finds it dead, whatever it still references
   * would be copied at every minor collection and then moved there too.
   */
  release(): void {
    this.byIdLoaders.clear();
    this.collectionLoaders.clear();
    this.referencingLoaders.clear();
    this.tieLoaders.clear();
    this.historyLoaders.clear();
    this.withNodesLoaders.clear();
    this.knownNodes.clear();
    this.nodeLoader = undefined;
    this.selection = undefined;
  }

  /** Read records with only the columns these fields need, from now on. */
  select(selection: SelectedFields): void {
    this.selection = selection;
  }

  /** The columns to read of an entity's records for this operation (null: all), `needed` included. */
  private columns(entity: Function, needed: readonly string[] = []): string[] | null {
    return projectedColumns(this.em.getMetadata().get(entity.name), this.selection, needed);
  }

  /**
   * A record of a known type by id. Nodes of every type load together (nodes()), so the references of one
   * level of a query (a delegation's organisations, city and leader) cost one statement, not one per type.
   */
  byId(entity: Function): RecordLoader {
    let loader = this.byIdLoaders.get(entity);
    if (!loader) {
      if (entity.prototype instanceof NodeEntity) {
        loader = { load: (id) => andThen(this.node(id), (record) => (record instanceof entity ? record : null)) };
      } else {
        loader = this.batched(async (ids: readonly string[]) => {
          if (this.bounds.exceeded) return ids.map(() => null);
          const valid = ids.filter(isRecordId);
          const rows = valid.length > 0 ? ((await findRecords(this.em, entity, [idsSql(valid)], { columns: this.columns(entity) })) as Row[]) : [];
          this.bounds.read(rows.length);
          const byId = new Map(rows.map((row) => [row.id, row]));
          return ids.map((id) => byId.get(id) ?? null);
        });
      }
      this.byIdLoaders.set(entity, loader);
    }
    return loader;
  }

  /**
   * Records of an entity by id from its own table, each with the nodes it names that the query asks for next
   * (`withNodes`: a delegation's organisations, city and leader) in the same statement, as the collections read
   * theirs; the records a query asks by id under several aliases come in one statement.
   */
  withNodes(entity: Function, withNodes: ReadonlySet<string>): BatchLoader<string, object | null> {
    const key = `${entity.name}|${[...withNodes].sort().join(',')}`;
    let loader = this.withNodesLoaders.get(key);
    if (!loader) {
      loader = this.batched(async (ids: readonly string[]) => {
        const valid = ids.filter(isRecordId);
        if (valid.length === 0 || this.bounds.exceeded) return ids.map(() => null);
        const named = nodeReferences(this.em.getMetadata().get(entity.name), '').filter((reference) => withNodes.has(reference.name));
        const nodes = named.length > 0 ? nodesOfSql(this.em, named, this.visibilities, this.selection) : undefined;
        const rows = (await findRecords(this.em, entity, [idsSql(valid)], { nodes, columns: this.columns(entity, named.map((reference) => reference.name)) })) as Row[];
        this.bounds.read(rows.length);
        const read = nodesRead(rows, named);
        this.knowNodes(read.rows, read.ids);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      });
      this.withNodesLoaders.set(key, loader);
    }
    return loader;
  }

  /** Nodes of any types by id, in one statement a batch (the viewer's visibilities apply). */
  private nodes(): BatchLoader<string, object | null> {
    this.nodeLoader ??= this.batched(async (ids) => {
      if (this.bounds.exceeded) return ids.map(() => null);
      const visible = visibilitiesParam(this.visibilities);
      const { sql, params } = namedSql(nodeRowsSql(this.em, ':ids::uuid[]', visible !== null, undefined, this.selection), { ids: uuidArray(ids), visibilities: visible });
      const rows = await readSql<NodeRow>(this.em, sql, params);
      this.bounds.read(rows.length);
      const records = readNodeRows(this.em, rows);
      return ids.map((id) => records.get(id) ?? null);
    });
    return this.nodeLoader;
  }

  /** Any node by id, whatever its type: at once when the request has read it already, else in the next batch. */
  node(id: string): object | null | Promise<object | null> {
    const known = this.knownNodes.get(id);
    return known !== undefined ? known : this.nodes().load(id);
  }

  /** Nodes by id, in the order given, without those the viewer may not read; at once when all are known. */
  nodesById(ids: readonly string[]): object[] | Promise<object[]> {
    const nodes = ids.map((id) => this.node(id));
    return nodes.some((node) => node instanceof Promise) ? Promise.all(nodes).then(readable) : readable(nodes as Array<object | null>);
  }

  /**
   * Nodes a query already read (paths, neighbourhoods, nodes named by list items, as rows of nodeRowsSql):
   * loading them again costs no statement. `looked` ids without a row are nodes the viewer may not read (null).
   */
  knowNodes(rows: readonly NodeRow[], looked: readonly string[] = []): void {
    this.bounds.read(rows.length);
    for (const [id, record] of readNodeRows(this.em, rows)) if (!this.knownNodes.has(id)) this.knownNodes.set(id, record);
    for (const id of looked) if (!this.knownNodes.has(id)) this.knownNodes.set(id, null);
  }

  /**
   * A collection (links, owned parts) of many parents at once, at most `first + 1` items of each (the one more
   * tells that there are more): one statement. In the collection's own order, else by id.
   */
  collection(entity: Function, property: string, first: number): BatchLoader<object, object[]> {
    const key = `${entity.name}.${property}|${first}`;
    let loader = this.collectionLoaders.get(key);
    if (!loader) {
      const prop = this.em.getMetadata().get(entity.name).properties[property as never];
      const target = prop.targetMeta!.class;
      const orderBy = (prop.orderBy as Record<string, string> | undefined) ?? { id: 'asc' };
      if (prop.kind === ReferenceKind.MANY_TO_MANY && prop.owner && target === NodeRecord) {
        loader = this.batched((parents) => this.anyNodeLinks(prop, parents as Row[], first), { cacheKeyFn: (parent) => (parent as Row).id });
        this.collectionLoaders.set(key, loader);
        return loader;
      }
      loader = this.batched(
        async (parents) => {
          if (this.bounds.exceeded) return parents.map(() => []);
          const perParent = { ids: sqlArray(parents.map((parent) => (parent as Row).id).filter(isRecordId)), limit: first + 1 };
          const limit = this.bounds.rowLimit();
          let records: Array<Record<string | symbol, unknown>>;
          let named: NodeReference[] = [];
          if (prop.kind === ReferenceKind.MANY_TO_MANY && prop.owner) {
            // Through the pivot table: each parent's rows joined to the items by primary key (the pivot's own
            // index, on the parent and the item, gives them in the items' order).
            const [owner] = prop.joinColumns;
            const [item] = prop.inverseJoinColumns;
            records = await findRecords(this.em, target, [], {
              through: { join: { sql: `join ${prop.pivotTable} pv on pv.${item} = e.id and pv.${owner} = p.id`, params: [] }, parents: 'p.id::text' },
              orderBy,
              columns: this.columns(target),
              perParent,
              limit,
            });
          } else if (prop.kind === ReferenceKind.ONE_TO_MANY) {
            // Owned parts (an exchange's participants) come with the nodes they name (the organisations): a query
            // asking for those next needs no further statement.
            named = target.prototype instanceof NodeEntity ? [] : nodeReferences(prop.targetMeta!, prop.mappedBy);
            const nodes = named.length > 0 ? nodesOfSql(this.em, named, this.visibilities, this.selection) : undefined;
            records = await findRecords(this.em, target, [{ sql: `e."${columnOf(prop.targetMeta!, prop.mappedBy)}" = p.id`, params: [] }], {
              through: { parents: 'p.id::text' },
              orderBy,
              nodes,
              columns: this.columns(target, [prop.mappedBy, ...named.map((reference) => reference.name)]),
              perParent,
              limit,
            });
          } else {
            throw new Error(`${key}: not a collection the loaders know`);
          }
          this.bounds.read(records.length);
          const read = nodesRead(records, named);
          this.knowNodes(read.rows, read.ids);
          return byParents(parents.map((parent) => (parent as Row).id), records);
        },
        { cacheKeyFn: (parent) => (parent as Row).id },
      );
      this.collectionLoaders.set(key, loader);
    }
    return loader;
  }

  /**
   * Links to nodes of any type (a pivot table to `node`) of many parents, at most `first + 1` of each, in the order
   * of their ids: each parent's links the viewer may read, and the rows of the nodes they name from their own
   * tables (nodeRowsSql), so that each item is answered as its own type, in one statement.
   */
  private async anyNodeLinks(prop: EntityProperty, parents: readonly Row[], first: number): Promise<object[][]> {
    if (this.bounds.exceeded) return parents.map(() => []);
    const [owner] = prop.joinColumns;
    const [item] = prop.inverseJoinColumns;
    const visible = visibilitiesParam(this.visibilities);
    const readable = visible === null ? '' : `join node n on n.id = pv."${item}" and ${visibleRowSql('n')}`;
    const { sql, params } = namedSql(
      `select p.id::text as parent, x.type, x.row
        from unnest(:parents::uuid[]) as p(id)
        cross join lateral (select pv."${item}" as id from "${prop.pivotTable}" pv ${readable} where pv."${owner}" = p.id order by pv."${item}" limit :first) l
        cross join lateral (${nodeRowsSql(this.em, 'array[l.id]', false, undefined, this.selection)}) x
        limit :rows`,
      { parents: uuidArray(parents.map((parent) => parent.id)), visibilities: visible, first: first + 1, rows: this.bounds.rowLimit() },
    );
    const rows = await readSql<NodeRow & { parent: string }>(this.em, sql, params);
    this.bounds.read(rows.length);
    const records = readNodeRows(this.em, rows);
    const byParent = new Map<string, object[]>();
    for (const row of rows) {
      const record = records.get(row.row.id as string)!;
      const items = byParent.get(row.parent);
      if (items) items.push(record);
      else byParent.set(row.parent, [record]);
    }
    return parents.map((parent) => byParent.get(parent.id) ?? []);
  }

  /**
   * Records of `entity` whose `properties` (any of them) point at the given id, by id, at most `first + 1` of
   * each id (a delegation sent and hosted by one organisation is one of its records).
   */
  referencing(entity: Function, properties: readonly string[], first: number): BatchLoader<string, object[]> {
    const key = `${entity.name}.${properties.join('|')}|${first}`;
    let loader = this.referencingLoaders.get(key);
    if (!loader) {
      loader = this.batched(async (ids) => {
        if (this.bounds.exceeded) return ids.map(() => []);
        const meta = this.em.getMetadata().get(entity.name);
        const pointing = { sql: properties.map((property) => `e."${columnOf(meta, property)}" = p.id`).join(' or '), params: [] };
        const rows = await findRecords(this.em, entity, [pointing], {
          through: { parents: 'p.id::text' },
          orderBy: { id: 'asc' },
          columns: this.columns(entity, properties),
          perParent: { ids: sqlArray(ids.filter(isRecordId)), limit: first + 1 },
          limit: this.bounds.rowLimit(),
        });
        this.bounds.read(rows.length);
        return byParents(ids, rows);
      });
      this.referencingLoaders.set(key, loader);
    }
    return loader;
  }

  /**
   * The ties (typed fields and Relationship records, the `edge` view) that start or end at the node, at most
   * `first + 1` of them, in the order of their field (Relationship records first), kind, Relationship record and
   * ends. With `others`, each node at the other end once, by the first tie to it (its row, `other` named).
   */
  ties(nodeId: string, filter: TieFilter): Promise<TieRow[]> {
    const key = `${filter.others ? 'others' : 'ties'}|${filter.kinds?.join(',') ?? ''}|${filter.direction ?? ''}|${filter.first}`;
    let loader = this.tieLoaders.get(key);
    if (!loader) {
      loader = this.batched(async (ids) => {
        if (this.bounds.exceeded) return ids.map(() => []);
        // Only ties the viewer may see: both ends visible to it, and a Relationship record of a visibility it reads.
        const visible = visibilitiesParam(this.visibilities);
        const hidden = visible !== null;
        const ends = filter.direction === 'OUTGOING' ? 'e.from_id = p.id' : filter.direction === 'INCOMING' ? 'e.to_id = p.id and e.from_id <> p.id' : '(e.from_id = p.id or e.to_id = p.id)';
        const columns = 'e.relationship_id, e.kind, e.field, e.from_id, e.to_id, e.role, e.start_date, e.end_date';
        const order = 'field nulls first, kind, relationship_id, from_id, to_id';
        const tied = `select ${columns}, case when e.from_id = p.id then e.to_id else e.from_id end as other from edge e
          where ${ends} and ${visibleNodeSql('e.from_id', hidden)} and ${visibleNodeSql('e.to_id', hidden)} ${visibleTieSql('e', hidden)}
          ${filter.kinds ? 'and e.kind::text = any(:kinds::text[])' : ''}`;
        // Each other node once: its first tie in the order (distinct on keeps the first row of each).
        const chosen = filter.others ? `select * from (select distinct on (t.other) t.* from (${tied}) t order by t.other, ${order}) t` : `select * from (${tied}) t`;
        const { sql, params } = namedSql(
          // Parent after parent, each one's ties in order, no sort of the whole: the budget's limit stops it early
          // (RecordRead.perParent).
          `select p.id::text as parent, t.relationship_id, t.kind, t.field, t.from_id, t.to_id, t.role, t.start_date::text, t.end_date::text, t.other
            from unnest(:ids::uuid[]) as p(id)
            cross join lateral (${chosen} order by ${order} limit :first) t
            limit :rows`,
          { ids: uuidArray(ids), visibilities: visible, kinds: filter.kinds ? sqlArray(filter.kinds) : null, first: filter.first + 1, rows: this.bounds.rowLimit() },
        );
        const rows = await readSql<TieRow & { parent: string }>(this.em, sql, params);
        this.bounds.read(rows.length);
        const byParent = new Map<string, TieRow[]>();
        for (const row of rows) {
          const tiesOf = byParent.get(row.parent);
          if (tiesOf) tiesOf.push(row);
          else byParent.set(row.parent, [row]);
        }
        return ids.map((id) => byParent.get(id) ?? []);
      });
      this.tieLoaders.set(key, loader);
    }
    return loader.load(nodeId);
  }

  /** The changes to a record (created, updated, deleted), oldest first, at most `first + 1`. */
  history(recordId: string, first: number): Promise<object[]> {
    let loader = this.historyLoaders.get(first);
    if (!loader) {
      loader = this.batched(async (ids) => {
        if (this.bounds.exceeded) return ids.map(() => []);
        const actions = [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE];
        const rows = await findRecords(this.em, AuditEntry, [{ sql: `e.record_id = p.id and e.action::text = any(?::text[])`, params: [sqlArray(actions)] }], {
          through: { parents: 'p.id::text' },
          orderBy: { id: 'asc' },
          perParent: { ids: sqlArray(ids.filter(isRecordId)), limit: first + 1 },
          limit: this.bounds.rowLimit(),
        });
        this.bounds.read(rows.length);
        return byParents(ids, rows);
      });
      this.historyLoaders.set(first, loader);
    }
    return loader.load(recordId);
  }
}

/**
 * A row of the `edge` view, which the graph's traversals define (traversal/edge.ts): a typed field between two
 * nodes, or a record that ties them (its id, kind, role and dates).
 */
export interface EdgeRow {
  relationship_id: string | null;
  kind: string | null;
  field: string | null;
  from_id: string;
  to_id: string;
  role: string | null;
  start_date: string | null;
  end_date: string | null;
}

/** A tie of a node (a row of the `edge` view) and the node at its other end. */
export type TieRow = EdgeRow & { other: string };

/** Which ties of a node (Loaders.ties): of these kinds, in this direction, the first of them; `others`: each node tied to once. */
export interface TieFilter {
  kinds?: readonly string[] | null;
  direction?: 'OUTGOING' | 'INCOMING' | null;
  first: number;
  others: boolean;
}

/** Records read per parent (their parent's id under PARENTS), grouped for these parents in the order given. */
function byParents(parents: readonly string[], records: ReadonlyArray<Record<string | symbol, unknown>>): object[][] {
  const byParent = new Map<string, object[]>();
  for (const record of records) {
    for (const parent of record[PARENTS] as string[]) {
      const items = byParent.get(parent);
      if (items) items.push(record);
      else byParent.set(parent, [record]);
    }
  }
  return parents.map((parent) => byParent.get(parent) ?? []);
}

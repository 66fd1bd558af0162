import DataLoader from 'dataloader';
import { ReferenceKind } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { readSql } from '../db/read-sql.js';
import type { EdgeRow } from './edge.js';
import { isRecordId } from './ids.js';
import { hiddenVisibilities, namedSql, sqlArray, uuidArray, visibleNodeSql, visibleTieSql } from './sql.js';
import { findRecords, nodeReferences, nodeRowsSql, nodesOfSql, nodesRead, PARENTS, readNodeRows, type NodeRow } from './read-records.js';
import { projectedColumns, type SelectedFields } from './projection.js';
import { idsSql, oneOfSql } from './record-sql.js';
import { NodeEntity } from './record.entity.js';

type Row = Record<string, unknown> & { id: string };

/** Loads records of one type by id, batched; a record the request has read already comes at once. */
export interface RecordLoader {
  load(id: string): object | null | Promise<object | null>;
}

/** `next` of a value that may still be on its way: at once when it is here, else when it comes. */
function andThen<T, U>(value: T | Promise<T>, next: (value: T) => U): U | Promise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

const readable = (nodes: ReadonlyArray<object | null>): object[] => nodes.filter((node): node is object => node !== null);

/**
 * Per-request batch loaders: every relation a query touches loads in one statement per level and type,
 * whatever the number of parent rows (no N+1). What they load is only answered, never changed, so it is read
 * as plain records (read-records.ts), not as managed ORM entities.
 */
export class Loaders {
  private readonly byIdLoaders = new Map<Function, RecordLoader>();
  private readonly collectionLoaders = new Map<string, DataLoader<object, object[]>>();
  private readonly referencingLoaders = new Map<string, DataLoader<string, object[]>>();
  private readonly withNodesLoaders = new Map<string, DataLoader<string, object | null>>();
  private nodeLoader?: DataLoader<string, object | null>;
  private edgeLoader?: DataLoader<string, EdgeRow[]>;
  /**
   * Nodes this request has read already (knowNodes), by id; null for one looked for that the viewer may not read.
   * They are answered at once, without a promise each: a neighbourhood has up to 500.
   */
  private readonly knownNodes = new Map<string, object | null>();

  /** `visibilities`: what the viewer reads (raw SQL must say so itself; ORM queries are filtered already). */
  constructor(
    private readonly em: EntityManager,
    private readonly visibilities?: readonly string[],
  ) {}

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
    this.withNodesLoaders.clear();
    this.knownNodes.clear();
    this.nodeLoader = undefined;
    this.edgeLoader = undefined;
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
        loader = new DataLoader(async (ids: readonly string[]) => {
          const valid = ids.filter(isRecordId);
          const rows = valid.length > 0 ? ((await findRecords(this.em, entity, [idsSql(valid)], { columns: this.columns(entity) })) as Row[]) : [];
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
  withNodes(entity: Function, withNodes: ReadonlySet<string>): DataLoader<string, object | null> {
    const key = `${entity.name}|${[...withNodes].sort().join(',')}`;
    let loader = this.withNodesLoaders.get(key);
    if (!loader) {
      loader = new DataLoader(async (ids: readonly string[]) => {
        const valid = ids.filter(isRecordId);
        if (valid.length === 0) return ids.map(() => null);
        const named = nodeReferences(this.em.getMetadata().get(entity.name), '').filter((reference) => withNodes.has(reference.name));
        const nodes = named.length > 0 ? nodesOfSql(this.em, named, this.visibilities, this.selection) : undefined;
        const rows = (await findRecords(this.em, entity, [idsSql(valid)], { nodes, columns: this.columns(entity, named.map((reference) => reference.name)) })) as Row[];
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
  private nodes(): DataLoader<string, object | null> {
    this.nodeLoader ??= new DataLoader(async (ids) => {
      const visible = hiddenVisibilities(this.visibilities);
      const { sql, params } = namedSql(nodeRowsSql(this.em, ':ids::uuid[]', visible !== null, undefined, this.selection), { ids: uuidArray(ids), visibilities: visible });
      const records = readNodeRows(this.em, await readSql<NodeRow>(this.em, sql, params));
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
    for (const [id, record] of readNodeRows(this.em, rows)) if (!this.knownNodes.has(id)) this.knownNodes.set(id, record);
    for (const id of looked) if (!this.knownNodes.has(id)) this.knownNodes.set(id, null);
  }

  /** A collection (links, owned parts, inverse sides) of many parents at once: one statement. */
  collection(entity: Function, property: string): DataLoader<object, object[]> {
    const key = `${entity.name}.${property}`;
    let loader = this.collectionLoaders.get(key);
    if (!loader) {
      const prop = this.em.getMetadata().get(entity.name).properties[property as never];
      const target = prop.targetMeta!.class;
      loader = new DataLoader(
        async (parents) => {
          const valid = parents.map((parent) => (parent as Row).id).filter(isRecordId);
          const ids = sqlArray(valid);
          const byParent = new Map<string, object[]>();
          const add = (parent: string, record: object) => {
            const items = byParent.get(parent);
            if (items) items.push(record);
            else byParent.set(parent, [record]);
          };
          if (prop.kind === ReferenceKind.MANY_TO_MANY && prop.owner) {
            // Through the pivot table: its rows of this batch's parents joined to the items by primary key, a row
            // for each item and parent (an item of two parents comes twice, each time with one). (Selecting the
            // items `where e.id in (select …)`, PostgreSQL scanned every person for a hash join and read the pivot
            // twice: 7 ms of the chain query's 9 ms of SQL. Grouping the pivot rows by item first, with its
            // parents' ids as one text, took 3.5 ms for the chain's 780 members; row by row, 2.4 ms.)
            const [owner] = prop.joinColumns;
            const [item] = prop.inverseJoinColumns;
            const records = await findRecords(this.em, target, [], {
              through: { join: { sql: `join ${prop.pivotTable} pv on pv.${item} = e.id and pv.${owner} = any(?::uuid[])`, params: [ids] }, parents: `pv.${owner}` },
              orderBy: prop.orderBy as never,
              columns: this.columns(target),
            });
            for (const record of records) for (const parent of (record as Record<symbol, string[]>)[PARENTS]) add(parent, record);
          } else if (prop.kind === ReferenceKind.ONE_TO_MANY) {
            // Owned parts (an exchange's participants) come with the nodes they name (the organisations): a query
            // asking for those next needs no further statement.
            const named = target.prototype instanceof NodeEntity ? [] : nodeReferences(prop.targetMeta!, prop.mappedBy);
            const nodes = named.length > 0 ? nodesOfSql(this.em, named, this.visibilities, this.selection) : undefined;
            const records = await findRecords(this.em, target, [oneOfSql(prop.targetMeta!, prop.mappedBy, valid)], {
              orderBy: prop.orderBy as never,
              nodes,
              columns: this.columns(target, [prop.mappedBy, ...named.map((reference) => reference.name)]),
            });
            for (const record of records) add((record[prop.mappedBy] as Row).id, record);
            const read = nodesRead(records, named);
            this.knowNodes(read.rows, read.ids);
          } else {
            throw new Error(`${key}: not a collection the loaders know`);
          }
          return parents.map((parent) => byParent.get((parent as Row).id) ?? []);
        },
        { cacheKeyFn: (parent) => (parent as Row).id },
      );
      this.collectionLoaders.set(key, loader);
    }
    return loader;
  }

  /** Records of `entity` whose `properties` (any of them) point at the given id. */
  referencing(entity: Function, properties: readonly string[]): DataLoader<string, object[]> {
    const key = `${entity.name}.${properties.join('|')}`;
    let loader = this.referencingLoaders.get(key);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const meta = this.em.getMetadata().get(entity.name);
        const each = properties.map((property) => oneOfSql(meta, property, ids.filter(isRecordId)));
        const pointing = { sql: each.map((part) => part.sql).join(' or '), params: each.flatMap((part) => part.params) };
        const rows = (await findRecords(this.em, entity, [pointing], { orderBy: { id: 'asc' }, columns: this.columns(entity, properties) })) as Row[];
        // Each row once under each id it points at (a delegation sent and hosted by one organisation is one row).
        const byId = new Map<string, Row[]>();
        for (const row of rows) {
          const pointed = new Set(properties.map((property) => (row[property] as { id?: string } | null | undefined)?.id));
          for (const id of pointed) {
            if (!id) continue;
            const pointing = byId.get(id);
            if (pointing) pointing.push(row);
            else byId.set(id, [row]);
          }
        }
        return ids.map((id) => byId.get(id) ?? []);
      });
      this.referencingLoaders.set(key, loader);
    }
    return loader;
  }

  /** Every edge (typed field or Relationship) that starts or ends at the node. */
  edges(nodeId: string): Promise<EdgeRow[]> {
    this.edgeLoader ??= new DataLoader(async (ids) => {
      // Only ties the viewer may see: both ends visible to it, and a Relationship record of a visibility it reads.
      const visible = hiddenVisibilities(this.visibilities);
      const hidden = visible !== null;
      const { sql, params } = namedSql(
        `select e.relationship_id, e.kind, e.field, e.from_id, e.to_id, e.role, e.start_date::text, e.end_date::text from edge e
          where (e.from_id = any(:ids::uuid[]) or e.to_id = any(:ids::uuid[]))
            and ${visibleNodeSql('e.from_id', hidden)} and ${visibleNodeSql('e.to_id', hidden)} ${visibleTieSql('e', hidden)}
          order by e.field nulls first, e.kind, e.relationship_id, e.from_id, e.to_id`,
        { ids: uuidArray(ids), visibilities: visible },
      );
      const rows = await readSql<EdgeRow>(this.em, sql, params);
      return ids.map((id) => rows.filter((row) => row.from_id === id || row.to_id === id));
    });
    return this.edgeLoader.load(nodeId);
  }
}

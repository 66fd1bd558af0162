import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EdgeRow } from './edge.js';
import { isRecordId } from './ids.js';
import { NodeRecord } from './node-record.entity.js';
import { recordTypeByName } from './registry.js';

type Row = Record<string, unknown> & { id: string };

/** A PostgreSQL array literal of ids (the query layer would otherwise spread an array into a list). */
export function uuidArray(ids: readonly string[]): string {
  return `{${ids.filter(isRecordId).join(',')}}`;
}

/**
 * Per-request batch loaders: every relation a query touches loads in one statement per level and type,
 * whatever the number of parent rows (no N+1).
 */
export class Loaders {
  private readonly byIdLoaders = new Map<Function, DataLoader<string, object | null>>();
  private readonly collectionLoaders = new Map<string, DataLoader<object, object[]>>();
  private readonly referencingLoaders = new Map<string, DataLoader<string, object[]>>();
  private nodeTypeLoader?: DataLoader<string, string | null>;
  private edgeLoader?: DataLoader<string, EdgeRow[]>;

  constructor(private readonly em: EntityManager) {}

  /** A record of a known type by id. */
  byId(entity: Function): DataLoader<string, object | null> {
    let loader = this.byIdLoaders.get(entity);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const valid = ids.filter(isRecordId);
        const rows = valid.length > 0 ? ((await this.em.find(entity as never, { id: { $in: valid } } as never)) as Row[]) : [];
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      });
      this.byIdLoaders.set(entity, loader);
    }
    return loader;
  }

  /** Any node by id, whatever its type: the supertype table says which table holds it. */
  async node(id: string): Promise<object | null> {
    this.nodeTypeLoader ??= new DataLoader(async (ids) => {
      const valid = ids.filter(isRecordId);
      const rows = valid.length > 0 ? await this.em.find(NodeRecord, { id: { $in: valid } }, { fields: ['id', 'type'] }) : [];
      const types = new Map(rows.map((row) => [row.id, row.type]));
      return ids.map((key) => types.get(key) ?? null);
    });
    const typeName = await this.nodeTypeLoader.load(id);
    const type = typeName ? recordTypeByName(typeName) : undefined;
    return type ? this.byId(type.entity).load(id) : null;
  }

  /** A collection of loaded records (links, owned parts, inverse sides), populated for all parents at once. */
  collection(entity: Function, property: string): DataLoader<object, object[]> {
    const key = `${entity.name}.${property}`;
    let loader = this.collectionLoaders.get(key);
    if (!loader) {
      loader = new DataLoader(
        async (parents) => {
          await this.em.populate(parents as never[], [property] as never);
          return parents.map((parent) => ((parent as Record<string, { getItems(): object[] }>)[property]).getItems());
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
        const where = { $or: properties.map((property) => ({ [property]: { $in: [...ids] } })) };
        const rows = (await this.em.find(entity as never, where as never, { orderBy: { id: 'asc' } as never })) as Row[];
        return ids.map((id) =>
          rows.filter((row) => properties.some((property) => (row[property] as { id?: string } | null)?.id === id)),
        );
      });
      this.referencingLoaders.set(key, loader);
    }
    return loader;
  }

  /** Every edge (typed field or Relationship) that starts or ends at the node. */
  edges(nodeId: string): Promise<EdgeRow[]> {
    this.edgeLoader ??= new DataLoader(async (ids) => {
      const rows: EdgeRow[] = await this.em.execute(
        `select relationship_id, kind, field, from_id, to_id, role, start_date::text, end_date::text from edge
          where from_id = any(?::uuid[]) or to_id = any(?::uuid[]) order by field nulls first, kind, relationship_id, from_id, to_id`,
        [uuidArray(ids), uuidArray(ids)],
      );
      return ids.map((id) => rows.filter((row) => row.from_id === id || row.to_id === id));
    });
    return this.edgeLoader.load(nodeId);
  }
}

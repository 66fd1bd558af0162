import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EdgeRow } from './edge.js';
import { isRecordId } from './ids.js';
import { hiddenVisibilities, namedSql, uuidArray, visibleNodeSql, visibleTieSql } from './sql.js';
import { NodeRecord } from './node-record.entity.js';
import { recordTypeByName } from './registry.js';

type Row = Record<string, unknown> & { id: string };

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

  /** `visibilities`: what the viewer reads (raw SQL must say so itself; ORM queries are filtered already). */
  constructor(
    private readonly em: EntityManager,
    private readonly visibilities?: readonly string[],
  ) {}

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

  private nodeTypes(): DataLoader<string, string | null> {
    this.nodeTypeLoader ??= new DataLoader(async (ids) => {
      const valid = ids.filter(isRecordId);
      const rows = valid.length > 0 ? await this.em.find(NodeRecord, { id: { $in: valid } }, { fields: ['id', 'type'] }) : [];
      const types = new Map(rows.map((row) => [row.id, row.type]));
      return ids.map((key) => types.get(key) ?? null);
    });
    return this.nodeTypeLoader;
  }

  /** Any node by id, whatever its type: the supertype table says which table holds it. */
  async node(id: string): Promise<object | null> {
    const typeName = await this.nodeTypes().load(id);
    const type = typeName ? recordTypeByName(typeName) : undefined;
    return type ? this.byId(type.entity).load(id) : null;
  }

  /** Node types a query already read from the supertype table (search, paths): `node(id)` then needs no statement to find them. */
  knowNodeTypes(types: Iterable<readonly [id: string, type: string]>): void {
    const loader = this.nodeTypes();
    for (const [id, type] of types) loader.prime(id, type);
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
      const rows: EdgeRow[] = await this.em.execute(sql, params);
      return ids.map((id) => rows.filter((row) => row.from_id === id || row.to_id === id));
    });
    return this.edgeLoader.load(nodeId);
  }
}

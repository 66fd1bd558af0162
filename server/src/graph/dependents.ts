import { ReferenceKind, type EntityManager, type EntityMetadata, type EntityProperty } from '@mikro-orm/postgresql';
import { NodeRecord } from './node-record.entity.js';
import { NodeEntity, RecordEntity } from './record.entity.js';

/** One kind of record that points at the record being deleted. */
export interface Dependent {
  /** The referring entity, e.g. Partnership */
  type: string;
  /** The field that refers, e.g. homeCity */
  field: string;
  /** What deleting with cascade does to the referring rows. */
  action: 'delete' | 'detach' | 'unlink';
  table: string;
  column: string;
  count: number;
}

interface Reference {
  meta: EntityMetadata;
  field: string;
  table: string;
  column: string;
  action: Dependent['action'];
}

/** Whether `prop` ties a part to the record owning it (an exchange's participant to its exchange): the part goes with it. */
function isPartOf(meta: EntityMetadata, prop: EntityProperty): boolean {
  return !!prop.targetMeta?.props.some(
    (owner) => owner.kind === ReferenceKind.ONE_TO_MANY && owner.orphanRemoval && owner.mappedBy === prop.name && owner.targetMeta === meta,
  );
}

/** Every column that can point at a record of `entity`: typed references, links and generic edges. */
function referencesTo(em: EntityManager, entity: Function): Reference[] {
  const references: Reference[] = [];
  const isNode = entity.prototype instanceof NodeEntity;
  for (const meta of Object.values(em.getMetadata().getAll())) {
    // A pivot table's rows are counted through the owning side's link (below), never twice.
    if (meta.abstract || meta.embeddable || meta.pivotTable || meta.class === NodeRecord) continue;
    for (const prop of meta.props) {
      const target = prop.targetMeta?.class;
      const pointsHere = target === entity || (isNode && target === NodeRecord);
      if (!pointsHere || isPartOf(meta, prop)) continue;
      if (prop.kind === ReferenceKind.MANY_TO_ONE) {
        const isRecord = meta.class.prototype instanceof RecordEntity;
        references.push({
          meta,
          field: prop.name,
          table: meta.tableName,
          column: prop.fieldNames[0],
          // A required reference from a record takes that record with it; from a part of a record (an
          // exchange's participant) only the part goes.
          action: prop.nullable ? 'detach' : isRecord ? 'delete' : 'unlink',
        });
      }
      if (prop.kind === ReferenceKind.MANY_TO_MANY && prop.owner) {
        references.push({ meta, field: prop.name, table: prop.pivotTable, column: prop.inverseJoinColumns[0], action: 'unlink' });
      }
    }
  }
  return references;
}

/** Counts, in one statement, every record that depends on the record `id`. */
export async function dependentsOf(em: EntityManager, entity: Function, id: string): Promise<Dependent[]> {
  const references = referencesTo(em, entity);
  if (references.length === 0) return [];
  const sql = references
    .map((ref, index) => `select ${index} as ref, count(*)::int as count from "${ref.table}" where "${ref.column}" = ?`)
    .join(' union all ');
  const rows: Array<{ ref: number; count: number }> = await em.execute(sql, references.map(() => id));
  return rows
    .filter((row) => row.count > 0)
    .map((row) => {
      const ref = references[row.ref];
      return { type: ref.meta.className, field: ref.field, action: ref.action, table: ref.table, column: ref.column, count: row.count };
    });
}

export function describeDependents(dependents: Dependent[]): string {
  return dependents.map((d) => `${d.count} ${d.type}${d.count === 1 ? '' : ' records'} (${d.field})`).join(', ');
}

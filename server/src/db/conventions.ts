import { ReferenceKind, Utils, type EntityMetadata, type EntityProperty, type MetadataStorage, type Platform } from '@mikro-orm/core';
import { NodeRecord } from '../graph/node-record.entity.js';

/**
 * Schema conventions applied to every entity once discovered, so no entity has to remember them:
 * - every reference column is indexed (lists filter by them, deletes look for dependents by them);
 * - a reference to the `node` supertype table is checked at commit, because the node row of a record is
 *   written by a trigger when the record's own row is, and a flush may insert the reference first.
 */
export function applySchemaConventions(storage: MetadataStorage): void {
  for (const meta of Object.values(storage.getAll())) {
    if (meta.embeddable || meta.abstract || meta.virtual) continue;
    const leading = new Set<string>([
      ...meta.primaryKeys.slice(0, 1),
      ...[...meta.indexes, ...meta.uniques].map((index) => [index.properties ?? []].flat()[0]).filter((name): name is string => !!name),
    ]);
    for (const prop of meta.props) {
      if (prop.kind !== ReferenceKind.MANY_TO_ONE) continue;
      if (!leading.has(prop.name)) meta.indexes.push({ properties: [prop.name] as never });
      if (prop.targetMeta?.class === NodeRecord) prop.deferMode = 'deferred' as never;
    }
  }
}

/**
 * What a flush takes for a change, set on every entity once discovered: a value of a custom-typed column (the
 * `text[]` aliases of every node, jsonb) is compared in its JavaScript form.
 *
 * MikroORM keeps a snapshot of each loaded record and writes, at a flush, the columns whose value differs from it.
 * For custom types it keeps the database form (`text[]` as the text '{a,b}', jsonb as JSON text), except for the
 * records it loads through a pivot table (a delegation's members and events, an application's persons): their
 * snapshot is the row as the driver returned it (a JavaScript array, an object). Compared as they were, those
 * values always differed, so saving a record rewrote every record linked to it and moved their versions, with
 * no change made and no audit entry. Both forms convert to the same JavaScript value, so that comparison holds
 * however the record was loaded.
 */
export function compareCustomTypesAsValues(storage: MetadataStorage, platform: Platform): void {
  for (const meta of Object.values(storage.getAll())) {
    if (meta.embeddable || meta.abstract || meta.virtual) continue;
    for (const prop of meta.props) compareAsValue(meta, prop, platform);
  }
}

function compareAsValue(meta: EntityMetadata, prop: EntityProperty, platform: Platform): void {
  const type = prop.customType;
  // Types that compare their own way (decimals) or whose snapshot is kept as loaded (dates, objects embedded as jsonb) are left alone.
  if (!type || type.compareValues || !type.ensureComparable(meta, prop)) return;
  // `force`: jsonb arrives parsed from the driver and is kept as text in a snapshot; both must parse to a value.
  const asValue = (value: unknown) => type.convertToJSValue(value, platform, { force: true } as never);
  // Equal as given (both snapshots in the database form, the usual case) needs no conversion.
  type.compareValues = (a: unknown, b: unknown) => a === b || Utils.equals(asValue(a), asValue(b));
}

import { ReferenceKind, type MetadataStorage } from '@mikro-orm/core';
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

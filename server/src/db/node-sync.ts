import type { EntityMetadata, MetadataStorage } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/postgresql';
import { NodeEntity } from '../graph/record.entity.js';

/** The entities whose table is a node table: every concrete entity that extends NodeEntity. */
export function nodeEntities(metadata: MetadataStorage): EntityMetadata[] {
  return Object.values(metadata.getAll())
    .filter((meta) => !meta.abstract && !meta.embeddable && !meta.virtual && meta.class.prototype instanceof NodeEntity)
    .sort((a, b) => a.className.localeCompare(b.className));
}

/**
 * The trigger that keeps a node table's rows in the `node` supertype table (amity_sync_node, which the graph
 * migration made), in the form that migration wrote for the first twelve types.
 */
export function nodeSyncTriggerSql(meta: EntityMetadata): string {
  return `create trigger ${meta.tableName}_node after insert or update or delete on "${meta.tableName}" for each row execute function amity_sync_node('${meta.className}')`;
}

/** The tables that have their node-sync trigger in the database. */
async function tablesWithNodeSync(driver: AbstractSqlDriver): Promise<Set<string>> {
  const rows = await driver.execute<{ table: string }[]>(
    `select c.relname as "table" from pg_trigger t join pg_class c on c.oid = t.tgrelid
     where not t.tgisinternal and t.tgname = c.relname || '_node'`,
  );
  return new Set(rows.map((row) => row.table));
}

/** The triggers a migration must create: those of the node tables that lack one (a new type's table). */
export async function missingNodeSyncTriggers(driver: AbstractSqlDriver): Promise<string[]> {
  const present = await tablesWithNodeSync(driver);
  return nodeEntities(driver.getMetadata())
    .filter((meta) => !present.has(meta.tableName))
    .map(nodeSyncTriggerSql);
}

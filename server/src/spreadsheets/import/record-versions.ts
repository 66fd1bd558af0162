import type { EntityManager } from '@mikro-orm/postgresql';
import type { RecordType } from '../../nodes/registry.js';
import { uuidArray } from '../../graph/sql.js';
import { tableOf } from './references.js';

/** Each record's version now, by id; a record deleted since is absent. */
export async function currentVersions(em: EntityManager, type: RecordType, ids: string[]): Promise<Map<string, number>> {
  const versions = new Map<string, number>();
  for (let start = 0; start < ids.length; start += 5000) {
    const rows: Array<{ id: string; version: number }> = await em.execute(`select id, version from "${tableOf(em, type)}" where id = any(?::uuid[])`, [uuidArray(ids.slice(start, start + 5000))]);
    for (const row of rows) versions.set(row.id, row.version);
  }
  return versions;
}

import { closeSync, fsyncSync, openSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';

/* What both kinds of backup use: a logical one (backup.ts) and a base backup of the embedded server (base-backup.ts). */

/** Rows of every table of the public schema (exact counts). */
export async function tableCounts(orm: MikroORM): Promise<Record<string, number>> {
  const connection = orm.em.getConnection();
  const tables = await connection.execute<Array<{ name: string }>>(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  if (tables.length === 0) return {};
  const union = tables.map(({ name }) => `select '${name.replace(/'/g, "''")}' as name, count(*)::bigint as rows from "${name.replace(/"/g, '""')}"`).join(' union all ');
  const rows = await connection.execute<Array<{ name: string; rows: string }>>(union);
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.rows)]));
}

/** Writes a file (or a folder's entries) through to the disk before it is trusted. */
export function fsyncPath(file: string, flags = 'r'): void {
  const descriptor = openSync(file, flags);
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

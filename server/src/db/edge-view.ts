import type { Transaction } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/postgresql';
import { edgeViewSql } from '../traversal/edge.js';

/** Removes the edge view before a migration's schema changes, which may drop or change a column it reads. */
export const DROP_EDGE_VIEW = 'drop view if exists edge';

/** The edge view as PostgreSQL keeps it (its own normalised text of the definition), or null without one. */
async function storedEdgeView(driver: AbstractSqlDriver, transaction: Transaction): Promise<string | null> {
  const rows = await driver.execute<{ definition: string | null }[]>(
    `select pg_get_viewdef(to_regclass('edge'), false) as definition`, undefined, 'all', transaction,
  );
  return rows[0]?.definition ?? null;
}

/**
 * Whether the edge view the entities imply (graph/edge.ts) differs from the database's, once `schemaChanges` are
 * made. Tried in a transaction that is rolled back: the view is dropped, the changes made, the implied view created,
 * and PostgreSQL's text of it compared with its text of the view before. Compared so, two definitions differ only
 * when the views do, whatever the spacing of the SQL that made them; and a migration that would fail fails here.
 */
export async function edgeViewChanged(driver: AbstractSqlDriver, schemaChanges: readonly string[]): Promise<boolean> {
  const connection = driver.getConnection('write');
  const transaction = await connection.begin();
  try {
    const before = await storedEdgeView(driver, transaction);
    for (const sql of [DROP_EDGE_VIEW, ...schemaChanges.filter(Boolean), edgeViewSql(driver.getMetadata())]) {
      await driver.execute(sql, undefined, 'all', transaction);
    }
    return before !== (await storedEdgeView(driver, transaction));
  } finally {
    await connection.rollback(transaction);
  }
}

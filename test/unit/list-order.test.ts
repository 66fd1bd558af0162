import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/dist/config.js';
import { openDatabase, type Database } from '../../server/dist/db/database.js';
import { orderBySql } from '../../server/dist/graph/list.js';
import { createLogger } from '../../server/dist/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

/**
 * Every admin list opens sorted ascending by a name; on a large table that sort must come from an index, not from
 * sorting every record (graph/name-order.ts, NameOrderIndexes; migration "name_order_indexes"). PostgreSQL is told
 * to avoid sorts and full scans wherever it can, so a plan shows a sort only where no index gives the order.
 */
let database: TestDatabase;
let opened: Database;
let client: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase('empty');
  opened = await openDatabase(loadConfig({ DATABASE_URL: database.url, AMITY_POOL_SIZE: '1' }, []), createLogger('warn'), { migrate: false });
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query('set enable_sort = off; set enable_seqscan = off; set enable_bitmapscan = off');
});
afterAll(async () => {
  await client?.end();
  await opened?.close();
  await database?.drop();
});

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** The plan of a page of `table` in the order orderBySql gives for one sort: its nodes, outermost first. */
async function pagePlan(table: string, field: string, order: 'ASC' | 'DESC'): Promise<PlanNode[]> {
  const meta = opened.orm.getMetadata().getAll();
  const entity = Object.values(meta).find((candidate) => candidate.tableName === table);
  if (!entity) throw new Error(`no entity for ${table}`);
  const sql = `explain (format json) select e.id from "${table}" as e order by ${orderBySql(entity, [{ field, order }]).join(', ')} limit 25`;
  const [{ 'QUERY PLAN': [{ Plan }] }] = (await client.query(sql)).rows as Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>;
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(Plan);
  return nodes;
}

describe('lists sorted by a name', () => {
  it('read every named table ascending by its Chinese or English name from an index, without a sort', async () => {
    const tables = (await client.query<{ table_name: string }>(`select table_name from information_schema.columns where column_name = 'name_pinyin' and table_schema = 'public' order by 1`)).rows.map((row) => row.table_name);
    expect(tables).toContain('person');
    const plans: Record<string, string> = {};
    for (const table of tables) {
      for (const [field, lang] of [['names_zh', 'zh'], ['names_en', 'en']]) {
        const nodes = await pagePlan(table, field, 'ASC');
        plans[`${table} ${field}`] = nodes.map((node) => node['Index Name'] ?? node['Node Type']).join(' > ');
        expect(plans[`${table} ${field}`]).toBe(`Limit > ${table}_name_${lang}_order_index`);
      }
    }
  });

  it('show a sort where no index gives the order (descending by a name), as the check above would without its index', async () => {
    const nodes = await pagePlan('person', 'names_zh', 'DESC');
    expect(nodes.map((node) => node['Node Type'])).toContain('Sort');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/dist/config.js';
import { openDatabase, type Database } from '../../server/dist/db/database.js';
import { readSql } from '../../server/dist/db/read-sql.js';
import { createLogger } from '../../server/dist/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

/**
 * The hub's read statements (readSql) are prepared once per connection and run on a generic plan: PostgreSQL plans
 * them once, not at every run. Left to choose (plan_cache_mode auto), it planned the record page's statements
 * afresh at every request, because a generic plan of `id = any($1)` counts on more ids than one.
 */
let database: TestDatabase;
let opened: Database;

beforeAll(async () => {
  database = await createTestDatabase('demo');
  // The hub's own database setup, with one connection: every statement below runs in one session and sees its
  // prepared statements.
  opened = await openDatabase(loadConfig({ DATABASE_URL: database.url, AMITY_POOL_SIZE: '1' }, []), createLogger('warn'), { migrate: false });
});
afterAll(async () => {
  await opened?.close();
  await database?.drop();
});

describe('read statements', () => {
  it('run prepared, on one generic plan from the first run', async () => {
    const em = opened.orm.em.fork();
    const ids = (await readSql<{ id: string }>(em, 'select id from delegation order by id limit 2')).map((row) => row.id);
    const byId = 'select id, name_en from delegation where id = any(?::uuid[]) /* read-sql test */';
    for (const id of [ids[0], ids[1], ids[0], ids[1], ids[0], ids[1], ids[0]]) {
      const rows = await readSql<{ id: string }>(em, byId, [`{${id}}`]);
      expect(rows.map((row) => row.id)).toEqual([id]);
    }
    const [prepared] = await readSql<{ generic_plans: string; custom_plans: string }>(
      em,
      `select generic_plans, custom_plans from pg_prepared_statements where statement like '%/* read-sql test */%' and statement not like '%pg_prepared_statements%'`,
    );
    expect({ generic: Number(prepared.generic_plans), custom: Number(prepared.custom_plans) }).toEqual({ generic: 7, custom: 0 });
  });
});

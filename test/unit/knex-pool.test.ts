import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/dist/config.js';
import { openDatabase, type Database } from '../../server/dist/db/database.js';
import { poolUsage, unpooledClient, withReadConnection } from '../../server/dist/db/knex-pool.js';
import { readSql } from '../../server/dist/db/read-sql.js';
import { createLogger } from '../../server/dist/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

/**
 * The hub's seam with knex's internal pool (server/src/db/knex-pool.ts). An upgrade of MikroORM, knex or tarn that
 * moves what it relies on fails here first, by name: a connection is lent from the ORM's own pool, given back, and
 * the pool's limit holds for it.
 */
let database: TestDatabase;
let opened: Database;

beforeAll(async () => {
  database = await createTestDatabase('empty');
  opened = await openDatabase(loadConfig({ DATABASE_URL: database.url, AMITY_POOL_SIZE: '1' }, []), createLogger('warn'), { migrate: false });
});
afterAll(async () => {
  await opened?.close();
  await database?.drop();
});

const backend = async (query: (sql: string) => Promise<{ rows: unknown[] }>) => ((await query('select pg_backend_pid() as pid')).rows[0] as { pid: number }).pid;

describe('the knex pool adapter', () => {
  it('finds what it relies on in knex and tarn', () => {
    const client = opened.orm.em.getConnection().getKnex().client as Record<string, unknown> & { pool?: Record<string, unknown> };
    for (const name of ['acquireConnection', 'releaseConnection']) expect(typeof client[name], `knex client.${name}`).toBe('function');
    expect(typeof client.connectionSettings, 'knex client.connectionSettings').toBe('object');
    expect(typeof (client.driver as { Client?: unknown } | undefined)?.Client, 'knex client.driver.Client').toBe('function');
    for (const name of ['numUsed', 'numFree', 'numPendingAcquires', 'numPendingCreates']) expect(typeof client.pool?.[name], `tarn pool.${name}`).toBe('function');
    expect(poolUsage(opened.orm)).toMatchObject({ max: 1 });
  });

  it('lends a connection of the ORM\'s own pool, and takes it back when the work ends', async () => {
    const em = opened.orm.em.fork();
    // One connection in the pool: the ORM's statements and the lent connection run in the same session.
    const ormBackend = ((await em.execute('select pg_backend_pid() as pid')) as Array<{ pid: number }>)[0].pid;
    const lentBackend = await withReadConnection(em, async (connection) => {
      expect(poolUsage(opened.orm)).toMatchObject({ used: 1, free: 0 });
      return backend((text) => connection.query({ text, values: [] }));
    });
    expect(lentBackend).toBe(ormBackend);
    expect(poolUsage(opened.orm)).toMatchObject({ used: 0, free: 1 });
    // Given back also when the work fails.
    await expect(withReadConnection(em, async () => Promise.reject(new Error('failed work')))).rejects.toThrow('failed work');
    expect(poolUsage(opened.orm)).toMatchObject({ used: 0, free: 1 });
  });

  it('keeps to the pool\'s limit: a second read waits until the first gives its connection back', async () => {
    const em = opened.orm.em.fork();
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = withReadConnection(em, async () => {
      order.push('first has it');
      await held;
      order.push('first gives it back');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = readSql<{ one: number }>(em, 'select 1 as one').then((rows) => order.push(`second read ${rows[0].one}`));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(poolUsage(opened.orm)).toMatchObject({ used: 1, waiting: 1 });
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first has it', 'first gives it back', 'second read 1']);
  });

  it('opens a client outside the pool with the pool\'s settings', async () => {
    const client = unpooledClient(opened.orm, { application_name: 'amity-knex-pool-test' });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const answer = (await client.query("select current_setting('application_name') as name")) as { rows: Array<{ name: string }> };
      expect(answer.rows[0].name).toBe('amity-knex-pool-test');
      expect(poolUsage(opened.orm)).toMatchObject({ used: 0 });
    } finally {
      await client.end();
    }
  });
});

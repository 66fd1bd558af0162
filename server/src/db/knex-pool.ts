/**
 * The ORM's connections to PostgreSQL, as the hub uses them past MikroORM's public API: every use of knex's
 * internals is here, behind functions that say what they give.
 *
 * What it relies on (MikroORM 6 builds on knex 3, whose pool is tarn 3, whose connections are node-postgres
 * clients): `AbstractSqlConnection.getKnex()`, and on knex's `client` (not part of knex's documented API)
 * `acquireConnection()` / `releaseConnection(connection)`, `pool` (tarn: `max`, `numUsed()`, `numFree()`,
 * `numPendingAcquires()`, `numPendingCreates()`), `connectionSettings` and `driver.Client` (node-postgres' Client);
 * the read replicas on the driver's private `replicas`.
 *
 * What breaks it: MikroORM 7, which drops knex for Kysely (this module is then rewritten on Kysely's pool, or
 * node-postgres' own `pg.Pool`); a knex or tarn release that renames these. test/unit/knex-pool.test.ts checks
 * each of them on a real database and fails, naming the one that moved, before anything else does.
 */
import type { AbstractSqlConnection, EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { PoolQueueFullError } from './faults.js';

/** The part of a node-postgres client a read needs. */
export interface PooledConnection {
  query(query: { text: string; values: readonly unknown[]; name?: string }): Promise<{ rows: unknown[] }>;
}

/** tarn's pool, as far as the hub looks at it. */
interface KnexPool {
  max: number;
  numPendingAcquires(): number;
  numFree(): number;
  numUsed(): number;
  numPendingCreates(): number;
}

/** knex's client: the pool's connections, its settings and its driver. */
interface KnexClient {
  pool?: KnexPool;
  acquireConnection(): Promise<PooledConnection>;
  releaseConnection(connection: PooledConnection): Promise<unknown>;
  connectionSettings: Record<string, unknown>;
  driver: { Client: new (settings: Record<string, unknown>) => UnpooledClient };
}

/** A node-postgres client of its own, outside the pool. */
export interface UnpooledClient {
  on(event: 'error', listener: () => void): void;
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}

const clientOf = (connection: AbstractSqlConnection) => connection.getKnex().client as unknown as KnexClient;

/** The knex clients of the ORM: the primary's, and each read replica's when there are any. */
function knexClients(orm: MikroORM): KnexClient[] {
  const driver = orm.em.getDriver() as unknown as { replicas?: AbstractSqlConnection[] };
  return [orm.em.getConnection('write'), ...(driver.replicas ?? [])].map(clientOf);
}

/**
 * Runs `use` on a connection of the pool a read goes to (the primary's, or a replica's for a read-only request:
 * `getConnection('read')`, see read-replicas.ts), given back when `use` ends. The same pool as the ORM's: its size,
 * its bounded queue (boundPoolQueues), its check that a connection still waiting for an answer is not handed out.
 */
export async function withReadConnection<T>(em: EntityManager, use: (connection: PooledConnection) => Promise<T>): Promise<T> {
  const client = clientOf(em.getDriver().getConnection('read') as AbstractSqlConnection);
  const connection = await client.acquireConnection();
  try {
    return await use(connection);
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * Bounds the queue of requests waiting for a pooled connection (tarn, knex's pool, queues without limit): past
 * `maxWaiting` a request is refused at once as BUSY instead of joining a queue it would mostly time out in, which
 * would keep the hub's memory and every client waiting. The waits that do queue still end at the acquire timeout.
 */
export function boundPoolQueues(orm: MikroORM, maxWaiting: number): void {
  for (const client of knexClients(orm)) {
    const acquire = client.acquireConnection.bind(client);
    client.acquireConnection = () => {
      const pool = client.pool;
      if (pool) {
        const waiting = pool.numPendingAcquires();
        const noConnectionFree = pool.numFree() === 0 && pool.numUsed() + pool.numPendingCreates() >= pool.max;
        if (waiting >= maxWaiting && noConnectionFree) return Promise.reject(new PoolQueueFullError(pool.max, waiting));
      }
      return acquire();
    };
  }
}

/** The primary pool's connections in use and free, and the requests waiting for one (for the metrics). */
export function poolUsage(orm: MikroORM): { used: number; free: number; waiting: number; max: number } | undefined {
  const pool = knexClients(orm)[0].pool;
  return pool && { used: pool.numUsed(), free: pool.numFree(), waiting: pool.numPendingAcquires(), max: pool.max };
}

/** A client to the primary with the pool's settings (`overrides` on top), outside the pool: the caller ends it. */
export function unpooledClient(orm: MikroORM, overrides: Record<string, unknown>): UnpooledClient {
  const { connectionSettings, driver } = knexClients(orm)[0];
  // The password is a hidden property of knex's settings: spreading them leaves it out.
  return new driver.Client({ ...connectionSettings, password: connectionSettings.password, ...overrides });
}

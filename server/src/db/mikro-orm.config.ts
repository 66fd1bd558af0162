import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { entities } from '../nodes/registry.js';
import { applySchemaConventions, compareCustomTypesAsValues } from './conventions.js';
import { GraphMigrationGenerator } from './migration-generator.js';
import { ReplicaRoutingDriver } from './read-replicas.js';
import { countStatement } from './sql-counter.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface DatabaseOptions {
  clientUrl: string;
  /** Read replicas of clientUrl (AMITY_DATABASE_REPLICA_URLS); read-only requests read from them. */
  replicaUrls?: string[];
  statementTimeoutMs?: number;
  poolSize?: number;
  poolAcquireTimeoutMs?: number;
  /** Milliseconds a new connection may take to open (a host that does not answer must not hold a request). */
  connectTimeoutMs?: number;
  debug?: boolean;
}

/** How long the hub waits beyond statement_timeout for PostgreSQL's answer before it gives the connection up. */
const ANSWER_GRACE_MS = 5000;

/** pg's Client as far as the pool looks at it: pg 8.20 has the underscored names, older ones the plain (now deprecated). */
interface PooledClient {
  _getActiveQuery?(): unknown;
  activeQuery?: unknown;
  _queryQueue?: unknown[];
  queryQueue?: unknown[];
}

/** Whether a connection still waits for an answer, or has queries queued: then it must not be handed out. */
function stillBusy(client: PooledClient): boolean {
  const active = typeof client._getActiveQuery === 'function' ? client._getActiveQuery() : client.activeQuery;
  const queue = '_queryQueue' in client ? client._queryQueue : client.queryQueue;
  return active != null || (queue?.length ?? 0) > 0;
}

/** One ORM configuration, shared by the server, the CLI and the tests. */
export function ormConfig(options: DatabaseOptions): Options {
  const statementTimeoutMs = options.statementTimeoutMs ?? 15000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  // knex's pool options (tarn's), `validate` included, which MikroORM's type leaves out but passes on.
  const pool = {
    min: 0,
    max: options.poolSize ?? 10,
    acquireTimeoutMillis: options.poolAcquireTimeoutMs ?? 5000,
    createTimeoutMillis: connectTimeoutMs,
    // A connection whose last query was given up (no answer in time) still waits for that answer: never reuse it.
    // Connections that broke are left out by knex itself (it marks them on the client's 'error' and 'end').
    validate: (client: PooledClient) => !stillBusy(client),
  };
  return defineConfig({
    clientUrl: options.clientUrl,
    // Replicas get the primary's pool and connection settings; the routing driver decides who reads where.
    ...(options.replicaUrls?.length
      ? { driver: ReplicaRoutingDriver, replicas: options.replicaUrls.map((clientUrl, index) => ({ name: `replica-${index + 1}`, clientUrl })), preferReadReplicas: true }
      : {}),
    entities,
    extensions: [Migrator],
    discovery: {
      disableDynamicFileAccess: true,
      afterDiscovered: (storage, platform) => {
        applySchemaConventions(storage);
        compareCustomTypesAsValues(storage, platform);
      },
    },
    // Always the compiled JavaScript, also when started from a test runner that can load TypeScript.
    preferTs: false,
    migrations: {
      path: path.join(here, 'migrations'),
      // Where `migration:create` writes a new migration: the sources, next to the others (this file runs from dist/).
      pathTs: path.join(here, '../../src/db/migrations'),
      generator: GraphMigrationGenerator,
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    // Loading happens through the per-request loaders; nothing is loaded implicitly.
    populateWhere: 'infer',
    forceUtcTimezone: true,
    pool,
    driverOptions: {
      // A failed statement's error names its SQL with placeholders, not with the values inlined: a value may be a
      // password hash or personal data, and errors are logged.
      compileSqlOnError: false,
      connection: {
        statement_timeout: statementTimeoutMs,
        // The client's own bound, for a server that stops answering without closing the connection (a frozen host,
        // a cut network): PostgreSQL's statement_timeout cannot fire then.
        ...(statementTimeoutMs > 0 ? { query_timeout: statementTimeoutMs + ANSWER_GRACE_MS } : {}),
        connectionTimeoutMillis: connectTimeoutMs,
        // Keepalive probes find a connection whose peer vanished while it sat idle in the pool.
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
        application_name: 'amity',
        // No JIT: it pays off only for queries running for seconds, and costs seconds to compile the large plans of
        // the graph walks (paths, neighbourhoods), whose work is a few milliseconds.
        // Generic plans for prepared statements (readSql's; the ORM's own statements are not prepared): planned once
        // per connection, not at every run. Left to choose, PostgreSQL planned the hub's reads afresh every time,
        // since a generic plan of `id = any($1)` counts on more ids than one: a record page (Q3) took 1.69 ms
        // instead of 1.18 (test/bench/RESULTS.md, eighth session). The hub's statements filter by ids and indexed
        // columns, and the benchmark's kept their plans' shapes.
        options: '-c jit=off -c plan_cache_mode=force_generic_plan',
      },
    },
    onQuery: (sql: string) => {
      countStatement();
      return sql;
    },
    debug: options.debug ?? false,
    allowGlobalContext: false,
  });
}

/** What the MikroORM CLI reads (`pnpm --filter @amity/server run migration:create`), from DATABASE_URL. */
export default ormConfig({ clientUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/amity_dev' });

import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { entities } from '../graph/registry.js';
import { applySchemaConventions } from './conventions.js';
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
  debug?: boolean;
}

/** One ORM configuration, shared by the server, the CLI and the tests. */
export function ormConfig(options: DatabaseOptions): Options {
  return defineConfig({
    clientUrl: options.clientUrl,
    // Replicas get the primary's pool and connection settings; the routing driver decides who reads where.
    ...(options.replicaUrls?.length
      ? { driver: ReplicaRoutingDriver, replicas: options.replicaUrls.map((clientUrl, index) => ({ name: `replica-${index + 1}`, clientUrl })), preferReadReplicas: true }
      : {}),
    entities,
    extensions: [Migrator],
    discovery: { disableDynamicFileAccess: true, afterDiscovered: applySchemaConventions },
    // Always the compiled JavaScript, also when started from a test runner that can load TypeScript.
    preferTs: false,
    migrations: {
      path: path.join(here, 'migrations'),
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    // Loading happens through the per-request loaders; nothing is loaded implicitly.
    populateWhere: 'infer',
    forceUtcTimezone: true,
    pool: {
      min: 0,
      max: options.poolSize ?? 10,
      acquireTimeoutMillis: options.poolAcquireTimeoutMs ?? 5000,
    },
    driverOptions: {
      // No JIT: it pays off only for queries running for seconds, and costs seconds to compile the large plans of
      // the graph walks (paths, neighbourhoods), whose work is a few milliseconds.
      connection: { statement_timeout: options.statementTimeoutMs ?? 15000, application_name: 'amity', options: '-c jit=off' },
    },
    onQuery: (sql: string) => {
      countStatement();
      return sql;
    },
    debug: options.debug ?? false,
    allowGlobalContext: false,
  });
}

/** What the MikroORM CLI reads (`mikro-orm-esm migration:create`), from DATABASE_URL. */
export default ormConfig({ clientUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/amity_dev' });

import { AsyncLocalStorage } from 'node:async_hooks';
import { PostgreSqlDriver, type ConnectionType, type EntityData, type Knex, type LoggingOptions, type QueryResult, type Transaction } from '@mikro-orm/postgresql';

/** The replica a read-only request reads from (one per request, so that its statements see one state). */
interface ReplicaRoute {
  pick: number;
}

const routes = new AsyncLocalStorage<ReplicaRoute>();

/**
 * Runs a read-only request's work so that its reads may go to a read replica. Everything else — writes,
 * transactions, migrations, start-up, the CLI, and every read of a request that writes (a mutation, an import)
 * — goes to the primary, so that a mutation's answer and its checks see its own writes.
 */
export function readFromReplica<T>(work: () => T): T {
  return routes.run({ pick: Math.floor(Math.random() * 1_000_000) }, work);
}

/** A plain read statement (the raw SQL of search, paths, stats…); anything else stays on the primary. */
const READ_STATEMENT = /^\s*(select|with)\b/i;

/**
 * PostgreSQL with MikroORM's read replicas, routed per request: reads (ORM queries and raw SELECTs outside a
 * transaction) of a request run under `readFromReplica` go to that request's replica; all else to the primary.
 * Used only when AMITY_DATABASE_REPLICA_URLS names replicas.
 */
export class ReplicaRoutingDriver extends PostgreSqlDriver {
  override getConnection(type: ConnectionType = 'write') {
    const route = routes.getStore();
    if (type === 'write' || !route || this.replicas.length === 0) return super.getConnection('write');
    return this.replicas[route.pick % this.replicas.length];
  }

  override async execute<T extends QueryResult | EntityData<object> | EntityData<object>[] = EntityData<object>[]>(
    queryOrKnex: string | Knex.QueryBuilder | Knex.Raw,
    params: unknown[] = [],
    method: 'all' | 'get' | 'run' = 'all',
    ctx?: Transaction,
    loggerContext?: LoggingOptions,
  ): Promise<T> {
    if (!ctx && method !== 'run' && typeof queryOrKnex === 'string' && READ_STATEMENT.test(queryOrKnex)) {
      return this.rethrow(this.getConnection('read').execute<T>(queryOrKnex, params, method, ctx, loggerContext));
    }
    return super.execute<T>(queryOrKnex, params, method, ctx, loggerContext);
  }
}

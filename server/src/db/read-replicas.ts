import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
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

/** How often each replica is asked whether it answers, and how long it has to answer. */
const CHECK_EVERY_MS = 5_000;
const CHECK_TIMEOUT_MS = 2_000;

/** Told when a replica stops or starts answering (`replica` is its 1-based place in AMITY_DATABASE_REPLICA_URLS). */
export const replicaHealth = new EventEmitter<{ change: [{ replica: number; answering: boolean }] }>();

/**
 * PostgreSQL with MikroORM's read replicas, routed per request: reads (ORM queries and raw SELECTs outside a
 * transaction) of a request run under `readFromReplica` go to that request's replica; all else to the primary.
 * A replica that does not answer a check is left out until it does again; with none answering, reads go to the
 * primary. Used only when AMITY_DATABASE_REPLICA_URLS names replicas.
 */
export class ReplicaRoutingDriver extends PostgreSqlDriver {
  private answering: boolean[] = [];
  private checks?: NodeJS.Timeout;

  override async connect() {
    const connection = await super.connect();
    this.answering = this.replicas.map(() => false);
    await this.checkReplicas();
    this.checks = setInterval(() => void this.checkReplicas(), CHECK_EVERY_MS);
    this.checks.unref();
    return connection;
  }

  override async close(force?: boolean): Promise<void> {
    clearInterval(this.checks);
    await super.close(force);
  }

  override getConnection(type: ConnectionType = 'write') {
    const route = routes.getStore();
    const live = this.replicas.filter((_, index) => this.answering[index]);
    if (type === 'write' || !route || live.length === 0) return super.getConnection('write');
    return live[route.pick % live.length];
  }

  private async checkReplicas(): Promise<void> {
    await Promise.all(
      this.replicas.map(async (replica, index) => {
        let timer: NodeJS.Timeout | undefined;
        const answering = await Promise.race([
          replica.execute('select 1').then(() => true, () => false),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS))),
        ]);
        clearTimeout(timer);
        if (answering !== this.answering[index]) replicaHealth.emit('change', { replica: index + 1, answering });
        this.answering[index] = answering;
      }),
    );
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

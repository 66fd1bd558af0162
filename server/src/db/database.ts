import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import { configureDatabaseErrors } from '../errors.js';
import type { Logger } from '../logger.js';
import { archiveSettings } from './base-backup.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.js';
import { boundPoolQueues, unpooledClient } from './knex-pool.js';
import { ormConfig } from './mikro-orm.config.js';
import { loadCountries } from './reference-data.js';

export interface Database {
  orm: MikroORM;
  /** Where it runs, without the password, for logs. */
  location: string;
  close(): Promise<void>;
}

export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Connects to DATABASE_URL, or starts the embedded PostgreSQL, and brings the schema up to date. */
export async function openDatabase(config: Config, log: Logger, { migrate = true } = {}): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.embeddedPostgres.dataDir, config.embeddedPostgres.port, log, archiveSettings(config));
    url = embedded.url;
  }
  try {
    const orm = await MikroORM.init(
      ormConfig({
        clientUrl: url,
        replicaUrls: config.databaseReplicaUrls,
        statementTimeoutMs: config.statementTimeoutMs,
        poolSize: config.poolSize,
        poolAcquireTimeoutMs: config.poolAcquireTimeoutMs,
        connectTimeoutMs: config.dbConnectTimeoutMs,
      }),
    );
    configureDatabaseErrors(config);
    boundPoolQueues(orm, config.poolMaxWaiting);
    if (migrate) await runMigrations(orm, log);
    return {
      orm,
      location: redactUrl(url),
      async close() {
        await orm.close(true);
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/** Set once no migration is pending: a running hub's own migrations do not come back. */
const migrated = new WeakSet<MikroORM>();

/** An arbitrary key for PostgreSQL's advisory lock that makes hubs starting together migrate one at a time. */
const MIGRATION_LOCK = 7_263_489_001;

/**
 * Brings the schema up to date and loads the reference data, one hub at a time. With `to` (upgrade tests, `cli.js
 * migrate --to`) it stops after that migration and loads no reference data, which may need a later schema.
 */
export async function runMigrations(orm: MikroORM, log: Logger, { to }: { to?: string } = {}): Promise<void> {
  const knex = orm.em.getConnection().getKnex();
  // The lock is held on a connection of its own, outside the pool: the migrator needs the pool's (all of them when
  // AMITY_POOL_SIZE is 1, which would wait for itself).
  const connection = await knex.client.acquireRawConnection();
  try {
    await knex.raw('select pg_advisory_lock(?)', [MIGRATION_LOCK]).connection(connection);
    const migrator = orm.getMigrator();
    const pending = await migrator.getPendingMigrations();
    if (pending.length > 0) {
      log.info({ migrations: pending.map((migration) => migration.name) }, 'applying migrations');
      await migrator.up(to ? { to } : undefined);
    }
    if (to) return;
    migrated.add(orm);
    const countries = await loadCountries(orm.em.fork());
    if (countries > 0) log.info({ countries }, 'loaded ISO 3166-1 countries');
  } finally {
    await knex.raw('select pg_advisory_unlock(?)', [MIGRATION_LOCK]).connection(connection).catch(() => undefined);
    await knex.client.destroyRawConnection(connection);
  }
}

/**
 * Runs `work` in a transaction that holds PostgreSQL's advisory lock for what hubs make when they start (the first
 * admin, the demo data and its accounts): hubs starting together on one database take turns, and each finds what
 * the one before it made instead of failing on a unique constraint.
 */
export function asOneHubAtStart<T>(em: EntityManager, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(hashtext(?))', ['amity-start-up-data']);
    return work(tx);
  });
}

export interface Readiness {
  ready: boolean;
  reason?: string;
}

/** A probe answer is reused this long, so that a flood of /readyz calls cannot flood the database with connections. */
const READINESS_REUSE_MS = 1000;
const readinessCache = new WeakMap<MikroORM, { at: number; answer: Promise<Readiness> }>();

/** Answers `select 1` on a connection of its own, bounded by `timeoutMs` for connecting and answering. */
async function probe(orm: MikroORM, timeoutMs: number): Promise<void> {
  const client = unpooledClient(orm, { connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, application_name: 'amity-readyz' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    void client.end().catch(() => undefined);
  }
}

async function readiness(orm: MikroORM, timeoutMs: number): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, reason: `the database did not answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const check = async (): Promise<Readiness> => {
    try {
      await probe(orm, timeoutMs);
    } catch {
      return { ready: false, reason: 'database unreachable' };
    }
    if (!migrated.has(orm)) {
      const pending = await orm.getMigrator().getPendingMigrations();
      if (pending.length > 0) return { ready: false, reason: `${pending.length} migrations pending` };
      migrated.add(orm);
    }
    return { ready: true };
  };
  try {
    return await Promise.race([check().catch(() => ({ ready: false, reason: 'database unreachable' })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Ready means the database answers and no migration is pending. The database is asked on a connection of the
 * probe's own (not the pool's, so a busy hub is still ready) and the answer comes within `timeoutMs` whatever the
 * database does; concurrent probes share one answer.
 */
export function databaseReadiness(orm: MikroORM, timeoutMs = 2000): Promise<Readiness> {
  const cached = readinessCache.get(orm);
  if (cached && Date.now() - cached.at < READINESS_REUSE_MS) return cached.answer;
  const answer = readiness(orm, timeoutMs);
  readinessCache.set(orm, { at: Date.now(), answer });
  return answer;
}

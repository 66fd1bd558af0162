import { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.js';
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
    embedded = await startEmbeddedPostgres(config.embeddedPostgres.dataDir, config.embeddedPostgres.port, log);
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
      }),
    );
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

/** An arbitrary key for PostgreSQL's advisory lock that makes hubs starting together migrate one at a time. */
const MIGRATION_LOCK = 7_263_489_001;

/**
 * Brings the schema up to date and loads the reference data, one hub at a time. With `to` (upgrade tests, `cli.js
 * migrate --to`) it stops after that migration and loads no reference data, which may need a later schema.
 */
export async function runMigrations(orm: MikroORM, log: Logger, { to }: { to?: string } = {}): Promise<void> {
  const knex = orm.em.getConnection().getKnex();
  const connection = await knex.client.acquireConnection();
  try {
    await knex.raw('select pg_advisory_lock(?)', [MIGRATION_LOCK]).connection(connection);
    const migrator = orm.getMigrator();
    const pending = await migrator.getPendingMigrations();
    if (pending.length > 0) {
      log.info({ migrations: pending.map((migration) => migration.name) }, 'applying migrations');
      await migrator.up(to ? { to } : undefined);
    }
    if (to) return;
    const countries = await loadCountries(orm.em.fork());
    if (countries > 0) log.info({ countries }, 'loaded ISO 3166-1 countries');
  } finally {
    await knex.raw('select pg_advisory_unlock(?)', [MIGRATION_LOCK]).connection(connection).catch(() => undefined);
    await knex.client.releaseConnection(connection);
  }
}

/** Ready means the database answers and no migration is pending. */
export async function databaseReadiness(orm: MikroORM): Promise<{ ready: boolean; reason?: string }> {
  try {
    await orm.em.getConnection().execute('select 1');
    const pending = await orm.getMigrator().getPendingMigrations();
    return pending.length === 0 ? { ready: true } : { ready: false, reason: `${pending.length} migrations pending` };
  } catch {
    return { ready: false, reason: 'database unreachable' };
  }
}

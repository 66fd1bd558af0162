import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { redactUrl } from './database.js';
import { archiveSettings, runningServer } from './base-backup.js';
import { fsyncPath, tableCounts } from './backup-shared.js';
import { embeddedUrl, startEmbeddedPostgres } from './embedded.js';
import { ormConfig } from './mikro-orm.config.js';
import { findPgTool, majorOf, type PgTool } from './pg-tools.js';

const run = promisify(execFile);

/** What a backup or a restore reports: where, which versions, and the rows of every table. */
export interface BackupSummary {
  file: string;
  bytes: number;
  database: string;
  serverVersion: string;
  tool: string;
  /** Rows per table of the database (after a restore: as restored). */
  counts: Record<string, number>;
  /** Migrations recorded in the database (after a restore: those the backup had). */
  migrations: string[];
  /** Migrations of this version of Amity not yet applied: the hub applies them at its next start. */
  pendingMigrations: string[];
}

/** An open connection for maintenance, to DATABASE_URL or the embedded PostgreSQL (started when the hub is not running). */
interface Target {
  url: string;
  orm: MikroORM;
  /** Stops the embedded PostgreSQL when it was started for this command. */
  stopServer(): Promise<void>;
}

async function closeTarget(target: Target): Promise<void> {
  await target.orm.close(true);
  await target.stopServer();
}

const nothingToStop = async () => {};

/** Every custom-format pg_dump archive starts with these bytes. */
const ARCHIVE_MAGIC = 'PGDMP';

async function connect(url: string): Promise<MikroORM> {
  const orm = await MikroORM.init({ ...ormConfig({ clientUrl: url, poolSize: 2 }), debug: false });
  try {
    await orm.em.getConnection().execute('select 1');
  } catch (error) {
    await orm.close(true);
    throw new Error(`cannot reach the database ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return orm;
}

/**
 * The database the hub uses (same configuration as the hub): DATABASE_URL, or the embedded PostgreSQL — the one a
 * running hub started, or started here for the command and stopped after it.
 */
async function openTarget(config: Config, log: Logger): Promise<Target> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, orm: await connect(config.databaseUrl), stopServer: nothingToStop };
  }
  const { dataDir, port } = config.embeddedPostgres;
  const passwordFile = `${dataDir}.password`;
  // The running server's own port (postmaster.pid), which need not be this command's AMITY_EMBEDDED_PG_PORT.
  const running = runningServer(dataDir);
  if (running && existsSync(passwordFile)) {
    const url = embeddedUrl(readFileSync(passwordFile, 'utf8').trim(), running.port);
    return { url, orm: await connect(url), stopServer: nothingToStop };
  }
  const embedded = await startEmbeddedPostgres(dataDir, port, log, archiveSettings(config));
  try {
    return { url: embedded.url, orm: await connect(embedded.url), stopServer: () => embedded.stop() };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

/** The connection for a PostgreSQL program: the URL without its password, which goes in PGPASSWORD (never on a command line). */
function programConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env };
}

async function serverVersion(orm: MikroORM): Promise<{ text: string; major: number }> {
  const [row] = await orm.em.getConnection().execute<Array<{ num: string; text: string }>>(
    `select current_setting('server_version_num') as num, current_setting('server_version') as text`,
  );
  return { text: row.text, major: majorOf(Number(row.num)) };
}

/** What a summary says of the database itself: its rows per table and its migrations. */
type DatabaseFacts = Pick<BackupSummary, 'counts' | 'migrations' | 'pendingMigrations'>;

async function databaseFacts(orm: MikroORM): Promise<DatabaseFacts> {
  const counts = await tableCounts(orm);
  if (!('mikro_orm_migrations' in counts)) return { counts, migrations: [], pendingMigrations: [] };
  const migrator = orm.getMigrator();
  const executed = await migrator.getExecutedMigrations();
  const pending = await migrator.getPendingMigrations();
  return { counts, migrations: executed.map((migration) => migration.name), pendingMigrations: pending.map((migration) => migration.name) };
}

/** The summary of a backup or restore of `file` (as it is now) with `tool`. */
function summaryOf(file: string, database: Target, serverVersion: string, tool: PgTool, facts: DatabaseFacts): BackupSummary {
  return { file, bytes: statSync(file).size, database: redactUrl(database.url), serverVersion, tool: `${tool.path} ${tool.version}`, ...facts };
}

/** A line per fact, for people: the file, its size, the versions and the rows of each table. */
export function formatSummary(verb: string, summary: BackupSummary): string {
  const lines = [
    `${verb} ${summary.file} (${(summary.bytes / 1024 / 1024).toFixed(2)} MiB)`,
    `  database    ${summary.database} (PostgreSQL ${summary.serverVersion})`,
    `  program     ${summary.tool}`,
    `  migrations  ${summary.migrations.length} applied${summary.migrations.length ? `, the last ${summary.migrations.at(-1)}` : ''}`,
  ];
  if (summary.pendingMigrations.length > 0) {
    lines.push(`  pending     ${summary.pendingMigrations.join(', ')} (the hub applies them at its next start)`);
  }
  lines.push(...formatCounts(summary.counts));
  return `${lines.join('\n')}\n`;
}

/** The rows of each table, a line each under `rows:`. */
export function formatCounts(counts: Record<string, number>): string[] {
  const width = Math.max(...Object.keys(counts).map((name) => name.length), 5);
  return ['  rows:', ...Object.entries(counts).map(([table, rows]) => `    ${table.padEnd(width)}  ${rows}`)];
}

/** Fails unless `file`'s folder exists and takes a new file: checked before anything else runs. */
function checkWritable(temporary: string): void {
  try {
    closeSync(openSync(temporary, 'wx', 0o600));
    rmSync(temporary);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new Error(`cannot write the backup to ${path.dirname(temporary)}: ${code || (error as Error).message}`);
  }
}

/**
 * Backs up the whole database (records, relationships, the audit trail, accounts, sessions, widget keys, import
 * batches and the migrations table) with pg_dump in its custom format. Written to a temporary file beside
 * `file` and renamed into place only when complete and read back whole by pg_restore: a failed backup leaves nothing.
 */
export async function backupDatabase(config: Config, log: Logger, file: string, { overwrite = false } = {}): Promise<BackupSummary> {
  const target = path.resolve(file);
  if (existsSync(target) && !overwrite) throw new Error(`${target} exists already: choose another file or pass --force to replace it`);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.partial-${randomBytes(4).toString('hex')}`);
  checkWritable(temporary);

  const database = await openTarget(config, log);
  try {
    const version = await serverVersion(database.orm);
    const pgDump = await findPgTool('pg_dump', version.major, config.pgBin);
    const pgRestore = await findPgTool('pg_restore', version.major, config.pgBin);
    const facts = await databaseFacts(database.orm);
    const { dbname, env } = programConnection(database.url);
    try {
      await runProgram(pgDump, ['--format=custom', '--no-password', `--file=${temporary}`, `--dbname=${dbname}`], env);
      // Readable from its table of contents to its last row (pg_restore reads it all into SQL, thrown away), or it is not a backup.
      await runProgram(pgRestore, ['--file=/dev/null', temporary], env);
      // Password hashes and personal data: for the owner's eyes only.
      chmodSync(temporary, 0o600);
      fsyncPath(temporary);
      renameSync(temporary, target);
      fsyncPath(path.dirname(target));
    } finally {
      rmSync(temporary, { force: true });
    }
    return summaryOf(target, database, version.text, pgDump, facts);
  } finally {
    await closeTarget(database);
  }
}

/** Fails unless `file` is a readable custom-format pg_dump archive (its first bytes), before anything is touched. */
function checkArchive(file: string): void {
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  if (!statSync(file).isFile()) throw new Error(`${file} is not a file`);
  const header = Buffer.alloc(ARCHIVE_MAGIC.length);
  const descriptor = openSync(file, 'r');
  try {
    readSync(descriptor, header, 0, header.length, 0);
  } finally {
    closeSync(descriptor);
  }
  if (header.toString('latin1') !== ARCHIVE_MAGIC) {
    throw new Error(`${file} is not a pg_dump archive in custom format (made by \`cli.js backup\` or pg_dump --format=custom): nothing was restored`);
  }
}

/** Hubs connected to the database now (their connections say application_name amity). */
async function connectedHubs(orm: MikroORM): Promise<number> {
  const [row] = await orm.em.getConnection().execute<Array<{ count: string }>>(
    `select count(*) as count from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and application_name = 'amity'`,
  );
  return Number(row.count);
}

/**
 * Restores a backup into the hub's database: into an empty one, or replacing what is there when `replace` is
 * given (the hubs on it stopped first). One transaction: a restore that fails leaves the database as it was.
 * Ownership and grants become the restoring user's. Checks the result (the migrations table is there) and reports
 * the rows of each table.
 */
export async function restoreDatabase(config: Config, log: Logger, file: string, { replace = false } = {}): Promise<BackupSummary> {
  const source = path.resolve(file);
  checkArchive(source);

  const database = await openTarget(config, log);
  try {
    const version = await serverVersion(database.orm);
    const pgRestore = await findPgTool('pg_restore', version.major, config.pgBin);
    const { dbname, env } = programConnection(database.url);
    const present = Object.keys(await tableCounts(database.orm));
    if (present.length > 0 && !replace) {
      throw new Error(`the database ${redactUrl(database.url)} is not empty (${present.length} tables): restore into an empty database, or pass --replace to replace its contents`);
    }
    // --clean replaces what the backup has; a table it lacks would stay, beside a migrations table that denies it.
    const archived = await archiveTables(pgRestore, source, env);
    const extra = present.filter((table) => !archived.has(table));
    if (extra.length > 0) {
      throw new Error(
        `the database ${redactUrl(database.url)} has tables the backup lacks (${extra.join(', ')}): it was made by a newer version of Amity. ` +
          'Restore into an empty database instead (create one and point DATABASE_URL to it): nothing was restored',
      );
    }
    const hubs = await connectedHubs(database.orm);
    if (hubs > 0) throw new Error(`${hubs} connections of running hubs are open on ${redactUrl(database.url)}: stop the hubs, then restore`);

    try {
      await runProgram(pgRestore, ['--clean', '--if-exists', '--single-transaction', '--no-owner', '--no-privileges', '--no-password', `--dbname=${dbname}`, source], env);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nThe restore ran in one transaction: the database was left as it was.`);
    }

    // A fresh connection: the ORM's pool may hold plans of the tables dropped and made again.
    await database.orm.close(true);
    database.orm = await connect(database.url);
    const facts = await databaseFacts(database.orm);
    if (!('mikro_orm_migrations' in facts.counts)) throw new Error(`restored ${source}, but it holds no migrations table: it is not a backup of an Amity database`);
    return summaryOf(source, database, version.text, pgRestore, facts);
  } finally {
    await closeTarget(database);
  }
}

/** The tables of the public schema an archive holds, from its table of contents; fails for an unreadable archive. */
async function archiveTables(pgRestore: PgTool, source: string, env: NodeJS.ProcessEnv): Promise<Set<string>> {
  let list: string;
  try {
    list = await runProgram(pgRestore, ['--list', source], env);
  } catch (error) {
    throw new Error(`${source} is not a readable pg_dump archive (${(error as Error).message}): nothing was restored`);
  }
  // "218; 1259 16390 TABLE public city postgres"
  const tables = [...list.matchAll(/^\d+; \d+ \d+ TABLE public (\S+) /gm)].map((match) => match[1]);
  return new Set(tables);
}

async function runProgram(tool: PgTool, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(tool.path, args, { env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new Error(`${path.basename(tool.path)} failed: ${stderr || (error as Error).message}`);
  }
}

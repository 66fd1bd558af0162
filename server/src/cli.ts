import 'reflect-metadata';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig, repositoryRoot } from './config.js';
import { backupDatabase, formatCounts, formatSummary, restoreDatabase } from './db/backup.js';
import { archiveFacts, listBaseBackups, parseKeep, restoreBaseBackup, takeBaseBackup, type BaseBackup, type BaseBackupResult, type RestoreResult } from './db/base-backup.js';
import { openDatabase, runMigrations } from './db/database.js';
import { loadDemoData } from './db/demo/demo-data.js';
import { ormConfig } from './db/mikro-orm.config.js';
import { edgeViewSql } from './traversal/edge.js';
import { scrubText } from './log-scrub.js';
import { createLogger } from './logger.js';
import { ensureAdmin, ensureDemoAccounts } from './auth/accounts.js';
import { buildAmitySchema, printAmitySchema } from './schema.js';

export const schemaFile = path.join(repositoryRoot, 'schema/schema.graphql');

/** The compiled migrations, as the ORM configuration finds them. */
const migrationsFolder = path.join(repositoryRoot, 'server/dist/db/migrations');

/** The ORM's metadata without a database: enough to print the schema or the edge view. */
export async function offlineOrm(): Promise<MikroORM> {
  return MikroORM.init({ ...ormConfig({ clientUrl: 'postgres://offline@127.0.0.1:1/offline' }), connect: false });
}

const commands: Record<string, { help: string; run(args: string[]): Promise<void> }> = {
  migrate: {
    help: 'apply pending migrations to DATABASE_URL (or the embedded PostgreSQL) and load the countries; `--to <name>` stops after that migration (upgrade tests)',
    async run(args) {
      const { positional, flags } = parseArguments(args, ['--to']);
      if (positional.length > 0) throw new Error('usage: node dist/cli.js migrate [--to <migration name>]');
      const config = loadConfig();
      const log = createLogger(config.logLevel, 'command');
      const to = flags.get('--to');
      if (to) {
        const known = readdirSync(migrationsFolder).filter((file) => /^Migration\w+\.js$/.test(file)).map((file) => file.slice(0, -3)).sort();
        if (!known.includes(to)) throw new Error(`no migration named ${to}; the migrations are:\n  ${known.join('\n  ')}`);
      }
      const database = await openDatabase(config, log, { migrate: !to });
      try {
        if (to) {
          await runMigrations(database.orm, log, { to });
        }
      } finally {
        await database.close();
      }
    },
  },
  backup: {
    help:
      'embedded PostgreSQL: `backup [--keep N]` takes a base backup into the backups folder (AMITY_BACKUP_DIR), WAL is archived continuously; ' +
      '--keep N keeps the N newest and the WAL they need. Any PostgreSQL: `backup <file> [--force]` writes a pg_dump archive (--force replaces an existing file)',
    async run(args) {
      const { positional, flags } = parseArguments(args, ['--keep'], ['--force']);
      const usage = 'usage: node dist/cli.js backup [--keep N]   or   node dist/cli.js backup <file> [--force]';
      if (positional.length > 1) throw new Error(usage);
      const config = loadConfig();
      const log = createLogger(config.logLevel, 'command');
      if (positional.length === 1) {
        if (flags.has('--keep')) throw new Error(`--keep rotates base backups (\`backup\` without a file); a file is one pg_dump archive. ${usage}`);
        const summary = await backupDatabase(config, log, positional[0], { overwrite: flags.has('--force') });
        process.stdout.write(formatSummary('backed up to', summary));
        return;
      }
      if (flags.has('--force')) throw new Error(`--force replaces a pg_dump file; a base backup never replaces one. ${usage}`);
      const result = await takeBaseBackup(config, log, { keep: parseKeep(flags.get('--keep')) });
      process.stdout.write(formatBaseBackup(result, archiveFacts(config)));
    },
  },
  backups: {
    help: 'list the base backups of the embedded PostgreSQL and the WAL archive: the times a restore can bring back',
    async run(args) {
      if (args.length > 0) throw new Error('usage: node dist/cli.js backups');
      const config = loadConfig();
      process.stdout.write(formatBackupList(config.backups.dir, listBaseBackups(config), archiveFacts(config)));
    },
  },
  restore: {
    help:
      'embedded PostgreSQL, hub stopped: `restore [<backup>] [--to <time>|--latest]` brings back the latest state or the state at a time (ISO 8601, e.g. 2026-12-07T21:30:00Z) ' +
      'from a base backup and the WAL archive (the newest fitting backup when none is named). A pg_dump file: `restore <file> [--replace]` into an empty database (--replace replaces the present contents; stop the hubs first)',
    async run(args) {
      const { positional, flags } = parseArguments(args, ['--to'], ['--replace', '--latest']);
      const usage = 'usage: node dist/cli.js restore [<backup>] [--to <time>|--latest]   or   node dist/cli.js restore <file> [--replace]';
      if (positional.length > 1) throw new Error(usage);
      const config = loadConfig();
      const log = createLogger(config.logLevel, 'command');
      const [source] = positional;
      if (source !== undefined && existsSync(source) && statSync(source).isFile()) {
        if (flags.has('--to') || flags.has('--latest')) throw new Error(`--to and --latest are for base backups; ${source} is a file, restored whole. ${usage}`);
        const summary = await restoreDatabase(config, log, source, { replace: flags.has('--replace') });
        process.stdout.write(formatSummary('restored from', summary));
        return;
      }
      if (flags.has('--replace')) throw new Error(`--replace is for a pg_dump file; a base backup always replaces the embedded data folder. ${usage}`);
      if (flags.has('--to') && flags.has('--latest')) throw new Error(`--to and --latest exclude each other. ${usage}`);
      const result = await restoreBaseBackup(config, log, { backup: source, to: parseTime(flags.get('--to')) });
      process.stdout.write(formatRestore(result));
    },
  },
  'seed-demo': {
    help: 'load the demo data set (the office’s 2011 records); loading twice adds nothing',
    async run() {
      const config = loadConfig();
      const log = createLogger(config.logLevel, 'command');
      const database = await openDatabase(config, log);
      await loadDemoData(database.orm, log);
      await ensureDemoAccounts(database.orm.em.fork(), config.auth.demoPassword, log);
      await database.close();
    },
  },
  'demo-accounts': {
    help: 'make the demo accounts (admin, editor, analyst, viewer) with AMITY_DEMO_PASSWORD, without the demo data',
    async run() {
      const config = loadConfig();
      const log = createLogger(config.logLevel, 'command');
      const database = await openDatabase(config, log);
      await ensureDemoAccounts(database.orm.em.fork(), config.auth.demoPassword, log);
      await database.close();
    },
  },
  'create-admin': {
    help: 'make the first ADMIN: `create-admin <username>`, the password from AMITY_ADMIN_PASSWORD or typed on standard input',
    async run(args) {
      const username = args[0]?.trim().toLowerCase();
      if (!username) throw new Error('usage: node dist/cli.js create-admin <username>');
      const password = process.env.AMITY_ADMIN_PASSWORD ?? (await readStandardInput()).trim();
      const config = loadConfig();
      const log = createLogger(config.logLevel, 'command');
      const database = await openDatabase(config, log);
      try {
        const made = await ensureAdmin(database.orm.em.fork(), { username, password }, log);
        process.stdout.write(made ? `made ADMIN ${username}\n` : 'an ADMIN exists already: manage users through the API\n');
      } finally {
        await database.close();
      }
    },
  },
  'emit-schema': {
    help: 'write the GraphQL SDL to schema/schema.graphql (or the path given)',
    async run(args) {
      const orm = await offlineOrm();
      const { schema } = await buildAmitySchema(orm.getMetadata());
      const target = args[0] ?? schemaFile;
      writeFileSync(target, printAmitySchema(schema));
      process.stdout.write(`wrote ${target}\n`);
    },
  },
  'edge-view': {
    help: 'print the SQL of the edge view as the entities define it (for a new migration)',
    async run() {
      const orm = await offlineOrm();
      process.stdout.write(`${edgeViewSql(orm.getMetadata())}\n`);
    },
  },
  'pending-schema-changes': {
    help: 'developers: print the SQL that would bring DATABASE_URL to the entities (\'no changes\' when none)',
    async run() {
      const orm = await MikroORM.init(ormConfig({ clientUrl: process.env.DATABASE_URL ?? '' }));
      const sql = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, safe: true });
      process.stdout.write(`${sql.trim() || 'no changes'}\n`);
      await orm.close();
    },
  },
  'create-migration': {
    help: 'developers: write a migration for the difference between the entities and DATABASE_URL',
    async run() {
      const orm = await MikroORM.init(ormConfig({ clientUrl: process.env.DATABASE_URL ?? '' }));
      const result = await orm.getMigrator().createMigration(path.join(repositoryRoot, 'server/src/db/migrations'));
      process.stdout.write(`${result.fileName || 'no changes'}\n`);
      await orm.close();
    },
  },
};

/** Splits a command's arguments into positional ones and the flags it knows (`--to x`, `--force`); others are refused. */
function parseArguments(args: string[], withValue: string[], switches: string[] = []): { positional: string[]; flags: Map<string, string> } {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (withValue.includes(arg)) {
      const value = args[index + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value`);
      flags.set(arg, value);
      index += 1;
    } else if (switches.includes(arg)) {
      flags.set(arg, '');
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  return { positional, flags };
}

/** A moment given on the command line: ISO 8601, best with its zone (without one it is this machine's local time). */
function parseTime(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const moment = new Date(raw);
  if (Number.isNaN(moment.getTime())) throw new Error(`--to must be a time such as 2026-12-07T21:30:00Z (got "${raw}")`);
  return moment;
}

const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

type ArchiveFacts = ReturnType<typeof archiveFacts>;

function archiveLine(archive: ArchiveFacts): string {
  return `  WAL archive ${archive.files} files, ${mebibytes(archive.bytes)}${archive.newest ? `, the newest from ${archive.newest}` : ''}`;
}

function formatBaseBackup({ backup, removed, removedWalFiles }: BaseBackupResult, archive: ArchiveFacts): string {
  const lines = [
    `backed up to ${backup.folder} (${mebibytes(backup.bytes)})`,
    `  restores to ${backup.finishedAt} or any later time (PostgreSQL ${backup.serverVersion}, timeline ${backup.timeline}, WAL from ${backup.startWalFile})`,
    archiveLine(archive),
  ];
  if (removed.length > 0) lines.push(`  removed     ${removed.join(', ')} and ${removedWalFiles} WAL files only they needed`);
  return `${lines.join('\n')}\n`;
}

function formatBackupList(folder: string, backups: BaseBackup[], archive: ArchiveFacts): string {
  if (backups.length === 0) return `no base backups in ${folder}: take one with \`cli.js backup\`\n`;
  const lines = [`base backups in ${folder} (each restores to the time it finished or any later one):`];
  for (const backup of backups) lines.push(`  ${backup.name}  finished ${backup.finishedAt}  ${mebibytes(backup.bytes).padStart(10)}  timeline ${backup.timeline}`);
  lines.push(archiveLine(archive));
  lines.push(`  a restore can bring back any moment from ${backups[0].finishedAt} to the latest state`);
  return `${lines.join('\n')}\n`;
}

function formatRestore(result: RestoreResult): string {
  const lines = [
    `restored ${result.backup.name} to ${result.target === 'latest' ? 'the latest state' : result.target} (now timeline ${result.timeline}); start the hub`,
    ...formatCounts(result.counts),
  ];
  return `${lines.join('\n')}\n`;
}

/** A failure as words: a rejection may carry an Error without a message, or no Error at all. */
function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.message || `${error.name} (without a message)${error.stack ? `\n${error.stack}` : ''}`;
  if (error === undefined || error === null) return `failed without saying why (the rejection carried ${String(error)}); run again with LOG_LEVEL=debug to see more`;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

async function readStandardInput(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stderr.write(`usage: node dist/cli.js <command>\n${Object.entries(commands).map(([key, c]) => `  ${key.padEnd(18)}${c.help}`).join('\n')}\n`);
  process.exit(name ? 2 : 0);
}
command.run(args).then(
  () => process.exit(0),
  (error: unknown) => {
    // A failed statement's message holds its SQL and values (knex writes them in): not on the terminal or in a log.
    process.stderr.write(`${scrubText(describeFailure(error))}\n`);
    process.exit(1);
  },
);

import 'reflect-metadata';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig, repositoryRoot } from './config.js';
import { backupDatabase, formatCounts, formatSummary, restoreDatabase } from './db/backup.js';
import { archiveFacts, listBaseBackups, parseKeep, restoreBaseBackup, takeBaseBackup, type BaseBackup, type BaseBackupResult, type RestoreResult } from './db/base-backup.js';
import { openDatabase, runMigrations } from './db/database.js';
import { loadDemoData } from './db/demo/demo-data.js';
import { graphSchemaChanges } from './db/migration-generator.js';
import { ormConfig } from './db/mikro-orm.config.js';
import { scrubText } from './log-scrub.js';
import { createLogger } from './logger.js';
import { ensureAdmin, ensureDemoAccounts } from './auth/accounts.js';
import { buildAmitySchema, printAmitySchema } from './schema.js';

export const schemaFile = path.join(repositoryRoot, 'schema/schema.graphql');

/** The compiled migrations, as the ORM configuration finds them. */
const migrationsFolder = path.join(repositoryRoot, 'server/dist/db/migrations');

/** The ORM's metadata without a database: enough to print the schema. */
export async function offlineOrm(): Promise<MikroORM> {
  return MikroORM.init({ ...ormConfig({ clientUrl: 'postgres://offline@127.0.0.1:1/offline' }), connect: false });
}

/** A command's arguments as node:util's parseArgs reads them: options by their long name, and the positional ones. */
type CommandArguments = Pick<ReturnType<typeof parseArgs>, 'values' | 'positionals'>;

interface Command {
  help: string;
  /** The command's forms (without `node dist/cli.js`), shown when its arguments are wrong. */
  usage: string[];
  /** Its options (`--to <value>` is a string, `--force` a boolean); any other is refused. */
  options?: NonNullable<ParseArgsConfig['options']>;
  /** How many positional arguments it takes at most. */
  positionals?: number;
  run(args: CommandArguments): Promise<void>;
}

const text = (value: CommandArguments['values'][string]) => (typeof value === 'string' ? value : undefined);

const commands: Record<string, Command> = {
  migrate: {
    help: 'apply pending migrations to DATABASE_URL (or the embedded PostgreSQL) and load the countries; `--to <name>` stops after that migration (upgrade tests)',
    usage: ['migrate [--to <migration name>]'],
    options: { to: { type: 'string' } },
    async run({ values }) {
      const config = loadConfig();
      const log = createLogger(config.logLevel, 'command');
      const to = text(values.to);
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
    usage: ['backup [--keep N]', 'backup <file> [--force]'],
    options: { keep: { type: 'string' }, force: { type: 'boolean' } },
    positionals: 1,
    async run({ values, positionals }) {
      const usage = usageOf(commands.backup);
      const config = loadConfig();
      const log = createLogger(config.logLevel, 'command');
      if (positionals.length === 1) {
        if (values.keep !== undefined) throw new Error(`--keep rotates base backups (\`backup\` without a file); a file is one pg_dump archive. ${usage}`);
        const summary = await backupDatabase(config, log, positionals[0], { overwrite: values.force === true });
        process.stdout.write(formatSummary('backed up to', summary));
        return;
      }
      if (values.force) throw new Error(`--force replaces a pg_dump file; a base backup never replaces one. ${usage}`);
      const result = await takeBaseBackup(config, log, { keep: parseKeep(text(values.keep)) });
      process.stdout.write(formatBaseBackup(result, archiveFacts(config)));
    },
  },
  backups: {
    help: 'list the base backups of the embedded PostgreSQL and the WAL archive: the times a restore can bring back',
    usage: ['backups'],
    async run() {
      const config = loadConfig();
      process.stdout.write(formatBackupList(config.backups.dir, listBaseBackups(config), archiveFacts(config)));
    },
  },
  restore: {
    help:
      'embedded PostgreSQL, hub stopped: `restore [<backup>] [--to <time>|--latest]` brings back the latest state or the state at a time (ISO 8601, e.g. 2026-12-07T21:30:00Z) ' +
      'from a base backup and the WAL archive (the newest fitting backup when none is named). A pg_dump file: `restore <file> [--replace]` into an empty database (--replace replaces the present contents; stop the hubs first)',
    usage: ['restore [<backup>] [--to <time>|--latest]', 'restore <file> [--replace]'],
    options: { to: { type: 'string' }, latest: { type: 'boolean' }, replace: { type: 'boolean' } },
    positionals: 1,
    async run({ values, positionals }) {
      const usage = usageOf(commands.restore);
      const config = loadConfig();
      const log = createLogger(config.logLevel, 'command');
      const [source] = positionals;
      if (source !== undefined && existsSync(source) && statSync(source).isFile()) {
        if (values.to !== undefined || values.latest) throw new Error(`--to and --latest are for base backups; ${source} is a file, restored whole. ${usage}`);
        const summary = await restoreDatabase(config, log, source, { replace: values.replace === true });
        process.stdout.write(formatSummary('restored from', summary));
        return;
      }
      if (values.replace) throw new Error(`--replace is for a pg_dump file; a base backup always replaces the embedded data folder. ${usage}`);
      if (values.to !== undefined && values.latest) throw new Error(`--to and --latest exclude each other. ${usage}`);
      const result = await restoreBaseBackup(config, log, { backup: source, to: parseTime(text(values.to)) });
      process.stdout.write(formatRestore(result));
    },
  },
  'seed-demo': {
    help: 'load the demo data set (the office’s 2011 records); loading twice adds nothing',
    usage: ['seed-demo'],
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
    usage: ['demo-accounts'],
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
    usage: ['create-admin <username>'],
    positionals: 1,
    async run({ positionals }) {
      const username = positionals[0]?.trim().toLowerCase();
      if (!username) throw new Error(usageOf(commands['create-admin']));
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
    usage: ['emit-schema [<file>]'],
    positionals: 1,
    async run({ positionals }) {
      const orm = await offlineOrm();
      const { schema } = await buildAmitySchema(orm.getMetadata());
      const target = positionals[0] ?? schemaFile;
      writeFileSync(target, printAmitySchema(schema));
      process.stdout.write(`wrote ${target}\n`);
    },
  },
  'pending-schema-changes': {
    help: 'developers: print the SQL that would bring DATABASE_URL to the entities, node-sync triggers and edge view included (\'no changes\' when none)',
    usage: ['pending-schema-changes'],
    async run() {
      const orm = await MikroORM.init(ormConfig({ clientUrl: process.env.DATABASE_URL ?? '' }));
      const schemaChanges = (await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, safe: true })).trim();
      const statements = await graphSchemaChanges(orm.em.getDriver(), schemaChanges ? [schemaChanges] : []);
      process.stdout.write(`${statements.join('\n').trim() || 'no changes'}\n`);
      await orm.close();
    },
  },
  'create-migration': {
    help: 'developers: `create-migration <snake_case_name>` writes a migration for the difference between the entities and DATABASE_URL (as `migration:create --name` does)',
    usage: ['create-migration <snake_case_name>'],
    positionals: 1,
    async run({ positionals }) {
      if (positionals.length !== 1) throw new Error(usageOf(commands['create-migration']));
      const orm = await MikroORM.init(ormConfig({ clientUrl: process.env.DATABASE_URL ?? '' }));
      const result = await orm.getMigrator().createMigration(undefined, false, false, positionals[0]);
      process.stdout.write(`${result.fileName || 'no changes'}\n`);
      await orm.close();
    },
  },
};

function usageOf(command: Command): string {
  return `usage: ${command.usage.map((form) => `node dist/cli.js ${form}`).join('   or   ')}`;
}

/**
 * A command's arguments, or an error naming what is wrong with them (an unknown option, an option without its
 * value, one positional argument too many) followed by the command's usage.
 */
function commandArguments(name: string, command: Command, args: string[]): CommandArguments {
  const usage = usageOf(command);
  let parsed: CommandArguments;
  try {
    parsed = parseArgs({ args, options: command.options ?? {}, allowPositionals: true, strict: true });
  } catch (error) {
    throw new Error(`${name}: ${(error as Error).message}\n${usage}`);
  }
  const allowed = command.positionals ?? 0;
  if (parsed.positionals.length > allowed) {
    const extra = parsed.positionals.slice(allowed).map((arg) => `"${arg}"`).join(', ');
    throw new Error(`${name}: unexpected argument${parsed.positionals.length - allowed > 1 ? 's' : ''} ${extra}\n${usage}`);
  }
  return parsed;
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
let commandArgs: CommandArguments;
try {
  commandArgs = commandArguments(name, command, args);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
command.run(commandArgs).then(
  () => process.exit(0),
  (error: unknown) => {
    // A failed statement's message holds its SQL and values (knex writes them in): not on the terminal or in a log.
    process.stderr.write(`${scrubText(describeFailure(error))}\n`);
    process.exit(1);
  },
);

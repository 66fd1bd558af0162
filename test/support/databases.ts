import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** The URL of another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs work on a connection to the server's `postgres` database (allowed to create and drop databases). */
export async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('adminUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database of this run: a copy of a template (`demo` data or `empty`: countries only), or blank, or a
 * copy of another database of the server (`copyOf`, e.g. a generated benchmark database).
 */
export async function createTestDatabase(template: 'demo' | 'empty' | 'blank', copyOf?: string): Promise<TestDatabase> {
  const name = `${inject('databasePrefix')}_${randomBytes(6).toString('hex')}`;
  const source = copyOf ?? (template === 'blank' ? undefined : inject('templates')[template]);
  await admin((client) => client.query(source ? `create database "${name}" template "${source}"` : `create database "${name}"`));
  return {
    url: withDatabase(inject('adminUrl'), name),
    drop: () => admin((client) => client.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}

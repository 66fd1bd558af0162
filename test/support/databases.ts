import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** The same server's URL for another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('adminUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database of this run: a copy of a template (`demo` data or `empty`: countries only), or blank. */
export async function createTestDatabase(template: 'demo' | 'empty' | 'blank'): Promise<TestDatabase> {
  const name = `${inject('databasePrefix')}_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(template === 'blank' ? `create database "${name}"` : `create database "${name}" template "${inject('templates')[template]}"`));
  return {
    url: withDatabase(inject('adminUrl'), name),
    drop: () => admin((client) => client.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}
